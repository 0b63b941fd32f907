import { deleteApp, initializeApp } from 'firebase-admin/app';
import { FieldValue, getFirestore } from 'firebase-admin/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { attributionFor } from '../../shared/schemas/catalog';
import { LocalBookIndex } from '../src/catalog';
import type { Catalog } from '../src/catalog/catalog';
import { systemClock } from '../src/catalog/clock';
import { ClubCounts, InterestTally } from '../src/catalog/club-counts';
import { bookFromDoc, startOwnData, VERIFY_LOOKUP_MAX_MS } from '../src/catalog/own-data';
import { createConsoleLogger } from '../src/logger';

// The server's verification of reader-written book records (own-data.ts), against the Firestore emulator with a
// catalog whose first lookup of the record never settles: the queue must move on and verify it on a later try.
const PROJECT = process.env.CHAEKBANG_PROJECT_ID ?? 'demo-chaekbang';

function freshIsbn(): string {
  const first12 = `9791197${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return first12 + String((10 - (sum % 10)) % 10);
}

const admin = initializeApp({ projectId: PROJECT }, `own-data-test-${Date.now()}`);
const db = getFirestore(admin);
afterAll(async () => {
  await deleteApp(admin);
});

/** Our own data with verification through `catalog`, its log lines into `log`. */
function verifying(catalog: Pick<Catalog, 'lookupIsbn'>, log: string[], extra: { retryIncompleteMs?: number } = {}) {
  const books = new LocalBookIndex();
  return startOwnData({
    projectId: PROJECT,
    books,
    club: new ClubCounts(systemClock, (id) => books.get(id)),
    interests: new InterestTally(),
    logger: createConsoleLogger('info', (line) => log.push(line)),
    verify: { catalog, perHour: 3_600_000, queueMax: 100_000, retryAfterMs: 24 * 3600_000, ...extra },
  });
}

describe('verification of reader-written book records', () => {
  it('a lookup that never settles does not hold the queue: it is given up and the record verified on a later try', async () => {
    const isbn13 = freshIsbn();
    const record = { isbn13, title: 'Offensive title', authors: ['누군가'], publisher: '창비', category: 'novel' };
    let lookups = 0;
    const catalog: Pick<Catalog, 'lookupIsbn'> = {
      lookupIsbn: (isbn: string) => {
        if (isbn !== isbn13) return Promise.resolve({ book: null, complete: true });
        lookups += 1;
        // The first lookup stalls for good (as seen in catalog.emu); the next one answers from a source.
        if (lookups === 1) return new Promise(() => {});
        const book = bookFromDoc(record);
        return Promise.resolve({
          book: book && { ...book, title: '소년이 온다', source: attributionFor('kakao', null) },
          complete: true,
        });
      },
    };
    const log: string[] = [];
    const own = verifying(catalog, log);
    try {
      await own.ready;
      await db
        .collection('books')
        .doc(isbn13)
        .set({ ...record, createdBy: 'reader-uid', createdAt: FieldValue.serverTimestamp() });
      const started = Date.now();
      let data: FirebaseFirestore.DocumentData | undefined;
      while (Date.now() - started < VERIFY_LOOKUP_MAX_MS + 15_000) {
        data = (await db.collection('books').doc(isbn13).get()).data();
        if (data?.verifiedAt) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(data?.verifiedAt, log.slice(-10).join('\n')).toBeTruthy();
      expect(data?.title).toBe('소년이 온다');
      expect(data?.source).toBe('kakao');
      expect(lookups).toBe(2);
      expect(log.some((l) => l.includes('book verification failed') && l.includes(isbn13))).toBe(true);
    } finally {
      await own.close();
    }
  }, 60_000);

  it('a "not found" from an incomplete lookup (a source busy or failing) is asked again later; a complete one is final', async () => {
    const busy = freshIsbn();
    const unknown = freshIsbn();
    const asked = new Map<string, number>();
    const catalog: Pick<Catalog, 'lookupIsbn'> = {
      lookupIsbn: async (isbn: string) => {
        const n = (asked.get(isbn) ?? 0) + 1;
        asked.set(isbn, n);
        // `busy`: its first lookup finds nothing because a source was skipped; the second finds it.
        if (isbn === busy && n >= 2) {
          const book = bookFromDoc({ isbn13: busy, title: 'Typo titel', authors: ['한강'], category: 'novel' });
          return { book: book && { ...book, title: '작별하지 않는다', source: attributionFor('yes24', null) }, complete: true };
        }
        return { book: null, complete: isbn !== busy };
      },
    };
    const log: string[] = [];
    const own = verifying(catalog, log, { retryIncompleteMs: 500 });
    try {
      await own.ready;
      for (const [isbn13, title] of [
        [busy, 'Typo titel'],
        [unknown, 'Nobody knows'],
      ] as const) {
        await db
          .collection('books')
          .doc(isbn13)
          .set({
            isbn13,
            title,
            authors: ['한강'],
            category: 'novel',
            createdBy: 'reader-uid',
            createdAt: FieldValue.serverTimestamp(),
          });
      }
      const started = Date.now();
      let data: FirebaseFirestore.DocumentData | undefined;
      while (Date.now() - started < 15_000) {
        data = (await db.collection('books').doc(busy).get()).data();
        if (data?.verifiedAt) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(data?.verifiedAt, log.slice(-10).join('\n')).toBeTruthy();
      expect(data?.title).toBe('작별하지 않는다');
      expect(asked.get(busy)).toBe(2);
      expect(log.some((l) => l.includes('asking again later') && l.includes(busy))).toBe(true);
      // The complete "not found": asked once, logged as final, never again (past two more retry delays).
      await new Promise((r) => setTimeout(r, 1200));
      expect(asked.get(unknown)).toBe(1);
      expect(log.some((l) => l.includes('no source record') && l.includes(unknown))).toBe(true);
      expect((await db.collection('books').doc(unknown).get()).data()?.verifiedAt).toBeUndefined();
    } finally {
      await own.close();
    }
  }, 60_000);
});
