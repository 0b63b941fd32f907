// Documents for the shelf, stats and books rules tests, built from the same shapes as shared/schemas.
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import {
  arrayUnion,
  doc,
  type Firestore,
  increment,
  serverTimestamp,
  setDoc,
  Timestamp,
  type WriteBatch,
  writeBatch,
} from 'firebase/firestore';
import { epochDay } from '../../shared/reading';

export const ALICE = 'alice';
export const BOB = 'bob';
export const ISBN = '9788936434267';
export const ISBN2 = '9791197221989';
/** The rules count days in UTC. */
export const TODAY = epochDay(new Date(), 0);
const DAY = 86_400_000;

export const shelfRef = (db: Firestore, uid: string, isbn = ISBN) => doc(db, 'users', uid, 'shelf', isbn);
export const statsDoc = (db: Firestore, uid: string) => doc(db, 'users', uid, 'stats', 'summary');
/** The part of the stats others may read: level inputs and category counts (no ISBN, no days). */
export const publicStatsDoc = (db: Firestore, uid: string) => doc(db, 'users', uid, 'stats', 'public');
/** The public summary of a book the reader is reading (shown on their profile when they allow it). */
export const readingRef = (db: Firestore, uid: string, isbn = ISBN) => doc(db, 'users', uid, 'reading', isbn);
export const userRef = (db: Firestore, uid: string) => doc(db, 'users', uid);
export const bookRef = (db: Firestore, isbn = ISBN) => doc(db, 'books', isbn);

/** A valid new shelf entry as the client writes it. */
export function newEntry(extra: Record<string, unknown> = {}, isbn = ISBN): Record<string, unknown> {
  return {
    isbn13: isbn,
    title: '아몬드',
    authors: ['손원평'],
    publisher: '창비',
    coverUrl: 'https://image.yes24.com/goods/1/XL',
    category: 'novel',
    status: 'want-to-read',
    startedAt: null,
    finishedAt: null,
    currentPage: 0,
    totalPages: 264,
    pagesBanked: 0,
    rating: null,
    notes: '',
    rereadCount: 0,
    addedAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
    ...extra,
  };
}

/** A reading entry as the client writes it: the shelf entry's book snapshot, nothing else. */
export function readingEntry(extra: Record<string, unknown> = {}, isbn = ISBN): Record<string, unknown> {
  return {
    isbn13: isbn,
    title: '아몬드',
    authors: ['손원평'],
    coverUrl: 'https://image.yes24.com/goods/1/XL',
    updatedAt: serverTimestamp(),
    ...extra,
  };
}

/**
 * The stats half of a batch (set with merge, increments), as extension/data/stats-repository.ts writes
 * it: the private summary and the public level document with the same increments. `publicExtra: null`
 * leaves the public document out of the batch.
 */
export function statsChange(
  batch: WriteBatch,
  db: Firestore,
  uid: string,
  change: { books?: number; pages?: number; categories?: Record<string, number>; day?: number | null; isbn?: string },
  extra: Record<string, unknown> = {},
  publicExtra: Record<string, unknown> | null = {},
): void {
  const categories = () =>
    Object.fromEntries(Object.entries(change.categories ?? { novel: 0 }).map(([k, v]) => [k, increment(v)]));
  batch.set(
    statsDoc(db, uid),
    {
      booksRead: increment(change.books ?? 0),
      pagesRead: increment(change.pages ?? 0),
      categoriesRead: categories(),
      readDays: change.day ? arrayUnion(change.day) : arrayUnion(),
      ...(change.day ? { lastReadDay: change.day } : {}),
      lastIsbn: change.isbn ?? ISBN,
      updatedAt: serverTimestamp(),
      ...extra,
    },
    { merge: true },
  );
  if (publicExtra === null) return;
  batch.set(
    publicStatsDoc(db, uid),
    {
      booksRead: increment(change.books ?? 0),
      pagesRead: increment(change.pages ?? 0),
      categoriesRead: categories(),
      updatedAt: serverTimestamp(),
      ...publicExtra,
    },
    { merge: true },
  );
}

/**
 * Seed (rules off): alice (members-only profile) reads ISBN (page 10 of 264, shown on her profile) and
 * has finished ISBN2 (100 pages, science), with private and public stats to match. Bob has a public
 * profile and nothing else.
 */
export async function seed(env: RulesTestEnvironment): Promise<void> {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    const at = Timestamp.fromMillis(Date.now() - 2 * DAY);
    await setDoc(shelfRef(db, ALICE), {
      ...newEntry({ status: 'reading', currentPage: 10, startedAt: at }),
      addedAt: at,
      updatedAt: at,
    });
    await setDoc(shelfRef(db, ALICE, ISBN2), {
      ...newEntry(
        {
          status: 'read',
          category: 'science',
          currentPage: 100,
          totalPages: 100,
          startedAt: at,
          finishedAt: at,
          title: '코스모스',
        },
        ISBN2,
      ),
      addedAt: at,
      updatedAt: at,
    });
    await setDoc(userRef(db, ALICE), { displayName: 'Alice', createdAt: at, visibility: 'members', showReading: true });
    await setDoc(userRef(db, BOB), { displayName: 'Bob', createdAt: at, visibility: 'public', showReading: true });
    await setDoc(readingRef(db, ALICE), { ...readingEntry(), updatedAt: at });
    await setDoc(publicStatsDoc(db, ALICE), { booksRead: 1, pagesRead: 110, categoriesRead: { science: 1 }, updatedAt: at });
    await setDoc(statsDoc(db, ALICE), {
      booksRead: 1,
      pagesRead: 110,
      categoriesRead: { science: 1 },
      readDays: [TODAY - 2],
      lastReadDay: TODAY - 2,
      lastIsbn: ISBN2,
      updatedAt: at,
    });
  });
}

export const batchOf = (db: Firestore) => writeBatch(db);
