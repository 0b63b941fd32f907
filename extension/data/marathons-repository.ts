import {
  collection,
  type DocumentSnapshot,
  doc,
  type Firestore,
  getCountFromServer,
  getDoc,
  getDocFromCache,
  getDocs,
  getDocsFromCache,
  increment,
  limit,
  orderBy,
  type QueryDocumentSnapshot,
  query,
  serverTimestamp,
  startAfter,
  Timestamp,
  type Unsubscribe,
  type WriteBatch,
  where,
  writeBatch,
} from 'firebase/firestore';
import { logDelta, MAX_RUNNING_MARATHONS, marathonState, marathonsToLog, unfinishedCount } from '../../shared/marathon';
import {
  formatInviteCode,
  INVITE_SECRET_ALPHABET,
  INVITE_SECRET_LENGTH,
  MARATHON_LIMITS,
  type Marathon,
  type MarathonInput,
  MarathonInputSchema,
  type MarathonLog,
  MarathonLogSchema,
  MarathonSchema,
  type Membership,
  MembershipSchema,
  type Participant,
  ParticipantSchema,
  parseInviteCode,
} from '../../shared/schemas/marathon';
import { listenDoc, onSnapshot } from './listen';
import { timestampsToDates } from './timestamps';

/**
 * Reading marathons (독서마라톤): marathons/{id} with participants/{uid}, logs/{logId} and invites/{code},
 * and the reader's own list users/{uid}/marathons/{id}. The shelf hook (addMarathonLogs, called by
 * extension/data/shelf-repository.ts) appends one log per running marathon to the SAME batch as the
 * shelf change and moves the participant's total by exactly its delta; firebase/firestore.rules checks
 * both sides (see the DECISION there).
 */

export const MARATHON_ERROR_CODES = [
  'invalid-title',
  'end-before-start',
  'too-long',
  'already-ended',
  'invalid-target',
  'invalid-target-books',
  'invalid-code',
  'code-refused',
  'too-many-running',
  'not-member',
  'not-found',
  'ended',
  'offline',
  'failed',
] as const;
export type MarathonErrorCode = (typeof MARATHON_ERROR_CODES)[number];

/** A marathon input or action the reader can act on (the UI shows a translated message per code). */
export class MarathonError extends Error {
  override name = 'MarathonError';
  constructor(
    readonly code: MarathonErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export const LEADERBOARD_SIZE = 10;
const LOG_PAGE = 200;
const DAY_MS = 86_400_000;

const marathonRef = (db: Firestore, id: string) => doc(db, 'marathons', id);
const participantRef = (db: Firestore, id: string, uid: string) => doc(db, 'marathons', id, 'participants', uid);
const membershipRef = (db: Firestore, uid: string, id: string) => doc(db, 'users', uid, 'marathons', id);
const participantsCol = (db: Firestore, id: string) => collection(db, 'marathons', id, 'participants');
const logsCol = (db: Firestore, id: string) => collection(db, 'marathons', id, 'logs');

/**
 * Every query the marathon code runs, built here and nowhere else, so the index test
 * (marathons-indexes.test.ts) checks the very query objects against firebase/firestore.indexes.json.
 */
export const marathonQueries = {
  /** Top 10 by pages among readers not hidden. */
  leaderboard: (db: Firestore, marathonId: string) =>
    query(participantsCol(db, marathonId), where('hidden', '==', false), orderBy('pages', 'desc'), limit(LEADERBOARD_SIZE)),
  /**
   * Readers not hidden with more pages (for count()). Ordered by pages descending like the leaderboard, so
   * one composite index (hidden ASC, pages DESC) serves both: without the orderBy the range filter sorts
   * ascending and would need a second index.
   */
  rank: (db: Firestore, marathonId: string, pages: number) =>
    query(participantsCol(db, marathonId), where('hidden', '==', false), where('pages', '>', pages), orderBy('pages', 'desc')),
  /** A club's marathons, ending soonest first, at most 20. */
  club: (db: Firestore, clubId: string) =>
    query(collection(db, 'marathons'), where('clubId', '==', clubId), orderBy('endAt', 'asc'), limit(20)),
  /** A club's marathons not ended at `now`, ending soonest first. */
  clubRunning: (db: Firestore, clubId: string, now: Date) =>
    query(
      collection(db, 'marathons'),
      where('clubId', '==', clubId),
      where('endAt', '>', Timestamp.fromDate(now)),
      orderBy('endAt', 'asc'),
      limit(5),
    ),
  /** The reader's own logs, newest first, a page after the cursor. */
  logs: (db: Firestore, marathonId: string, uid: string, after?: QueryDocumentSnapshot) =>
    after
      ? query(logsCol(db, marathonId), where('uid', '==', uid), orderBy('at', 'desc'), startAfter(after), limit(LOG_PAGE))
      : query(logsCol(db, marathonId), where('uid', '==', uid), orderBy('at', 'desc'), limit(LOG_PAGE)),
};

function parseMarathon(snap: DocumentSnapshot): Marathon | null {
  if (!snap.exists()) return null;
  const parsed = MarathonSchema.safeParse(timestampsToDates(snap.data({ serverTimestamps: 'estimate' })));
  return parsed.success ? { ...parsed.data, id: snap.id } : null;
}
function parseParticipant(snap: DocumentSnapshot): Participant | null {
  if (!snap.exists()) return null;
  const parsed = ParticipantSchema.safeParse(timestampsToDates(snap.data({ serverTimestamps: 'estimate' })));
  return parsed.success ? parsed.data : null;
}
function parseMembership(snap: DocumentSnapshot): Membership | null {
  const parsed = MembershipSchema.safeParse(timestampsToDates(snap.data({ serverTimestamps: 'estimate' })));
  return parsed.success ? parsed.data : null;
}
function parseLog(snap: QueryDocumentSnapshot): MarathonLog | null {
  const parsed = MarathonLogSchema.safeParse(timestampsToDates(snap.data()));
  return parsed.success ? { ...parsed.data, id: snap.id } : null;
}

/** Check a create-form input; throws MarathonError with the first thing the reader should fix. */
export function validateMarathonInput(input: MarathonInput, now = new Date()): MarathonInput {
  const title = input.title.trim();
  if (title.length === 0 || title.length > MARATHON_LIMITS.title) throw new MarathonError('invalid-title');
  if (!(input.startAt instanceof Date) || Number.isNaN(input.startAt.getTime())) throw new MarathonError('end-before-start');
  if (!(input.endAt instanceof Date) || Number.isNaN(input.endAt.getTime())) throw new MarathonError('end-before-start');
  if (input.endAt <= input.startAt) throw new MarathonError('end-before-start');
  if (input.endAt.getTime() - input.startAt.getTime() > MARATHON_LIMITS.maxDays * DAY_MS) throw new MarathonError('too-long');
  if (input.endAt <= now) throw new MarathonError('already-ended');
  const { min, max } = MARATHON_LIMITS.targetPages;
  if (!Number.isInteger(input.targetPages) || input.targetPages < min || input.targetPages > max)
    throw new MarathonError('invalid-target');
  const books = MARATHON_LIMITS.targetBooks;
  if (
    input.targetBooks !== null &&
    (!Number.isInteger(input.targetBooks) || input.targetBooks < books.min || input.targetBooks > books.max)
  )
    throw new MarathonError('invalid-target-books');
  const parsed = MarathonInputSchema.safeParse({ ...input, title });
  if (!parsed.success) throw new MarathonError('invalid-title', parsed.error.issues[0]?.message);
  return parsed.data;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const n = INVITE_SECRET_ALPHABET.length;
  let out = '';
  for (const b of bytes) {
    if (b >= 256 - (256 % n)) continue;
    out += INVITE_SECRET_ALPHABET[b % n];
    if (out.length === INVITE_SECRET_LENGTH) break;
  }
  return out.length === INVITE_SECRET_LENGTH ? out : randomSecret();
}

export type Reader = { uid: string; displayName: string };

function membershipFields(id: string, m: Omit<Marathon, 'id' | 'ownerUid' | 'createdAt'>) {
  return {
    marathonId: id,
    title: m.title,
    clubId: m.clubId,
    startAt: Timestamp.fromDate(m.startAt),
    endAt: Timestamp.fromDate(m.endAt),
    targetPages: m.targetPages,
    targetBooks: m.targetBooks,
    bookIsbn: m.book?.isbn13 ?? null,
    joinedAt: serverTimestamp(),
  };
}

function participantFields(reader: Reader, inviteCode?: string) {
  return {
    uid: reader.uid,
    displayName: Array.from(reader.displayName.trim() || '?')
      .slice(0, 40)
      .join(''),
    pages: 0,
    books: 0,
    hidden: false,
    lastLogId: null,
    joinedAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
    ...(inviteCode ? { inviteCode } : {}),
  };
}

function errorCode(err: unknown): string | undefined {
  return (err as { code?: string }).code;
}

/** Refuse joining a 4th marathon that has not ended (the batch budget; shared/marathon.ts). */
function checkCap(memberships: readonly Membership[], now: Date, joining?: { startAt: Date; endAt: Date }): void {
  if (joining && marathonState(joining, now) === 'ended') throw new MarathonError('ended');
  if (unfinishedCount(memberships, now) >= MAX_RUNNING_MARATHONS) throw new MarathonError('too-many-running');
}

// ------------------------------------------------------------------------ the reader's marathons (tracker)

/**
 * Per Firestore instance and reader: a live copy of users/{uid}/marathons, which the shelf hook reads
 * synchronously. Started by the shelf's watch (or the first shelf write); `ready` settles at the first
 * snapshot, or after 2 s with what the cache has (offline with an empty cache: nothing to log to).
 */
type Tracker = { memberships: Membership[]; loaded: boolean; ready: Promise<void>; stop: Unsubscribe };
const trackers = new WeakMap<Firestore, Map<string, Tracker>>();

export function trackMemberships(db: Firestore, uid: string): Tracker {
  let byUid = trackers.get(db);
  if (!byUid) {
    byUid = new Map();
    trackers.set(db, byUid);
  }
  const known = byUid.get(uid);
  if (known) return known;
  let settle: () => void = () => {};
  const tracker: Tracker = {
    memberships: [],
    loaded: false,
    ready: new Promise<void>((resolve) => {
      settle = resolve;
    }),
    stop: () => {},
  };
  const col = collection(db, 'users', uid, 'marathons');
  const done = () => {
    tracker.loaded = true;
    settle();
  };
  tracker.stop = onSnapshot(
    col,
    (snap) => {
      tracker.memberships = snap.docs.map(parseMembership).filter((m): m is Membership => m !== null);
      done();
    },
    () => {
      // Refused or failed: forget this tracker so the next write asks again; log to nothing meanwhile.
      byUid.delete(uid);
      done();
    },
  );
  setTimeout(() => {
    if (tracker.loaded) return;
    getDocsFromCache(col)
      .then((snap) => {
        if (tracker.loaded) return;
        tracker.memberships = snap.docs.map(parseMembership).filter((m): m is Membership => m !== null);
      })
      .catch(() => {})
      .finally(done);
  }, 2000);
  byUid.set(uid, tracker);
  return tracker;
}

/** Settles once the reader's marathons are known (the shelf view's listener starts this at mount). */
export function marathonsReady(db: Firestore, uid: string): Promise<void> {
  return trackMemberships(db, uid).ready;
}

/** Stop tracking (sign-out). */
export function stopTrackingMemberships(db: Firestore, uid: string): void {
  const t = trackers.get(db)?.get(uid);
  t?.stop();
  trackers.get(db)?.delete(uid);
}

// ------------------------------------------------------------------------------------------ shelf hook

/** One log the shelf batch will carry. */
export type PlannedLog = { marathonId: string; logId: string; isbn13: string; delta: number; books: number; at: Date };

/**
 * The logs a shelf change counts as: one per marathon the reader is in that is running at `at` (and about
 * this book, if it names one), at most MAX_RUNNING_MARATHONS. A page decrease is a compensating log of at
 * most the pages the reader has in that marathon as far as the cache knows (nothing known: no log).
 * Returns an array at once when it can, else a promise (memberships still loading, or a decrease).
 */
export function planMarathonLogs(
  db: Firestore,
  uid: string,
  isbn13: string,
  change: { pages: number; books: number },
  at: Date,
): PlannedLog[] | Promise<PlannedLog[]> {
  if (change.pages === 0 && change.books === 0) return [];
  const tracker = trackMemberships(db, uid);
  const build = (pagesKnown: Map<string, number>): PlannedLog[] =>
    marathonsToLog(tracker.memberships, isbn13, at)
      .map((m) => ({
        marathonId: m.marathonId,
        logId: doc(logsCol(db, m.marathonId)).id,
        isbn13,
        delta: change.pages >= 0 ? change.pages : logDelta(change.pages, pagesKnown.get(m.marathonId) ?? 0),
        books: change.books,
        at,
      }))
      .filter((log) => log.delta !== 0 || log.books !== 0);
  if (tracker.loaded && change.pages >= 0) return build(new Map());
  return tracker.ready.then(async () => {
    if (change.pages >= 0) return build(new Map());
    const known = new Map<string, number>();
    await Promise.all(
      marathonsToLog(tracker.memberships, isbn13, at).map(async (m) => {
        const snap = await getDocFromCache(participantRef(db, m.marathonId, uid)).catch(() => null);
        const p = snap ? parseParticipant(snap) : null;
        if (p) known.set(m.marathonId, p.pages);
      }),
    );
    return build(known);
  });
}

/** Add the planned logs to the shelf's batch: the log, and the participant's total moved by its delta. */
export function addMarathonLogs(batch: WriteBatch, db: Firestore, uid: string, logs: readonly PlannedLog[]): void {
  for (const log of logs) {
    batch.set(doc(logsCol(db, log.marathonId), log.logId), {
      uid,
      isbn13: log.isbn13,
      delta: log.delta,
      books: log.books,
      at: Timestamp.fromDate(log.at),
    });
    batch.update(participantRef(db, log.marathonId, uid), {
      pages: increment(log.delta),
      books: increment(log.books),
      lastLogId: log.logId,
      updatedAt: serverTimestamp(),
    });
  }
}

// -------------------------------------------------------------------------------------- the repository

export type Created = { id: string; inviteCode: string | null; synced: Promise<void> };

export function marathonsRepository(db: Firestore) {
  return {
    /**
     * Create a marathon and join it (one batch: marathon, the owner's participant row and list entry,
     * and for a personal marathon its invite code). A club marathon is for a club the reader hosts.
     */
    async create(reader: Reader, input: MarathonInput, now = new Date()): Promise<Created> {
      const checked = validateMarathonInput(input, now);
      const tracker = trackMemberships(db, reader.uid);
      await tracker.ready;
      checkCap(tracker.memberships, now);
      const ref = doc(collection(db, 'marathons'));
      const batch = writeBatch(db);
      batch.set(ref, {
        title: checked.title,
        ownerUid: reader.uid,
        clubId: checked.clubId,
        startAt: Timestamp.fromDate(checked.startAt),
        endAt: Timestamp.fromDate(checked.endAt),
        targetPages: checked.targetPages,
        targetBooks: checked.targetBooks,
        book: checked.book,
        createdAt: serverTimestamp(),
      });
      let inviteCode: string | null = null;
      if (checked.clubId === null) {
        const secret = randomSecret();
        batch.set(doc(db, 'marathons', ref.id, 'invites', secret), { createdAt: serverTimestamp() });
        inviteCode = formatInviteCode(ref.id, secret);
      }
      batch.set(participantRef(db, ref.id, reader.uid), participantFields(reader));
      batch.set(membershipRef(db, reader.uid, ref.id), membershipFields(ref.id, checked));
      const synced = batch.commit().catch((err: unknown) => {
        throw new MarathonError(errorCode(err) === 'permission-denied' ? 'not-member' : 'failed', String(err));
      });
      return { id: ref.id, inviteCode, synced };
    },

    /** Join a club's marathon (the reader is a member of the club) in one batch. */
    async joinClubMarathon(reader: Reader, marathon: Marathon, now = new Date()): Promise<void> {
      const tracker = trackMemberships(db, reader.uid);
      await tracker.ready;
      if (tracker.memberships.some((m) => m.marathonId === marathon.id)) return;
      checkCap(tracker.memberships, now, marathon);
      const batch = writeBatch(db);
      batch.set(participantRef(db, marathon.id, reader.uid), participantFields(reader));
      batch.set(membershipRef(db, reader.uid, marathon.id), membershipFields(marathon.id, marathon));
      await batch.commit().catch((err: unknown) => {
        throw new MarathonError(errorCode(err) === 'permission-denied' ? 'not-member' : 'failed', String(err));
      });
    },

    /**
     * Join a personal marathon by its invite code: the participant row names the code (the rules check it
     * exists), then, once the marathon is readable, the reader's list entry. Needs a connection.
     */
    async joinByCode(reader: Reader, code: string, now = new Date()): Promise<string> {
      const parsed = parseInviteCode(code);
      if (!parsed) throw new MarathonError('invalid-code');
      const tracker = trackMemberships(db, reader.uid);
      await tracker.ready;
      if (tracker.memberships.some((m) => m.marathonId === parsed.marathonId)) return parsed.marathonId;
      checkCap(tracker.memberships, now);
      if (typeof navigator !== 'undefined' && navigator.onLine === false) throw new MarathonError('offline');
      const pRef = participantRef(db, parsed.marathonId, reader.uid);
      const first = writeBatch(db);
      first.set(pRef, participantFields(reader, parsed.secret));
      await first.commit().catch((err: unknown) => {
        throw new MarathonError(errorCode(err) === 'permission-denied' ? 'code-refused' : 'failed', String(err));
      });
      const marathon = parseMarathon(await getDoc(marathonRef(db, parsed.marathonId)));
      if (!marathon) throw new MarathonError('not-found');
      const second = writeBatch(db);
      second.set(membershipRef(db, reader.uid, marathon.id), membershipFields(marathon.id, marathon));
      await second.commit();
      return marathon.id;
    },

    /** Leave: the participant row and the reader's list entry go together (the logs stay, append-only). */
    leave(uid: string, marathonId: string): Promise<void> {
      const batch = writeBatch(db);
      batch.delete(participantRef(db, marathonId, uid));
      batch.delete(membershipRef(db, uid, marathonId));
      return batch.commit();
    },

    /** Hide from (or show on) the leaderboard. */
    setHidden(uid: string, marathonId: string, hidden: boolean): Promise<void> {
      const batch = writeBatch(db);
      batch.update(participantRef(db, marathonId, uid), { hidden, updatedAt: serverTimestamp() });
      return batch.commit();
    },

    /** The owner's invite code of a personal marathon (null for others and for club marathons). */
    async inviteCode(marathonId: string): Promise<string | null> {
      // The creator's own device has the invite in its cache at once (the server may not have the batch yet,
      // and would refuse the list until it has); other devices ask the server.
      const invites = query(collection(db, 'marathons', marathonId, 'invites'), limit(1));
      const cached = await getDocsFromCache(invites).catch(() => null);
      const snap = cached && !cached.empty ? cached : await getDocs(invites);
      const first = snap.docs[0];
      return first ? formatInviteCode(marathonId, first.id) : null;
    },

    /** Delete a marathon (owner). The readers' list entries are cleaned up when their view finds it gone. */
    remove(uid: string, marathonId: string): Promise<void> {
      const batch = writeBatch(db);
      batch.delete(participantRef(db, marathonId, uid));
      batch.delete(membershipRef(db, uid, marathonId));
      batch.delete(marathonRef(db, marathonId));
      return batch.commit();
    },

    /** Forget a marathon that no longer exists (its owner deleted it). */
    forget(uid: string, marathonId: string): Promise<void> {
      const batch = writeBatch(db);
      batch.delete(membershipRef(db, uid, marathonId));
      return batch.commit();
    },

    /** The reader's marathons (their own list), ending soonest first. */
    watchMine(uid: string, onChange: (items: Membership[]) => void, onError: (err: Error) => void): Unsubscribe {
      trackMemberships(db, uid);
      return onSnapshot(
        collection(db, 'users', uid, 'marathons'),
        (snap) =>
          onChange(
            snap.docs
              .map(parseMembership)
              .filter((m): m is Membership => m !== null)
              .sort((a, b) => a.endAt.getTime() - b.endAt.getTime()),
          ),
        onError,
      );
    },

    watch(marathonId: string, onChange: (m: Marathon | null) => void, onError: (err: Error) => void): Unsubscribe {
      return listenDoc(marathonRef(db, marathonId), (snap) => onChange(parseMarathon(snap)), onError);
    },

    async get(marathonId: string): Promise<Marathon | null> {
      return parseMarathon(await getDoc(marathonRef(db, marathonId)));
    },

    /** One reader's row, live. `countReads` (bench/marathon.ts) receives the documents the server delivered. */
    watchParticipant(
      marathonId: string,
      uid: string,
      onChange: (p: Participant | null) => void,
      onError: (err: Error) => void,
      countReads?: (n: number) => void,
    ): Unsubscribe {
      return listenDoc(
        participantRef(db, marathonId, uid),
        (snap) => {
          if (countReads && !snap.metadata.fromCache && !snap.metadata.hasPendingWrites) countReads(1);
          onChange(parseParticipant(snap));
        },
        onError,
        { includeMetadataChanges: countReads !== undefined },
      );
    },

    async getParticipant(marathonId: string, uid: string): Promise<Participant | null> {
      return parseParticipant(await getDoc(participantRef(db, marathonId, uid)));
    },

    /**
     * The leaderboard: the top 10 by pages among readers not hidden, live (10 reads on attach, then 1 per
     * changed row).
     */
    watchLeaderboard(
      marathonId: string,
      onChange: (rows: Participant[], meta: { fromCache: boolean; changed: number }) => void,
      onError: (err: Error) => void,
      countReads?: (n: number) => void,
    ): Unsubscribe {
      const q = marathonQueries.leaderboard(db, marathonId);
      return onSnapshot(
        q,
        { includeMetadataChanges: countReads !== undefined },
        (snap) => {
          const changes = snap.docChanges({ includeMetadataChanges: countReads !== undefined });
          if (countReads && !snap.metadata.fromCache) {
            // Billed: each document the server sends (added or changed rows, and its confirmation of a
            // local write); a row leaving the top 10 costs nothing.
            countReads(changes.filter((c) => c.type !== 'removed' && !c.doc.metadata.hasPendingWrites).length);
          }
          onChange(
            snap.docs.map(parseParticipant).filter((p): p is Participant => p !== null),
            { fromCache: snap.metadata.fromCache, changed: changes.length },
          );
        },
        onError,
      );
    },

    /** The reader's rank among readers not hidden: 1 + count() of those with more pages (1 read per 1,000). */
    async rank(marathonId: string, pages: number): Promise<number> {
      const snap = await getCountFromServer(marathonQueries.rank(db, marathonId, pages));
      return snap.data().count + 1;
    },

    /** A club's marathons (members may list them), ending soonest first, at most 20. */
    watchClub(clubId: string, onChange: (items: Marathon[]) => void, onError: (err: Error) => void): Unsubscribe {
      const q = marathonQueries.club(db, clubId);
      return onSnapshot(q, (snap) => onChange(snap.docs.map(parseMarathon).filter((m): m is Marathon => m !== null)), onError);
    },

    /** The club's running marathon ending soonest (not ended yet; the first already started). */
    watchClubRunning(
      clubId: string,
      onChange: (m: Marathon | null) => void,
      onError: (err: Error) => void,
      now: () => Date = () => new Date(),
    ): Unsubscribe {
      const q = marathonQueries.clubRunning(db, clubId, now());
      return onSnapshot(
        q,
        (snap) => {
          const t = now();
          const running = snap.docs
            .map(parseMarathon)
            .filter((m): m is Marathon => m !== null && marathonState(m, t) === 'running');
          onChange(running[0] ?? null);
        },
        onError,
      );
    },

    /** The reader's own logs in a marathon, newest first, a page at a time (cursor: the last log's snapshot). */
    async logs(
      marathonId: string,
      uid: string,
      after?: QueryDocumentSnapshot,
    ): Promise<{ logs: MarathonLog[]; cursor: QueryDocumentSnapshot | null }> {
      const snap = await getDocs(marathonQueries.logs(db, marathonId, uid, after));
      const logs = snap.docs.map(parseLog).filter((l): l is MarathonLog => l !== null);
      const last = snap.docs.length === LOG_PAGE ? (snap.docs[snap.docs.length - 1] ?? null) : null;
      return { logs, cursor: last };
    },

    /** The reader's newest logs, live (the history refreshes as pages are logged, offline too). */
    watchLogs(
      marathonId: string,
      uid: string,
      onChange: (logs: MarathonLog[]) => void,
      onError: (err: Error) => void,
    ): Unsubscribe {
      const q = marathonQueries.logs(db, marathonId, uid);
      return onSnapshot(q, (snap) => onChange(snap.docs.map(parseLog).filter((l): l is MarathonLog => l !== null)), onError);
    },
  };
}

export type MarathonsRepository = ReturnType<typeof marathonsRepository>;
