import {
  type DocumentSnapshot,
  doc,
  type Firestore,
  type FirestoreDataConverter,
  getDoc,
  getDocFromCache,
  getDocFromServer,
  serverTimestamp,
  type WriteBatch,
} from 'firebase/firestore';
import { BOOK_FILLABLE_FIELDS, type BookRecord, BookRecordSchema, isVerifiedRecord } from '../../shared/schemas/book-record';
import { timestampsToDates } from './timestamps';

/** books/{isbn13} through a zod converter. */
export const bookRecordConverter: FirestoreDataConverter<BookRecord> = {
  toFirestore(record) {
    return record as Record<string, unknown>;
  },
  fromFirestore(snapshot, options) {
    return BookRecordSchema.parse(timestampsToDates(snapshot.data({ ...options, serverTimestamps: 'estimate' })));
  },
};

/** A book record as written (createdBy and createdAt are filled in here; source and verifiedAt are the server's). */
export type BookRecordInput = Omit<BookRecord, 'createdBy' | 'createdAt' | 'source' | 'verifiedAt'>;

/** 'absent' and 'present' are known; 'unknown' means offline with nothing cached. */
export type RecordState = { state: 'absent' } | { state: 'present'; data: Record<string, unknown> } | { state: 'unknown' };

const SERVER_WAIT_MS = 2500;

async function readState(snapPromise: () => Promise<DocumentSnapshot>, ms = SERVER_WAIT_MS): Promise<RecordState> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const snap = await Promise.race([
      snapPromise(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
    return snap.exists() ? { state: 'present', data: snap.data() ?? {} } : { state: 'absent' };
  } catch {
    return { state: 'unknown' };
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a document exists: the local cache first, then the server (briefly; offline → unknown). */
export async function documentState(db: Firestore, path: string): Promise<RecordState> {
  const ref = doc(db, path);
  const cached = await getDocFromCache(ref).catch(() => null);
  if (cached?.exists()) return { state: 'present', data: cached.data() };
  return readState(() => getDocFromServer(ref));
}

export function booksRepository(db: Firestore) {
  const ref = (isbn13: string) => doc(db, 'books', isbn13).withConverter(bookRecordConverter);
  return {
    async get(isbn13: string): Promise<BookRecord | null> {
      const snap = await getDoc(ref(isbn13));
      return snap.exists() ? snap.data() : null;
    },
    /**
     * The record if it can be known quickly: the cache first, then the server for at most `ms`. Null when it
     * is absent, and when it cannot be known in time (offline, or a connected server that does not answer:
     * getDoc alone waits as long as such a server keeps it). For a reader's action that must not hang on it.
     */
    async getWithin(isbn13: string, ms = SERVER_WAIT_MS): Promise<BookRecord | null> {
      const cached = await getDocFromCache(ref(isbn13)).catch(() => null);
      if (cached?.exists()) return cached.data();
      const state = await readState(() => getDoc(ref(isbn13)), ms);
      return state.state === 'present' ? (state.data as BookRecord) : null;
    },
  };
}

/**
 * Add the books/{isbn13} half of an "add to shelf" batch: create the record when it is known to be
 * absent, fill fields it lacks when it exists (and is still provisional: a record the server verified is
 * closed to clients), and leave it alone when that cannot be known (offline): the shelf entry carries its
 * own snapshot. Returns whether a write was added.
 */
export function addBookRecordWrite(
  batch: WriteBatch,
  db: Firestore,
  uid: string,
  input: BookRecordInput,
  state: RecordState,
): 'created' | 'filled' | 'none' {
  const record = BookRecordSchema.omit({ createdBy: true, createdAt: true, source: true, verifiedAt: true }).parse(input);
  const defined = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null));
  const bookRef = doc(db, 'books', record.isbn13);
  if (state.state === 'absent') {
    batch.set(bookRef, { ...defined, createdBy: uid, createdAt: serverTimestamp() });
    return 'created';
  }
  if (state.state === 'present') {
    if (isVerifiedRecord(state.data)) return 'none';
    const missing = Object.fromEntries(
      BOOK_FILLABLE_FIELDS.filter((key) => !(key in state.data) && key in defined).map((key) => [key, defined[key]]),
    );
    if (Object.keys(missing).length === 0) return 'none';
    batch.set(bookRef, missing, { merge: true });
    return 'filled';
  }
  return 'none';
}
