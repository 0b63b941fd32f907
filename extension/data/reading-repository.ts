import {
  collection,
  type DocumentReference,
  doc,
  type Firestore,
  getDocs,
  serverTimestamp,
  type Unsubscribe,
  type WriteBatch,
} from 'firebase/firestore';
import { type ReadingEntry, ReadingEntrySchema, type ShelfEntry } from '../../shared/schemas/shelf-entry';
import { onSnapshot } from './listen';
import { timestampsToDates } from './timestamps';

/**
 * users/{uid}/reading/{isbn13}: the books a reader is reading, as their profile shows them (to others only
 * when the profile is public and the reader lets it show; the rules decide). The shelf stays private:
 * this small public part is written in the same batch as the shelf change, and the rules accept it only
 * for an entry with status "reading", with that entry's title, authors and cover.
 */
export function readingRef(db: Firestore, uid: string, isbn13: string): DocumentReference {
  return doc(db, 'users', uid, 'reading', isbn13);
}

type ReadingSource = Pick<ShelfEntry, 'isbn13' | 'title' | 'authors' | 'coverUrl' | 'status'>;

/** The reading document for an entry (what the rules compare with the shelf entry). */
export function readingFields(entry: ReadingSource): Record<string, unknown> {
  return {
    isbn13: entry.isbn13,
    title: entry.title,
    authors: entry.authors,
    coverUrl: entry.coverUrl ?? null,
    updatedAt: serverTimestamp(),
  };
}

/**
 * Add the reading half of a shelf change to a batch: publish the book when it becomes "reading", take it
 * down when it stops being "reading" or leaves the shelf (the rules refuse a shelf write that leaves a
 * stale one behind). Nothing when the status does not change.
 */
export function addReadingChange(
  batch: WriteBatch,
  db: Firestore,
  uid: string,
  before: ReadingSource | null,
  after: ReadingSource | null,
): void {
  const was = before?.status === 'reading';
  const is = after?.status === 'reading';
  if (after && is && !was) batch.set(readingRef(db, uid, after.isbn13), readingFields(after));
  if (before && was && !is) batch.delete(readingRef(db, uid, before.isbn13));
}

function parse(data: unknown): ReadingEntry | null {
  const parsed = ReadingEntrySchema.safeParse(timestampsToDates(data as Record<string, unknown>));
  return parsed.success ? parsed.data : null;
}

const byRecent = (a: ReadingEntry, b: ReadingEntry) => b.updatedAt.getTime() - a.updatedAt.getTime();

export function readingRepository(db: Firestore) {
  const col = (uid: string) => collection(db, 'users', uid, 'reading');
  return {
    /** The reader's current books, most recently started first. Refused (permission-denied) when hidden. */
    async list(uid: string): Promise<ReadingEntry[]> {
      const snap = await getDocs(col(uid));
      return snap.docs
        .map((d) => parse(d.data({ serverTimestamps: 'estimate' })))
        .filter((e): e is ReadingEntry => e !== null)
        .sort(byRecent);
    },
    watch(uid: string, onChange: (entries: ReadingEntry[]) => void, onError: (err: Error) => void): Unsubscribe {
      return onSnapshot(
        col(uid),
        (snap) =>
          onChange(
            snap.docs
              .map((d) => parse(d.data({ serverTimestamps: 'estimate' })))
              .filter((e): e is ReadingEntry => e !== null)
              .sort(byRecent),
          ),
        onError,
      );
    },
  };
}
