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

describe('verification of reader-written book records', () => {
  it('a lookup that never settles does not hold the queue: it is given up and the record verified on a later try', async () => {
    const isbn13 = freshIsbn();
    const record = { isbn13, title: 'Offensive title', authors: ['누군가'], publisher: '창비', category: 'novel' };
    let lookups = 0;
    const catalog = {
      book: (isbn: string) => {
        if (isbn !== isbn13) return Promise.resolve(null);
        lookups += 1;
        // The first lookup stalls for good (as seen in catalog.emu); the next one answers from a source.
        if (lookups === 1) return new Promise(() => {});
        const book = bookFromDoc(record);
        return Promise.resolve(book && { ...book, title: '소년이 온다', source: attributionFor('kakao', null) });
      },
    } as unknown as Catalog;
    const log: string[] = [];
    const books = new LocalBookIndex();
    const own = startOwnData({
      projectId: PROJECT,
      books,
      club: new ClubCounts(systemClock, (id) => books.get(id)),
      interests: new InterestTally(),
      logger: createConsoleLogger('info', (line) => log.push(line)),
      verify: { catalog, perHour: 3_600_000, queueMax: 100_000, retryAfterMs: 24 * 3600_000 },
    });
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
});
