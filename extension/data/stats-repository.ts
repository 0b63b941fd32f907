import {
  arrayRemove,
  arrayUnion,
  type DocumentReference,
  doc,
  type Firestore,
  type FirestoreDataConverter,
  getDoc,
  getDocFromCache,
  increment,
  serverTimestamp,
  setDoc,
  type Unsubscribe,
  updateDoc,
  type WriteBatch,
} from 'firebase/firestore';
import { daysToPrune, type StatsDelta } from '../../shared/reading';
import {
  EMPTY_STATS,
  type PublicStats,
  PublicStatsSchema,
  type ReaderStats,
  ReaderStatsSchema,
} from '../../shared/schemas/reader-stats';
import { onSnapshot } from './listen';
import { timestampsToDates } from './timestamps';

/**
 * users/{uid}/stats/summary (private: totals, reading days, last ISBN) and users/{uid}/stats/public (the
 * level inputs any signed-in reader may read), through zod converters. Both move together in the shelf's
 * batches; the rules keep the public one equal to the summary (firebase/firestore.rules explains why).
 */
export const readerStatsConverter: FirestoreDataConverter<ReaderStats> = {
  toFirestore(stats) {
    return stats as Record<string, unknown>;
  },
  fromFirestore(snapshot, options) {
    return ReaderStatsSchema.parse(timestampsToDates(snapshot.data({ ...options, serverTimestamps: 'estimate' })));
  },
};
export const publicStatsConverter: FirestoreDataConverter<PublicStats> = {
  toFirestore(stats) {
    return stats as Record<string, unknown>;
  },
  fromFirestore(snapshot, options) {
    return PublicStatsSchema.parse(timestampsToDates(snapshot.data({ ...options, serverTimestamps: 'estimate' })));
  },
};

/** What a reader with no stats document yet has. */
export type StatsView = Omit<ReaderStats, 'lastIsbn' | 'updatedAt'>;
export const NO_STATS: StatsView = EMPTY_STATS;
/** What others may know of a reader's stats: level inputs and category counts, no days, no ISBN. */
export type LevelStats = Pick<StatsView, 'booksRead' | 'pagesRead' | 'categoriesRead'>;

export function statsRef(db: Firestore, uid: string): DocumentReference {
  return doc(db, 'users', uid, 'stats', 'summary');
}
export function publicStatsRef(db: Firestore, uid: string): DocumentReference {
  return doc(db, 'users', uid, 'stats', 'public');
}

/**
 * Add the stats half of a shelf change to a batch: increments (they commute, so queued offline writes
 * from two devices still add up) on the summary and on the public level document alike, and the reading
 * day (only when pages were logged: the rules refuse a day without pages). The rules check it against
 * the shelf entry.
 */
export function addStatsChange(
  batch: WriteBatch,
  db: Firestore,
  uid: string,
  isbn13: string,
  delta: StatsDelta,
  category: string,
  today: number,
): void {
  // Always name the entry's own category: an empty map under merge would replace the whole map.
  const categories = () =>
    Object.fromEntries(Object.entries({ [category]: 0, ...delta.categories }).map(([id, n]) => [id, increment(n)]));
  const logged = delta.pages > 0;
  batch.set(
    statsRef(db, uid),
    {
      booksRead: increment(delta.books),
      pagesRead: increment(delta.pages),
      categoriesRead: categories(),
      readDays: logged ? arrayUnion(today) : arrayUnion(),
      ...(logged ? { lastReadDay: today } : {}),
      lastIsbn: isbn13,
      updatedAt: serverTimestamp(),
    },
    { merge: true },
  );
  batch.set(
    publicStatsRef(db, uid),
    {
      booksRead: increment(delta.books),
      pagesRead: increment(delta.pages),
      categoriesRead: categories(),
      updatedAt: serverTimestamp(),
    },
    { merge: true },
  );
}

/** How long a shelf change waits for the public level check before going ahead without it. */
export const PUBLIC_CHECK_MS = 4000;

/** `promise`, or a rejection once `ms` have passed. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Per Firestore instance and reader: the migration check below, and whether it has finished. */
const publicChecks = new WeakMap<Firestore, Map<string, { done: boolean; promise: Promise<void> }>>();

/**
 * Migration for readers from before the public level document: create it once, equal to the summary, so
 * the next shelf batch (which moves both by increments) is accepted. Resolves at once for readers who
 * have it (or have no stats at all: their first batch creates both from zero). The create is queued in
 * front of any shelf batch that waited for this, so it commits first, even offline.
 */
export function ensurePublicStats(db: Firestore, uid: string): Promise<void> {
  let byUid = publicChecks.get(db);
  if (!byUid) {
    byUid = new Map();
    publicChecks.set(db, byUid);
  }
  const known = byUid.get(uid);
  if (known) return known.promise;
  const state = { done: false, promise: Promise.resolve() };
  state.promise = (async () => {
    // Bounded: a shelf change waits for this check, and getDoc waits as long as a connected but silent server
    // keeps it (seen with a starved emulator). Past the budget it is "not known", as offline: ask again next time.
    const [pub, summary] = await within(
      PUBLIC_CHECK_MS,
      Promise.all([getDoc(publicStatsRef(db, uid)), getDoc(statsRef(db, uid).withConverter(readerStatsConverter))]),
    );
    if (pub.exists() || !summary.exists()) return;
    const { booksRead, pagesRead, categoriesRead } = summary.data();
    // Not awaited: the local cache has it at once; the server's answer may come much later (offline).
    setDoc(publicStatsRef(db, uid), { booksRead, pagesRead, categoriesRead, updatedAt: serverTimestamp() }).catch(
      (err: unknown) => console.warn('Chaekbang: creating the public stats document was refused', err),
    );
  })().then(
    () => {
      state.done = true;
    },
    (err: unknown) => {
      // Not known (offline with nothing cached): ask again next time; the shelf write goes ahead.
      byUid.delete(uid);
      console.warn('Chaekbang: could not check the public stats document', err);
    },
  );
  byUid.set(uid, state);
  return state.promise;
}

/** True once ensurePublicStats has finished for this reader: shelf batches then commit at once. */
export function publicStatsChecked(db: Firestore, uid: string): boolean {
  return publicChecks.get(db)?.get(uid)?.done === true;
}

export function statsRepository(db: Firestore) {
  const summaryRef = (uid: string) => statsRef(db, uid).withConverter(readerStatsConverter);
  const levelRef = (uid: string) => publicStatsRef(db, uid).withConverter(publicStatsConverter);
  const asView = (s: LevelStats): StatsView => ({
    ...NO_STATS,
    booksRead: s.booksRead,
    pagesRead: s.pagesRead,
    categoriesRead: s.categoriesRead,
  });
  return {
    /** Any reader's level inputs (the public document; readDays are empty here). */
    async get(uid: string): Promise<StatsView> {
      const snap = await getDoc(levelRef(uid));
      if (snap.exists()) return asView(snap.data());
      // A reader from before the split: their summary, when this viewer may read it.
      const legacy = await getDoc(summaryRef(uid)).catch(() => null);
      return legacy?.exists() ? asView(legacy.data()) : NO_STATS;
    },
    /**
     * Any reader's level inputs, live (room tiles, the own level in the header). readDays are empty: the
     * days are in the summary, which only the owner (or anyone, for a public profile) may read.
     */
    watch(uid: string, onChange: (stats: StatsView) => void, onError: (err: Error) => void): Unsubscribe {
      let live = true;
      const stop = onSnapshot(
        levelRef(uid),
        (snap) => {
          if (snap.exists()) return onChange(asView(snap.data()));
          // A reader from before the split (until their client creates it): their summary if readable;
          // if not, the level is unknown (an error), not zero.
          getDoc(summaryRef(uid)).then(
            (legacy) => live && onChange(legacy.exists() ? asView(legacy.data()) : NO_STATS),
            (err: Error) => live && onError(err),
          );
        },
        onError,
      );
      return () => {
        live = false;
        stop();
      };
    },
    /** The whole summary (totals, reading days): the owner's, or a public profile's. */
    async getSummary(uid: string): Promise<StatsView> {
      const snap = await getDoc(summaryRef(uid));
      return snap.exists() ? snap.data() : NO_STATS;
    },
    watchSummary(uid: string, onChange: (stats: StatsView) => void, onError: (err: Error) => void): Unsubscribe {
      return onSnapshot(summaryRef(uid), (snap) => onChange(snap.exists() ? snap.data() : NO_STATS), onError);
    },
    /**
     * Keep readDays within the rules' cap: drop days older than a year once the list is long. A separate
     * small write (queued offline like the rest); it changes no totals, so the rules accept it.
     */
    async pruneReadDays(uid: string): Promise<void> {
      const snap = await getDocFromCache(summaryRef(uid)).catch(() => null);
      if (!snap?.exists()) return;
      const stats = snap.data();
      const old = daysToPrune(stats.readDays);
      if (old.length === 0) return;
      await updateDoc(statsRef(db, uid), {
        readDays: arrayRemove(...old),
        lastIsbn: stats.lastIsbn,
        updatedAt: serverTimestamp(),
      });
    },
  };
}
