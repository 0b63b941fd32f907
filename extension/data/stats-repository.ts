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
  onSnapshot,
  serverTimestamp,
  type Unsubscribe,
  updateDoc,
  type WriteBatch,
} from 'firebase/firestore';
import { daysToPrune, type StatsDelta } from '../../shared/reading';
import { EMPTY_STATS, type ReaderStats, ReaderStatsSchema } from '../../shared/schemas/reader-stats';
import { timestampsToDates } from './timestamps';

/** users/{uid}/stats/summary through a zod converter. */
export const readerStatsConverter: FirestoreDataConverter<ReaderStats> = {
  toFirestore(stats) {
    return stats as Record<string, unknown>;
  },
  fromFirestore(snapshot, options) {
    return ReaderStatsSchema.parse(timestampsToDates(snapshot.data({ ...options, serverTimestamps: 'estimate' })));
  },
};

/** What a reader with no stats document yet has. */
export type StatsView = Omit<ReaderStats, 'lastIsbn' | 'updatedAt'>;
export const NO_STATS: StatsView = EMPTY_STATS;

export function statsRef(db: Firestore, uid: string): DocumentReference {
  return doc(db, 'users', uid, 'stats', 'summary');
}

/**
 * Add the stats half of a shelf change to a batch: increments (they commute, so queued offline writes
 * from two devices still add up) and the reading day. The rules check it against the shelf entry.
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
  const categories = Object.fromEntries(
    Object.entries({ [category]: 0, ...delta.categories }).map(([id, n]) => [id, increment(n)]),
  );
  batch.set(
    statsRef(db, uid),
    {
      booksRead: increment(delta.books),
      pagesRead: increment(delta.pages),
      categoriesRead: categories,
      readDays: delta.pages > 0 ? arrayUnion(today) : arrayUnion(),
      lastReadDay: today,
      lastIsbn: isbn13,
      updatedAt: serverTimestamp(),
    },
    { merge: true },
  );
}

export function statsRepository(db: Firestore) {
  const ref = (uid: string) => statsRef(db, uid).withConverter(readerStatsConverter);
  return {
    async get(uid: string): Promise<StatsView> {
      const snap = await getDoc(ref(uid));
      return snap.exists() ? snap.data() : NO_STATS;
    },
    watch(uid: string, onChange: (stats: StatsView) => void, onError: (err: Error) => void): Unsubscribe {
      return onSnapshot(ref(uid), (snap) => onChange(snap.exists() ? snap.data() : NO_STATS), onError);
    },
    /**
     * Keep readDays within the rules' cap: drop days older than a year once the list is long. A separate
     * small write (queued offline like the rest); it changes no totals, so the rules accept it.
     */
    async pruneReadDays(uid: string): Promise<void> {
      const snap = await getDocFromCache(ref(uid)).catch(() => null);
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
