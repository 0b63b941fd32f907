import {
  arrayRemove,
  arrayUnion,
  collection,
  type DocumentReference,
  type DocumentSnapshot,
  deleteField,
  doc,
  documentId,
  type Firestore,
  getDoc,
  getDocFromCache,
  getDocFromServer,
  getDocs,
  limit,
  orderBy,
  type Query,
  query,
  serverTimestamp,
  startAfter,
  type Unsubscribe,
  where,
  writeBatch,
} from 'firebase/firestore';
import { levelFor } from '../../shared/levels';
import { generateRoomCode } from '../../shared/room-code';
import {
  CLUB_LIMITS,
  type Club,
  type ClubBook,
  ClubBookSchema,
  ClubDocSchema,
  ClubIndexSchema,
  type ClubInvite,
  ClubInviteSchema,
  type ClubMember,
  ClubMemberSchema,
  generateInviteCode,
  InviteCodeSchema,
  type JoinRequest,
  JoinRequestSchema,
  leads,
  type Meeting,
  MeetingDocSchema,
  type MeetingInput,
  MeetingInputSchema,
  type NewClub,
  NewClubSchema,
  roleIn,
} from '../../shared/schemas/club';
import { DisplayNameSchema } from '../../shared/schemas/user-profile';
import { listenDoc, onSnapshot } from './listen';
import { statsRepository } from './stats-repository';
import { timestampsToDates } from './timestamps';

/**
 * Clubs (issue 11) in Firestore: clubs/{clubId} with its members map, clubs/{clubId}/members/{uid},
 * clubs/{clubId}/requests/{uid}, clubs/{clubId}/private/invite, clubInvites/{code} and the reader's own
 * users/{uid}/clubs/index. Every membership change is ONE batch that writes both sides (the member
 * document and the club's map, naming the reader in lastMemberUid), as firebase/firestore.rules requires.
 * Everything read back is parsed with the zod schemas of shared/schemas/club.ts.
 */

export const CLUB_ERROR_CODES = [
  'invalid-input',
  'too-many-clubs',
  'invite-not-found',
  'already-member',
  'host-cannot-leave',
  'not-allowed',
  'club-full',
  'not-found',
] as const;
export type ClubErrorCode = (typeof CLUB_ERROR_CODES)[number];

/** A club action that cannot go ahead, with a code the UI turns into a sentence (en/ko). */
export class ClubError extends Error {
  constructor(
    readonly code: ClubErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClubError';
  }
}

const isDenied = (err: unknown) => (err as { code?: string }).code === 'permission-denied';

/** A refused write becomes a ClubError (the reader sees "not allowed"), anything else passes through. */
async function commit(batch: ReturnType<typeof writeBatch>): Promise<void> {
  try {
    await batch.commit();
  } catch (err) {
    if (isDenied(err)) throw new ClubError('not-allowed', 'Firestore refused this club change.');
    throw err;
  }
}

function parseClub(snap: DocumentSnapshot): Club | null {
  if (!snap.exists()) return null;
  const parsed = ClubDocSchema.safeParse(timestampsToDates(snap.data({ serverTimestamps: 'estimate' })));
  return parsed.success ? { id: snap.id, ...parsed.data } : null;
}
function parseWith<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, snap: DocumentSnapshot): T | null {
  if (!snap.exists()) return null;
  const parsed = schema.safeParse(timestampsToDates(snap.data({ serverTimestamps: 'estimate' })));
  return parsed.success ? (parsed.data as T) : null;
}

export type MemberWithLevel = ClubMember & { level: number | null };
export type MembersPage = { members: MemberWithLevel[]; cursor: DocumentSnapshot | null; hasMore: boolean };
export type JoinOutcome = 'joined' | 'requested' | 'already-member';

export function clubsRepository(db: Firestore) {
  const clubRef = (id: string) => doc(db, 'clubs', id);
  const memberRef = (id: string, uid: string) => doc(db, 'clubs', id, 'members', uid);
  const requestRef = (id: string, uid: string) => doc(db, 'clubs', id, 'requests', uid);
  const privateInviteRef = (id: string) => doc(db, 'clubs', id, 'private', 'invite');
  const inviteRef = (code: string) => doc(db, 'clubInvites', code);
  const indexRef = (uid: string): DocumentReference => doc(db, 'users', uid, 'clubs', 'index');
  const stats = statsRepository(db);

  async function readIndex(uid: string): Promise<string[]> {
    const snap = await getDoc(indexRef(uid));
    return parseWith(ClubIndexSchema, snap)?.clubIds ?? [];
  }
  /** The list as best known: the server's, or the local cache's while the client counts itself offline. */
  async function knownIndex(uid: string): Promise<string[]> {
    try {
      return await readIndex(uid);
    } catch (err) {
      if ((err as { code?: string }).code !== 'unavailable') throw err;
      const cached = await getDocFromCache(indexRef(uid)).catch(() => null);
      return (cached && parseWith(ClubIndexSchema, cached)?.clubIds) ?? [];
    }
  }
  /** Before a join or request: the club must fit on the reader's list of 8. */
  // (The rules enforce the limit too: this only turns a refusal into a sentence before writing.)
  async function checkRoom(uid: string, clubId: string | null): Promise<void> {
    const ids = await knownIndex(uid);
    if (clubId && ids.includes(clubId)) return;
    if (ids.length >= CLUB_LIMITS.clubsPerReader)
      throw new ClubError('too-many-clubs', `A reader can be in at most ${CLUB_LIMITS.clubsPerReader} clubs.`);
  }
  function addToIndex(batch: ReturnType<typeof writeBatch>, uid: string, clubId: string) {
    batch.set(indexRef(uid), { clubIds: arrayUnion(clubId), updatedAt: serverTimestamp() }, { merge: true });
  }
  function removeFromIndex(batch: ReturnType<typeof writeBatch>, uid: string, clubId: string) {
    batch.set(indexRef(uid), { clubIds: arrayRemove(clubId), updatedAt: serverTimestamp() }, { merge: true });
  }
  function name(displayName: string): string {
    const parsed = DisplayNameSchema.safeParse(displayName);
    if (!parsed.success) throw new ClubError('invalid-input', 'Your display name cannot be used in a club.');
    return parsed.data;
  }
  async function getClub(clubId: string): Promise<Club | null> {
    return getDoc(clubRef(clubId)).then(parseClub, (err: unknown) => {
      if (isDenied(err)) return null;
      throw err;
    });
  }

  return {
    /** Found a club: the club, the host's member document, the reader's list, and the first invite code. */
    async create(uid: string, displayName: string, input: NewClub): Promise<string> {
      const parsed = NewClubSchema.safeParse(input);
      if (!parsed.success) throw new ClubError('invalid-input', parsed.error.issues[0]?.message ?? 'invalid club');
      const club = parsed.data;
      await checkRoom(uid, null);
      const id = doc(collection(db, 'clubs')).id;
      const code = generateInviteCode();
      const batch = writeBatch(db);
      batch.set(clubRef(id), {
        ...club,
        hostUid: uid,
        coHostUids: [],
        members: { [uid]: true },
        roomCode: generateRoomCode(),
        currentBook: null,
        lastMemberUid: uid,
        createdAt: serverTimestamp(),
        updatedAt: serverTimestamp(),
      });
      batch.set(memberRef(id, uid), {
        uid,
        displayName: name(displayName),
        role: 'host',
        joinedAt: serverTimestamp(),
        via: null,
      });
      addToIndex(batch, uid, id);
      batch.set(inviteRef(code), {
        clubId: id,
        clubName: club.name,
        requireApproval: club.requireApproval,
        createdBy: uid,
        createdAt: serverTimestamp(),
      });
      batch.set(privateInviteRef(id), { code, updatedAt: serverTimestamp() });
      await commit(batch);
      return id;
    },

    /** The club, live; null when it is gone or this reader may not read it (a private club they left). */
    watch(clubId: string, onChange: (club: Club | null) => void, onError: (err: Error) => void = () => {}): Unsubscribe {
      return listenDoc(
        clubRef(clubId),
        (snap) => onChange(parseClub(snap)),
        (err) => {
          if (isDenied(err)) onChange(null);
          else onError(err);
        },
      );
    },
    get: getClub,

    /** The reader's own list of club ids (joined or requested), live. */
    watchIndex(uid: string, onChange: (ids: string[]) => void, onError: (err: Error) => void = () => {}): Unsubscribe {
      return onSnapshot(indexRef(uid), (snap) => onChange(parseWith(ClubIndexSchema, snap)?.clubIds ?? []), onError);
    },
    readIndex,
    /** Take a club off the reader's list (a club they were removed from, or that was closed). */
    async forget(uid: string, clubId: string): Promise<void> {
      const batch = writeBatch(db);
      removeFromIndex(batch, uid, clubId);
      await commit(batch);
    },

    /** The invite behind a code, or null when there is no such code (any more). */
    async readInvite(code: string): Promise<ClubInvite | null> {
      const parsed = InviteCodeSchema.safeParse(code);
      if (!parsed.success) throw new ClubError('invalid-input', 'An invite code is 8 letters and digits.');
      const snap = await getDoc(inviteRef(parsed.data));
      return parseWith(ClubInviteSchema, snap);
    },

    /**
     * Join with an invite code: straight in for a club without approval, a request otherwise. The reader's
     * list gets the club in the same batch.
     */
    async joinWithCode(uid: string, displayName: string, code: string): Promise<{ clubId: string; outcome: JoinOutcome }> {
      const invite = await this.readInvite(code);
      if (!invite) throw new ClubError('invite-not-found', 'No club has this invite code (it may have been replaced).');
      const outcome = await this.join(uid, displayName, invite.clubId, code, invite.requireApproval);
      return { clubId: invite.clubId, outcome };
    },

    /** Join a club (public: `via` null; private: its invite code). `approval`: the club asks for it. */
    async join(uid: string, displayName: string, clubId: string, via: string | null, approval: boolean): Promise<JoinOutcome> {
      const mine = await getDoc(memberRef(clubId, uid)).catch(() => null);
      if (mine?.exists()) return 'already-member';
      await checkRoom(uid, clubId);
      const batch = writeBatch(db);
      if (approval) {
        batch.set(requestRef(clubId, uid), { uid, displayName: name(displayName), createdAt: serverTimestamp(), via });
      } else {
        batch.set(memberRef(clubId, uid), {
          uid,
          displayName: name(displayName),
          role: 'member',
          joinedAt: serverTimestamp(),
          via,
        });
        batch.update(clubRef(clubId), { [`members.${uid}`]: true, lastMemberUid: uid, updatedAt: serverTimestamp() });
      }
      addToIndex(batch, uid, clubId);
      await commit(batch);
      return approval ? 'requested' : 'joined';
    },

    /** Whether the reader is a member, live (their own member document is always readable to them). */
    watchMembership(clubId: string, uid: string, onChange: (member: boolean) => void): Unsubscribe {
      return onSnapshot(
        memberRef(clubId, uid),
        (snap) => onChange(snap.exists()),
        () => onChange(false),
      );
    },
    /**
     * Where the reader stands with a club, as the SERVER says (never the local cache: a join still in flight
     * must not look like a removal): 'member', 'pending' (a request waits), 'none'; null when offline.
     */
    async standing(clubId: string, uid: string): Promise<'member' | 'pending' | 'none' | null> {
      try {
        const member = await getDocFromServer(memberRef(clubId, uid));
        if (member.exists()) return 'member';
        const request = await getDocFromServer(requestRef(clubId, uid));
        return request.exists() ? 'pending' : 'none';
      } catch (err) {
        if (isDenied(err)) return 'none';
        return null;
      }
    },
    /** The reader's own pending request to a club, or null. */
    async myRequest(clubId: string, uid: string): Promise<JoinRequest | null> {
      const snap = await getDoc(requestRef(clubId, uid)).catch(() => null);
      return snap ? parseWith(JoinRequestSchema, snap) : null;
    },
    /** Withdraw a request (and take the club off the reader's list). */
    async cancelRequest(clubId: string, uid: string): Promise<void> {
      const batch = writeBatch(db);
      batch.delete(requestRef(clubId, uid));
      removeFromIndex(batch, uid, clubId);
      await commit(batch);
    },

    /** Pending requests, oldest first (hosts and co-hosts), live. */
    watchRequests(clubId: string, onChange: (requests: JoinRequest[]) => void, onError: (err: Error) => void = () => {}) {
      return onSnapshot(
        query(collection(db, 'clubs', clubId, 'requests'), orderBy('createdAt'), limit(CLUB_LIMITS.requestsPage)),
        (snap) => onChange(snap.docs.map((d) => parseWith(JoinRequestSchema, d)).filter((r): r is JoinRequest => r !== null)),
        onError,
      );
    },
    /** A host or co-host lets a reader in: member document, map entry, request gone, in one batch. */
    async approve(club: Club, request: JoinRequest): Promise<void> {
      if (Object.keys(club.members).length >= CLUB_LIMITS.members)
        throw new ClubError('club-full', `A club has at most ${CLUB_LIMITS.members} members.`);
      const batch = writeBatch(db);
      batch.set(memberRef(club.id, request.uid), {
        uid: request.uid,
        displayName: request.displayName,
        role: 'member',
        joinedAt: serverTimestamp(),
        via: request.via,
      });
      batch.update(clubRef(club.id), {
        [`members.${request.uid}`]: true,
        lastMemberUid: request.uid,
        updatedAt: serverTimestamp(),
      });
      batch.delete(requestRef(club.id, request.uid));
      await commit(batch);
    },
    async decline(clubId: string, uid: string): Promise<void> {
      const batch = writeBatch(db);
      batch.delete(requestRef(clubId, uid));
      await commit(batch);
    },

    /**
     * One page of members in joining order (cursor pagination: orderBy joinedAt, then the document id),
     * each with their level from users/{uid}/stats/public (null when it cannot be read).
     */
    async membersPage(
      clubId: string,
      cursor: DocumentSnapshot | null = null,
      size: number = CLUB_LIMITS.membersPage,
    ): Promise<MembersPage> {
      const base: Query = query(collection(db, 'clubs', clubId, 'members'), orderBy('joinedAt'), orderBy(documentId()));
      const page = query(base, ...(cursor ? [startAfter(cursor)] : []), limit(size + 1));
      const snap = await getDocs(page);
      const docs = snap.docs.slice(0, size);
      const members = docs.map((d) => parseWith(ClubMemberSchema, d)).filter((m): m is ClubMember => m !== null);
      const levels = await Promise.all(
        members.map((m) =>
          stats.get(m.uid).then(
            (s) => levelFor(s.booksRead, s.pagesRead).level,
            () => null,
          ),
        ),
      );
      return {
        members: members.map((m, i) => ({ ...m, level: levels[i] ?? null })),
        cursor: docs.at(-1) ?? null,
        hasMore: snap.docs.length > size,
      };
    },

    /** Leave the club (not the host: transfer first). A co-host gives up the seat in the same batch. */
    async leave(club: Club, uid: string): Promise<void> {
      if (club.hostUid === uid) throw new ClubError('host-cannot-leave', 'The host must hand the club over before leaving.');
      const batch = writeBatch(db);
      batch.delete(memberRef(club.id, uid));
      batch.update(clubRef(club.id), {
        [`members.${uid}`]: deleteField(),
        coHostUids: arrayRemove(uid),
        lastMemberUid: uid,
        updatedAt: serverTimestamp(),
      });
      removeFromIndex(batch, uid, club.id);
      await commit(batch);
    },

    /** The host (or a co-host, for plain members) removes a member. */
    async remove(club: Club, by: string, uid: string): Promise<void> {
      if (uid === club.hostUid || !leads(club, by) || (club.hostUid !== by && roleIn(club, uid) !== 'member'))
        throw new ClubError('not-allowed', 'Only the host removes co-hosts, and nobody removes the host.');
      const batch = writeBatch(db);
      batch.delete(memberRef(club.id, uid));
      batch.update(clubRef(club.id), {
        [`members.${uid}`]: deleteField(),
        ...(club.coHostUids.includes(uid) ? { coHostUids: arrayRemove(uid) } : {}),
        lastMemberUid: uid,
        updatedAt: serverTimestamp(),
      });
      await commit(batch);
    },

    /** The host makes a member co-host, or back (the member document's role follows in the batch). */
    async setCoHost(club: Club, uid: string, on: boolean): Promise<void> {
      if (uid === club.hostUid) throw new ClubError('invalid-input', 'The host is not a co-host.');
      if (on && club.coHostUids.length >= CLUB_LIMITS.coHosts)
        throw new ClubError('invalid-input', `A club has at most ${CLUB_LIMITS.coHosts} co-hosts.`);
      const batch = writeBatch(db);
      batch.update(clubRef(club.id), {
        coHostUids: on ? arrayUnion(uid) : arrayRemove(uid),
        lastMemberUid: uid,
        updatedAt: serverTimestamp(),
      });
      batch.update(memberRef(club.id, uid), { role: on ? 'cohost' : 'member' });
      await commit(batch);
    },

    /** The host hands the club to a member; the old host stays on as co-host (when a seat is free). */
    async transferHost(club: Club, to: string): Promise<void> {
      if (!club.members[to] || to === club.hostUid) throw new ClubError('invalid-input', 'Hand the club to one of its members.');
      const old = club.hostUid;
      const others = club.coHostUids.filter((u) => u !== to);
      const keepOld = others.length < CLUB_LIMITS.coHosts;
      const coHostUids = keepOld ? [...others, old] : others;
      const batch = writeBatch(db);
      batch.update(clubRef(club.id), { hostUid: to, coHostUids, lastMemberUid: to, updatedAt: serverTimestamp() });
      batch.update(memberRef(club.id, to), { role: 'host' });
      batch.update(memberRef(club.id, old), { role: keepOld ? 'cohost' : 'member' });
      await commit(batch);
    },

    /** Name, description, public or private, approval: hosts and co-hosts (the invite shows the new name). */
    async updateSettings(club: Club, input: NewClub): Promise<void> {
      const parsed = NewClubSchema.safeParse(input);
      if (!parsed.success) throw new ClubError('invalid-input', parsed.error.issues[0]?.message ?? 'invalid club');
      const batch = writeBatch(db);
      batch.update(clubRef(club.id), { ...parsed.data, updatedAt: serverTimestamp() });
      const code = await this.inviteCode(club.id).catch(() => null);
      if (code) batch.update(inviteRef(code), { clubName: parsed.data.name, requireApproval: parsed.data.requireApproval });
      await commit(batch);
    },

    /** The current book (from the shelf, the page being read or a search), or none. */
    async setCurrentBook(clubId: string, book: ClubBook | null): Promise<void> {
      const parsed = book === null ? null : ClubBookSchema.safeParse(book);
      if (parsed && !parsed.success) throw new ClubError('invalid-input', 'This book cannot be the club’s book.');
      const batch = writeBatch(db);
      batch.update(clubRef(clubId), { currentBook: parsed ? parsed.data : null, updatedAt: serverTimestamp() });
      await commit(batch);
    },

    /**
     * Upcoming meetings (from a day ago), in date order, live: at most CLUB_LIMITS.meetings. Members only;
     * a reader who may not read them gets an empty schedule.
     */
    watchMeetings(clubId: string, onChange: (meetings: Meeting[]) => void, now: number = Date.now()): Unsubscribe {
      const since = new Date(now - 24 * 60 * 60 * 1000);
      return onSnapshot(
        query(collection(db, 'clubs', clubId, 'meetings'), where('at', '>=', since), orderBy('at'), limit(CLUB_LIMITS.meetings)),
        (snap) =>
          onChange(
            snap.docs.flatMap((d) => {
              const m = parseWith(MeetingDocSchema, d);
              return m ? [{ id: d.id, at: m.at, note: m.note, fromPage: m.fromPage, toPage: m.toPage }] : [];
            }),
          ),
        () => onChange([]),
      );
    },
    /** Add a meeting (hosts and co-hosts), or change one when `id` is given. */
    async saveMeeting(clubId: string, uid: string, input: MeetingInput, id?: string): Promise<string> {
      const parsed = MeetingInputSchema.safeParse(input);
      if (!parsed.success) throw new ClubError('invalid-input', parsed.error.issues[0]?.message ?? 'invalid meeting');
      const ref = id ? doc(db, 'clubs', clubId, 'meetings', id) : doc(collection(db, 'clubs', clubId, 'meetings'));
      const batch = writeBatch(db);
      batch.set(ref, { ...parsed.data, updatedBy: uid, updatedAt: serverTimestamp() });
      await commit(batch);
      return ref.id;
    },
    async deleteMeeting(clubId: string, id: string): Promise<void> {
      const batch = writeBatch(db);
      batch.delete(doc(db, 'clubs', clubId, 'meetings', id));
      await commit(batch);
    },

    /** The club's current invite code (hosts and co-hosts). */
    async inviteCode(clubId: string): Promise<string | null> {
      const snap = await getDoc(privateInviteRef(clubId));
      const code = snap.data()?.code;
      return InviteCodeSchema.safeParse(code).success ? (code as string) : null;
    },
    /** A new invite code; the old one stops working in the same batch. */
    async regenerateInvite(club: Club, uid: string): Promise<string> {
      const old = await this.inviteCode(club.id);
      const code = generateInviteCode();
      const batch = writeBatch(db);
      batch.set(inviteRef(code), {
        clubId: club.id,
        clubName: club.name,
        requireApproval: club.requireApproval,
        createdBy: uid,
        createdAt: serverTimestamp(),
      });
      batch.set(privateInviteRef(club.id), { code, updatedAt: serverTimestamp() });
      if (old) batch.delete(inviteRef(old));
      await commit(batch);
      return code;
    },

    /** The host, alone in the club, closes it (club, own member document, invite and list entry). */
    async close(club: Club, uid: string): Promise<void> {
      if (club.hostUid !== uid || Object.keys(club.members).some((m) => m !== uid))
        throw new ClubError('not-allowed', 'Only the host, alone in the club, can close it.');
      const code = await this.inviteCode(club.id).catch(() => null);
      const meetings = await getDocs(query(collection(db, 'clubs', club.id, 'meetings'), limit(20)));
      const batch = writeBatch(db);
      for (const m of meetings.docs) batch.delete(m.ref);
      if (code) batch.delete(inviteRef(code));
      batch.delete(privateInviteRef(club.id));
      batch.delete(memberRef(club.id, uid));
      batch.delete(clubRef(club.id));
      removeFromIndex(batch, uid, club.id);
      await commit(batch);
    },

    /** The public clubs directory, newest first, by cursor. */
    async publicPage(
      cursor: DocumentSnapshot | null = null,
    ): Promise<{ clubs: Club[]; cursor: DocumentSnapshot | null; hasMore: boolean }> {
      const size = CLUB_LIMITS.publicPage - 1;
      const snap = await getDocs(
        query(
          collection(db, 'clubs'),
          where('visibility', '==', 'public'),
          orderBy('createdAt', 'desc'),
          ...(cursor ? [startAfter(cursor)] : []),
          limit(size + 1),
        ),
      );
      const docs = snap.docs.slice(0, size);
      return {
        clubs: docs.map(parseClub).filter((c): c is Club => c !== null),
        cursor: docs.at(-1) ?? null,
        hasMore: snap.docs.length > size,
      };
    },
  };
}

export type ClubsRepository = ReturnType<typeof clubsRepository>;
