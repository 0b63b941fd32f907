import {
  collection,
  doc,
  type Firestore,
  type FirestoreDataConverter,
  increment,
  serverTimestamp,
  type Unsubscribe,
  writeBatch,
} from 'firebase/firestore';
import { type CategoryId, CategoryIdSchema, categoryForBook } from '../../shared/categories';
import { parseIsbn } from '../../shared/isbn';
import { type CountedEntry, clampPage, epochDay, isHalfStar, type ShelfStatus, statsDelta } from '../../shared/reading';
import { BOOK_LIMITS } from '../../shared/schemas/detected-book';
import {
  BookSnapshotSchema,
  SHELF_LIMITS,
  type ShelfEntry,
  ShelfEntrySchema,
  TotalPagesSchema,
} from '../../shared/schemas/shelf-entry';
import type { BookRecordInput } from './books-repository';
import { addBookRecordWrite, documentState } from './books-repository';
import { onSnapshot } from './listen';
import { addMarathonLogs, type PlannedLog, planMarathonLogs, trackMemberships } from './marathons-repository';
import { addReadingChange } from './reading-repository';
import { addStatsChange, ensurePublicStats, publicStatsChecked, statsRepository } from './stats-repository';
import { timestampsToDates } from './timestamps';

/**
 * users/{uid}/shelf/{isbn13}. Every change is ONE batched write of the entry and, when the entry's
 * counts change, the stats documents (summary and public level), and, when the entry starts or stops
 * being "reading", its public reading summary (firebase/firestore.rules explains why). Batches, unlike
 * transactions, queue offline: each call returns once the change is in the local cache (the shelf view
 * shows it at once) with `synced`, which settles when the server has accepted it.
 */

export const SHELF_ERROR_CODES = ['invalid-isbn', 'invalid-book', 'invalid-page', 'invalid-rating', 'notes-too-long'] as const;
export type ShelfErrorCode = (typeof SHELF_ERROR_CODES)[number];

/** A shelf input the reader can fix (the UI shows a translated message for each code). */
export class ShelfError extends Error {
  override name = 'ShelfError';
  constructor(
    readonly code: ShelfErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

/** A book to put on the shelf: a DetectedBook, a room's shared book card, or an ISBN typed in. */
export type BookInput = {
  isbn13: string;
  title: string;
  authors: string[];
  publisher?: string | null | undefined;
  coverUrl?: string | null | undefined;
  pages?: number | null | undefined;
  pubDate?: string | null | undefined;
  categoryPath?: string | undefined;
  kdc?: string | undefined;
  category?: CategoryId | undefined;
};

export type ShelfWrite = { isbn13: string; synced: Promise<void> };

export const shelfEntryConverter: FirestoreDataConverter<ShelfEntry> = {
  toFirestore(entry) {
    return entry as Record<string, unknown>;
  },
  fromFirestore(snapshot, options) {
    return ShelfEntrySchema.parse(timestampsToDates(snapshot.data({ ...options, serverTimestamps: 'estimate' })));
  },
};

const shelfDoc = (db: Firestore, uid: string, isbn13: string) => doc(db, 'users', uid, 'shelf', isbn13);

function clip(value: string, max: number): string {
  const chars = Array.from(value.trim());
  return chars.length > max ? chars.slice(0, max).join('') : chars.join('');
}

/** http:// covers are upgraded (the stores serve both); anything else that is not https is dropped. */
function httpsCover(url: string | null | undefined): string | null {
  if (!url) return null;
  const upgraded = url.replace(/^http:\/\//i, 'https://');
  return /^https:\/\/\S+$/.test(upgraded) && upgraded.length <= BOOK_LIMITS.url ? upgraded : null;
}

/** Validate and normalise a book input (the ISBN through shared/isbn.ts parseIsbn). */
export function normaliseBook(book: BookInput): BookRecordInput {
  const parsed = parseIsbn(book.isbn13);
  if (!parsed) throw new ShelfError('invalid-isbn', book.isbn13);
  const pages = book.pages && TotalPagesSchema.safeParse(book.pages).success ? book.pages : null;
  const candidate = {
    isbn13: parsed.isbn13,
    title: clip(book.title ?? '', BOOK_LIMITS.title),
    authors: (book.authors ?? [])
      .map((a) => clip(a, BOOK_LIMITS.author))
      .filter((a) => a.length > 0)
      .slice(0, BOOK_LIMITS.authors),
    publisher: book.publisher ? clip(book.publisher, BOOK_LIMITS.publisher) : null,
    coverUrl: httpsCover(book.coverUrl),
    pages,
    pubDate: book.pubDate && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(book.pubDate) ? book.pubDate : null,
    category: book.category ?? categoryForBook(book),
  };
  const checked = BookSnapshotSchema.safeParse(candidate);
  if (!checked.success) throw new ShelfError('invalid-book', checked.error.issues[0]?.message);
  return candidate;
}

/** The fields of an entry that the stats count. */
const counted = (e: ShelfEntry | NewEntry | null): CountedEntry | null => e;

type NewEntry = Omit<ShelfEntry, 'addedAt' | 'updatedAt'>;
type Change = Partial<Omit<ShelfEntry, 'isbn13' | 'addedAt' | 'updatedAt'>>;

function today(): number {
  return epochDay(new Date());
}

/** Per Firestore instance and reader: the last shelf batch still waiting to be sent (keeps batches in order). */
const sendQueues = new WeakMap<Firestore, Map<string, Promise<void>>>();

/**
 * Send batches in the order the reader made the changes: at once when nothing is waiting, otherwise
 * behind the batch that is (the public-stats migration, or the reader's marathons still loading).
 * Resolves with the commit's promise once the batch is in the local cache.
 */
function inOrder(db: Firestore, uid: string, wait: Promise<unknown> | null, send: () => Promise<void>): Promise<void> {
  let byUid = sendQueues.get(db);
  if (!byUid) {
    byUid = new Map();
    sendQueues.set(db, byUid);
  }
  const queue = byUid;
  const tail = queue.get(uid);
  if (!tail && !wait) return send();
  let issued: () => void = () => {};
  const sent = new Promise<void>((resolve) => {
    issued = resolve;
  });
  queue.set(uid, sent);
  void sent.then(() => {
    if (queue.get(uid) === sent) queue.delete(uid);
  });
  return Promise.all([tail, wait])
    .catch(() => {})
    .then(() => {
      const committed = send();
      issued();
      return committed;
    });
}

/**
 * One batch: the entry change, the stats change when the entry's counts move, and (when pages move while
 * the reader is in running marathons) one marathon log per marathon with its participant total
 * (extension/data/marathons-repository.ts; the rules check each against this entry). If the marathon part
 * is refused (a marathon deleted meanwhile), the shelf change is sent again on its own: it is never lost.
 */
function commitChange(db: Firestore, uid: string, before: ShelfEntry, change: Change | null): ShelfWrite {
  const after = change ? { ...before, ...change } : null;
  const delta = statsDelta(counted(before), counted(after));
  const changesCounts = delta.books !== 0 || delta.pages !== 0 || Object.keys(delta.categories).length > 0;
  const at = new Date();
  const build = (logs: readonly PlannedLog[]) => {
    const batch = writeBatch(db);
    const ref = shelfDoc(db, uid, before.isbn13);
    if (after && change) {
      const fields: Record<string, unknown> = { ...change, updatedAt: serverTimestamp() };
      // Page changes are increments: two devices logging pages offline add up instead of clashing.
      if (change.currentPage !== undefined) fields.currentPage = increment(change.currentPage - before.currentPage);
      batch.update(ref, fields);
    } else {
      batch.delete(ref);
    }
    if (changesCounts) addStatsChange(batch, db, uid, before.isbn13, delta, (after ?? before).category, today());
    addReadingChange(batch, db, uid, before, after);
    addMarathonLogs(batch, db, uid, logs);
    return batch;
  };
  const send = (logs: readonly PlannedLog[]) =>
    build(logs)
      .commit()
      .catch((err: unknown) => {
        if (logs.length === 0) throw err;
        const code = (err as { code?: string }).code;
        if (code !== 'permission-denied' && code !== 'not-found' && code !== 'failed-precondition') throw err;
        console.warn('Chaekbang: the marathon logs of a shelf change were refused; the shelf change is sent alone', err);
        return build([]).commit();
      });
  // Taking a book off the shelf is not reading: it logs nothing to marathons.
  const plan = after ? planMarathonLogs(db, uid, before.isbn13, delta, at) : [];
  // A reader from before the public level document gets it created first (once per session; usually done
  // at sign-in, so this commits at once).
  const migrating = changesCounts && !publicStatsChecked(db, uid) ? ensurePublicStats(db, uid) : null;
  let logs: readonly PlannedLog[] = Array.isArray(plan) ? plan : [];
  const planned = Array.isArray(plan)
    ? null
    : plan.then(
        (l) => {
          logs = l;
        },
        () => {},
      );
  const wait = planned ? Promise.all([migrating, planned]) : migrating;
  const synced = inOrder(db, uid, wait, () => send(logs).then(() => {}));
  if (delta.pages > 0) {
    void synced.then(() => statsRepository(db).pruneReadDays(uid)).catch(() => {});
  }
  return { isbn13: before.isbn13, synced };
}

/**
 * Put a book on the reader's shelf, with the shared books/{isbn13} record and the stats in one batch.
 * Called by the shelf view (ISBN typed in), the content-script flow (a DetectedBook) and the room (a
 * shared book card). A book already on the shelf keeps its entry; a different `status` is applied.
 */
export async function addToShelf(
  db: Firestore,
  uid: string,
  book: BookInput,
  status: ShelfStatus = 'want-to-read',
  existing?: ShelfEntry | null,
): Promise<ShelfWrite & { created: boolean }> {
  const record = normaliseBook(book);
  // Both looks go to the cache first, then (briefly) to the server, side by side.
  const [entryState, bookState] = await Promise.all([
    existing ? ({ state: 'present', data: {} } as const) : documentState(db, `users/${uid}/shelf/${record.isbn13}`),
    documentState(db, `books/${record.isbn13}`),
    ensurePublicStats(db, uid),
  ]);
  if (entryState.state === 'present') {
    const current = existing ?? ShelfEntrySchema.safeParse(timestampsToDates(entryState.data)).data;
    if (current && current.status !== status && status !== 'want-to-read') {
      return { ...changeStatus(db, uid, current, status), created: false };
    }
    return { isbn13: record.isbn13, synced: Promise.resolve(), created: false };
  }
  const now = new Date();
  const entry: NewEntry = {
    isbn13: record.isbn13,
    title: record.title,
    authors: record.authors,
    publisher: record.publisher ?? null,
    coverUrl: record.coverUrl ?? null,
    category: record.category,
    status,
    startedAt: status === 'want-to-read' ? null : now,
    finishedAt: status === 'read' ? now : null,
    currentPage: status === 'read' && record.pages ? record.pages : 0,
    totalPages: record.pages ?? null,
    pagesBanked: 0,
    rating: null,
    notes: '',
    rereadCount: 0,
  };
  const write = (withRecord: boolean) => {
    const batch = writeBatch(db);
    batch.set(shelfDoc(db, uid, record.isbn13), { ...entry, addedAt: serverTimestamp(), updatedAt: serverTimestamp() });
    const delta = statsDelta(null, entry);
    addStatsChange(batch, db, uid, record.isbn13, delta, entry.category, today());
    addReadingChange(batch, db, uid, null, entry);
    const state = bookState.state === 'unknown' ? ({ state: 'absent' } as const) : bookState;
    const recordWrite = withRecord ? addBookRecordWrite(batch, db, uid, record, state) : 'none';
    return { commit: batch.commit(), recordWrite };
  };
  // Online but the server was slow to answer: put the record in the batch anyway (if another reader has
  // it already, the refusal comes back at once and the batch is re-sent without it). Offline, a refused
  // batch might only come back after the panel is closed, so the record goes in a write of its own.
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const sameBatch = bookState.state !== 'unknown' || !offline;
  const first = write(sameBatch);
  // Another reader may have created books/{isbn13} a moment earlier: then the batch is refused as a whole,
  // so it is sent again without the record (the shelf entry carries its own snapshot).
  const synced = first.commit.catch((err: unknown) => {
    if (first.recordWrite === 'created' && (err as { code?: string }).code === 'permission-denied') {
      return write(false).commit;
    }
    throw err;
  });
  if (!sameBatch) {
    // Queued right behind the shelf batch (writes commit in order, so the rules see the shelf entry). If
    // another reader created the record first, the rules refuse this create alone; nothing else is lost.
    const followUp = writeBatch(db);
    addBookRecordWrite(followUp, db, uid, record, { state: 'absent' });
    followUp.commit().catch(() => {});
  }
  return { isbn13: record.isbn13, synced, created: true };
}

/** Change status; finishing sets finishedAt and the last page, starting sets startedAt. */
export function changeStatus(db: Firestore, uid: string, entry: ShelfEntry, status: ShelfStatus): ShelfWrite {
  const now = new Date();
  const change: Change = { status };
  if (status === 'read') {
    change.finishedAt = now;
    if (!entry.startedAt) change.startedAt = now;
    if (entry.totalPages) change.currentPage = entry.totalPages;
  } else {
    if (entry.status === 'read') change.finishedAt = null;
    if (status === 'reading' && !entry.startedAt) change.startedAt = now;
  }
  return commitChange(db, uid, entry, change);
}

export const markFinished = (db: Firestore, uid: string, entry: ShelfEntry) => changeStatus(db, uid, entry, 'read');

/** Log pages read (e.g. +10): moves the current page, starts the book if needed, records a reading day. */
export function logPages(db: Firestore, uid: string, entry: ShelfEntry, pages: number): ShelfWrite {
  if (!Number.isInteger(pages)) throw new ShelfError('invalid-page', String(pages));
  return setCurrentPage(db, uid, entry, entry.currentPage + pages);
}

/** Set the page the reader is on (clamped to the book's length). */
export function setCurrentPage(db: Firestore, uid: string, entry: ShelfEntry, page: number): ShelfWrite {
  if (!Number.isFinite(page) || page < 0) throw new ShelfError('invalid-page', String(page));
  const next = clampPage(page, entry.totalPages);
  if (next === entry.currentPage) return { isbn13: entry.isbn13, synced: Promise.resolve() };
  const change: Change = { currentPage: next };
  if (entry.status === 'want-to-read' || entry.status === 'stopped') {
    change.status = 'reading';
    if (!entry.startedAt) change.startedAt = new Date();
  }
  return commitChange(db, uid, entry, change);
}

/** Set the book's page count (the current page follows it down if needed). */
export function setTotalPages(db: Firestore, uid: string, entry: ShelfEntry, total: number | null): ShelfWrite {
  if (total !== null && !TotalPagesSchema.safeParse(total).success) throw new ShelfError('invalid-page', String(total));
  const change: Change = { totalPages: total };
  if (total !== null && entry.currentPage > total) change.currentPage = total;
  return commitChange(db, uid, entry, change);
}

/** "Read again": back to reading from page 0; the finished read's pages stay counted (pagesBanked). */
export function readAgain(db: Firestore, uid: string, entry: ShelfEntry): ShelfWrite {
  if (entry.status !== 'read') throw new ShelfError('invalid-book', 'only a finished book can be read again');
  return commitChange(db, uid, entry, {
    status: 'reading',
    rereadCount: entry.rereadCount + 1,
    pagesBanked: entry.pagesBanked + entry.currentPage,
    currentPage: 0,
    startedAt: new Date(),
    finishedAt: null,
  });
}

/** Rate in half stars (0.5–5), or null to clear. */
export function setRating(db: Firestore, uid: string, entry: ShelfEntry, rating: number | null): ShelfWrite {
  if (rating !== null && !isHalfStar(rating)) throw new ShelfError('invalid-rating', String(rating));
  return commitChange(db, uid, entry, { rating });
}

/** Private notes (at most SHELF_LIMITS.notes characters). */
export function setNotes(db: Firestore, uid: string, entry: ShelfEntry, notes: string): ShelfWrite {
  if (notes.length > SHELF_LIMITS.notes) throw new ShelfError('notes-too-long', String(notes.length));
  return commitChange(db, uid, entry, { notes });
}

export function setCategory(db: Firestore, uid: string, entry: ShelfEntry, category: CategoryId): ShelfWrite {
  return commitChange(db, uid, entry, { category: CategoryIdSchema.parse(category) });
}

/** Take the book off the shelf (its pages and read count leave the stats with it). */
export function removeFromShelf(db: Firestore, uid: string, entry: ShelfEntry): ShelfWrite {
  return commitChange(db, uid, entry, null);
}

export function shelfRepository(db: Firestore) {
  return {
    /**
     * The whole shelf, most recent activity first; entries that fail the schema are left out. `pending`
     * holds the ISBNs with changes not yet on the server (queued offline).
     */
    watch(
      uid: string,
      onChange: (entries: ShelfEntry[], pending: ReadonlySet<string>) => void,
      onError: (err: Error) => void,
    ): Unsubscribe {
      // The marathons this reader is in, loaded now so page logs count toward them without waiting.
      trackMemberships(db, uid);
      return onSnapshot(
        collection(db, 'users', uid, 'shelf'),
        { includeMetadataChanges: true },
        (snap) => {
          const entries: ShelfEntry[] = [];
          const pending = new Set<string>();
          for (const d of snap.docs) {
            const parsed = ShelfEntrySchema.safeParse(timestampsToDates(d.data({ serverTimestamps: 'estimate' })));
            if (!parsed.success) continue;
            entries.push(parsed.data);
            if (d.metadata.hasPendingWrites) pending.add(parsed.data.isbn13);
          }
          entries.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
          onChange(entries, pending);
        },
        onError,
      );
    },
  };
}
