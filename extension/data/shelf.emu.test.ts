import {
  collection,
  disableNetwork,
  doc,
  enableNetwork,
  getDoc,
  getDocFromServer,
  getDocs,
  setDoc,
  updateDoc,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochDay } from '../../shared/reading';
import type { ShelfEntry } from '../../shared/schemas/shelf-entry';
import { deleteAccountData, updateProfile } from './account-data';
import { booksRepository } from './books-repository';
import { eventually, newReader, randomIsbn, type TestReader } from './emu-test-support';
import { marathonsReady } from './marathons-repository';
import { readingRepository } from './reading-repository';
import {
  addToShelf,
  changeStatus,
  logPages,
  markFinished,
  readAgain,
  removeFromShelf,
  ShelfError,
  setCategory,
  setCurrentPage,
  setNotes,
  setRating,
  setTotalPages,
  shelfRepository,
} from './shelf-repository';
import { statsRepository } from './stats-repository';
import { usersRepository } from './users-repository';

// The real repositories, the real rules, the Auth and Firestore emulators.
// Fresh ISBNs: books/{isbn13} records are shared by every test of the run.
const ALMOND = {
  isbn13: randomIsbn(),
  title: '아몬드',
  authors: ['손원평'],
  publisher: '창비',
  coverUrl: 'http://image.yes24.com/goods/1/XL',
  pages: 264,
  categoryPath: '국내도서 > 소설/시/희곡 > 한국소설',
};
const ESSAY = { isbn13: randomIsbn(), title: '에세이', authors: ['김작가'], kdc: '814.7' };

let alice: TestReader;
let bob: TestReader;

beforeAll(async () => {
  alice = await newReader('alice');
  bob = await newReader('bob');
  await usersRepository(alice.db).create(alice.uid, 'Alice');
  await usersRepository(bob.db).create(bob.uid, 'Bob');
});
afterAll(async () => {
  await alice?.close();
  await bob?.close();
});

async function entry(reader: TestReader, isbn13: string): Promise<ShelfEntry> {
  let found: ShelfEntry | undefined;
  await new Promise<void>((resolve, reject) => {
    const stop = shelfRepository(reader.db).watch(
      reader.uid,
      (entries) => {
        found = entries.find((e) => e.isbn13 === isbn13);
        stop();
        resolve();
      },
      reject,
    );
  });
  if (!found) throw new Error(`${isbn13} is not on the shelf`);
  return found;
}

describe('addToShelf', () => {
  it('adds a detected book: shelf entry, shared books record and stats in one batch', async () => {
    const added = await addToShelf(alice.db, alice.uid, ALMOND, 'reading');
    await added.synced;
    expect(added.created).toBe(true);
    const e = await entry(alice, ALMOND.isbn13);
    expect(e).toMatchObject({ status: 'reading', category: 'novel', totalPages: 264, currentPage: 0 });
    expect(e.coverUrl).toBe('https://image.yes24.com/goods/1/XL');
    const record = await booksRepository(bob.db).get(ALMOND.isbn13);
    expect(record).toMatchObject({ title: '아몬드', createdBy: alice.uid, category: 'novel', pages: 264 });
    const stats = await statsRepository(bob.db).get(alice.uid);
    expect(stats).toMatchObject({ booksRead: 0, pagesRead: 0 });
  });

  it('a second reader adding the same book shares the one record and cannot change it', async () => {
    const added = await addToShelf(bob.db, bob.uid, { ...ALMOND, title: 'Vandalised', coverUrl: undefined });
    await added.synced;
    const record = await booksRepository(alice.db).get(ALMOND.isbn13);
    expect(record?.title).toBe('아몬드');
    expect((await entry(bob, ALMOND.isbn13)).title).toBe('Vandalised');
  });

  it('two readers adding a new book at the same moment: one creates the record, neither add is lost', async () => {
    const book = { isbn13: randomIsbn(), title: '동시에', authors: ['둘'], pages: 120 };
    const [a, b] = await Promise.all([addToShelf(alice.db, alice.uid, book), addToShelf(bob.db, bob.uid, book)]);
    await Promise.all([a.synced, b.synced]);
    expect((await entry(alice, book.isbn13)).title).toBe('동시에');
    expect((await entry(bob, book.isbn13)).title).toBe('동시에');
    expect([alice.uid, bob.uid]).toContain((await booksRepository(alice.db).get(book.isbn13))?.createdBy);
  });

  it('refuses an invalid ISBN with a typed error', async () => {
    const wrongCheckDigit = `${ESSAY.isbn13.slice(0, 12)}${(Number(ESSAY.isbn13[12]) + 1) % 10}`;
    await expect(addToShelf(alice.db, alice.uid, { ...ESSAY, isbn13: wrongCheckDigit })).rejects.toBeInstanceOf(ShelfError);
  });

  it('accepts a hyphenated ISBN and takes the category from KDC', async () => {
    const hyphenated = `${ESSAY.isbn13.slice(0, 3)}-${ESSAY.isbn13.slice(3, 5)}-${ESSAY.isbn13.slice(5, 12)}-${ESSAY.isbn13[12]}`;
    const added = await addToShelf(alice.db, alice.uid, { ...ESSAY, isbn13: hyphenated });
    await added.synced;
    expect((await entry(alice, ESSAY.isbn13)).category).toBe('poetry-essay');
  });
});

describe('progress, finishing, rereading — stats follow the shelf', () => {
  it('logs pages, finishes, rates, notes, reads again', async () => {
    let e = await entry(alice, ALMOND.isbn13);
    await logPages(alice.db, alice.uid, e, 10).synced;
    e = await entry(alice, ALMOND.isbn13);
    expect(e.currentPage).toBe(10);
    await setCurrentPage(alice.db, alice.uid, e, 120).synced;
    let stats = await statsRepository(alice.db).getSummary(alice.uid);
    expect(stats.pagesRead).toBe(120);
    expect(stats.readDays).toContain(epochDay(new Date()));
    expect(await statsRepository(bob.db).get(alice.uid)).toMatchObject({ pagesRead: 120, readDays: [] });

    e = await entry(alice, ALMOND.isbn13);
    await markFinished(alice.db, alice.uid, e).synced;
    e = await entry(alice, ALMOND.isbn13);
    expect(e).toMatchObject({ status: 'read', currentPage: 264 });
    expect(e.finishedAt).toBeInstanceOf(Date);
    stats = await statsRepository(alice.db).get(alice.uid);
    expect(stats).toMatchObject({ booksRead: 1, pagesRead: 264, categoriesRead: { novel: 1 } });

    await setRating(alice.db, alice.uid, e, 4.5).synced;
    await setNotes(alice.db, alice.uid, e, '좋았다').synced;
    e = await entry(alice, ALMOND.isbn13);
    expect(e).toMatchObject({ rating: 4.5, notes: '좋았다' });

    await readAgain(alice.db, alice.uid, e).synced;
    e = await entry(alice, ALMOND.isbn13);
    expect(e).toMatchObject({ status: 'reading', rereadCount: 1, pagesBanked: 264, currentPage: 0 });
    await logPages(alice.db, alice.uid, e, 30).synced;
    stats = await statsRepository(alice.db).get(alice.uid);
    expect(stats).toMatchObject({ booksRead: 1, pagesRead: 294 });
  });

  it('moves the read count when the category changes, and back out when the book is removed', async () => {
    let e = await entry(alice, ALMOND.isbn13);
    await setCategory(alice.db, alice.uid, e, 'humanities').synced;
    let stats = await statsRepository(alice.db).get(alice.uid);
    expect(stats.categoriesRead).toMatchObject({ novel: 0, humanities: 1 });
    e = await entry(alice, ALMOND.isbn13);
    await setTotalPages(alice.db, alice.uid, e, 300).synced;
    e = await entry(alice, ALMOND.isbn13);
    await removeFromShelf(alice.db, alice.uid, e).synced;
    stats = await statsRepository(alice.db).get(alice.uid);
    expect(stats).toMatchObject({ booksRead: 0, pagesRead: 0, categoriesRead: { humanities: 0 } });
  });

  it('what the reader is reading: published with the shelf batch, taken down when finished or removed', async () => {
    const gil = await newReader('gil');
    try {
      await usersRepository(gil.db).create(gil.uid, 'Gil');
      const book = { isbn13: randomIsbn(), title: '지금 읽는 책', authors: ['작가'], pages: 100 };
      await (await addToShelf(gil.db, gil.uid, book, 'reading')).synced;
      // New readers show it on their public profile by default.
      await eventually(async () =>
        expect((await readingRepository(bob.db).list(gil.uid)).map((r) => r.title)).toEqual(['지금 읽는 책']),
      );
      const e = await entry(gil, book.isbn13);
      await markFinished(gil.db, gil.uid, e).synced;
      expect(await readingRepository(bob.db).list(gil.uid)).toEqual([]);
      await readAgain(gil.db, gil.uid, await entry(gil, book.isbn13)).synced;
      expect((await readingRepository(bob.db).list(gil.uid)).length).toBe(1);
      await updateProfile(gil.db, gil.uid, { showReading: false });
      await expect(readingRepository(bob.db).list(gil.uid)).rejects.toMatchObject({ code: 'permission-denied' });
      await removeFromShelf(gil.db, gil.uid, await entry(gil, book.isbn13)).synced;
      expect(await readingRepository(gil.db).list(gil.uid)).toEqual([]);
    } finally {
      await gil.close();
    }
  });

  it('undoing "finished" takes the book back out of booksRead', async () => {
    const e0 = await entry(alice, ESSAY.isbn13);
    await changeStatus(alice.db, alice.uid, e0, 'read').synced;
    expect((await statsRepository(alice.db).get(alice.uid)).booksRead).toBe(1);
    await changeStatus(alice.db, alice.uid, await entry(alice, ESSAY.isbn13), 'reading').synced;
    expect((await statsRepository(alice.db).get(alice.uid)).booksRead).toBe(0);
  });
});

describe('offline', () => {
  it('logging pages offline shows at once, queues, and syncs with the stats when back online', async () => {
    const carol = await newReader('carol');
    try {
      await (await addToShelf(carol.db, carol.uid, ALMOND, 'reading')).synced;
      const before = await entry(carol, ALMOND.isbn13);
      // As in the panel: the reader's marathons are known by the time the shelf is shown (a page log
      // waits for them so it counts toward every running marathon; extension/data/marathons-repository.ts).
      await marathonsReady(carol.db, carol.uid);
      await disableNetwork(carol.db);
      const first = logPages(carol.db, carol.uid, before, 10);
      const e1 = await entry(carol, ALMOND.isbn13);
      expect(e1.currentPage).toBe(10);
      const second = logPages(carol.db, carol.uid, e1, 10);
      expect((await entry(carol, ALMOND.isbn13)).currentPage).toBe(20);
      // Nothing has reached the server yet: another reader still sees the old stats.
      const remote = await getDocFromServer(doc(bob.db, 'users', carol.uid, 'stats', 'public'));
      expect(remote.data()).toMatchObject({ pagesRead: 0 });
      await enableNetwork(carol.db);
      await first.synced;
      await second.synced;
      const server = await getDocFromServer(doc(carol.db, 'users', carol.uid, 'stats', 'summary'));
      expect(server.data()).toMatchObject({ pagesRead: 20 });
    } finally {
      await carol.close();
    }
  });

  it('adding a book offline (nothing cached) queues the shelf batch and still creates the shared record', async () => {
    const fay = await newReader('fay');
    try {
      const book = { isbn13: randomIsbn(), title: '비행기 모드', authors: ['작가'], pages: 90 };
      await disableNetwork(fay.db);
      const added = await addToShelf(fay.db, fay.uid, book, 'reading');
      expect((await entry(fay, book.isbn13)).title).toBe('비행기 모드');
      await enableNetwork(fay.db);
      await added.synced;
      await eventually(async () => expect((await booksRepository(bob.db).get(book.isbn13))?.createdBy).toBe(fay.uid));
    } finally {
      await fay.close();
    }
  });

  it('two devices of one reader logging offline at the same time both count (increments commute)', async () => {
    const dana = await newReader('dana');
    try {
      await (await addToShelf(dana.db, dana.uid, ALMOND, 'reading')).synced;
      const { initializeApp } = await import('firebase/app');
      const { getAuth, signInWithEmailAndPassword, connectAuthEmulator } = await import('firebase/auth');
      const { initializeFirestore, memoryLocalCache, connectFirestoreEmulator, terminate } = await import('firebase/firestore');
      const app2 = initializeApp({ apiKey: 'demo-api-key', projectId: dana.app.options.projectId }, `dana-2-${Date.now()}`);
      const auth2 = getAuth(app2);
      connectAuthEmulator(auth2, `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}`, { disableWarnings: true });
      await signInWithEmailAndPassword(auth2, dana.email, 'correct horse 7');
      const db2 = initializeFirestore(app2, { localCache: memoryLocalCache() });
      const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
      connectFirestoreEmulator(db2, host ?? '127.0.0.1', Number(port));
      const seen = await entry({ ...dana, db: db2 }, ALMOND.isbn13);
      const mine = await entry(dana, ALMOND.isbn13);
      await disableNetwork(dana.db);
      await disableNetwork(db2);
      const a = logPages(dana.db, dana.uid, mine, 10);
      const b = logPages(db2, dana.uid, seen, 25);
      await enableNetwork(dana.db);
      await a.synced;
      await enableNetwork(db2);
      await b.synced;
      const server = await getDocFromServer(doc(dana.db, 'users', dana.uid, 'shelf', ALMOND.isbn13));
      expect(server.data()?.currentPage).toBe(35);
      await eventually(async () => expect((await statsRepository(dana.db).get(dana.uid)).pagesRead).toBe(35));
      await terminate(db2);
    } finally {
      await dana.close();
    }
  });
});

describe('forgery through the SDK is refused', () => {
  it('a reader writing booksRead: 9999 directly is refused', async () => {
    await expect(updateDoc(doc(alice.db, 'users', alice.uid, 'stats', 'summary'), { booksRead: 9999 })).rejects.toMatchObject({
      code: 'permission-denied',
    });
    await expect(
      setDoc(doc(bob.db, 'users', alice.uid, 'stats', 'summary'), { booksRead: 9999 }, { merge: true }),
    ).rejects.toMatchObject({ code: 'permission-denied' });
  });
  it("another reader cannot read someone's shelf (notes are private) but can read their level", async () => {
    await expect(getDoc(doc(bob.db, 'users', alice.uid, 'shelf', ESSAY.isbn13))).rejects.toMatchObject({
      code: 'permission-denied',
    });
    await expect(statsRepository(bob.db).get(alice.uid)).resolves.toMatchObject({ booksRead: 0 });
  });
  it('a members-only reader: others read the level but not the summary (no ISBN, no reading days)', async () => {
    await updateProfile(alice.db, alice.uid, { visibility: 'members' });
    await expect(statsRepository(bob.db).getSummary(alice.uid)).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(readingRepository(bob.db).list(alice.uid)).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(statsRepository(bob.db).get(alice.uid)).resolves.toMatchObject({ booksRead: 0 });
    await updateProfile(alice.db, alice.uid, { visibility: 'public' });
    await expect(statsRepository(bob.db).getSummary(alice.uid)).resolves.toMatchObject({ booksRead: 0 });
  });
  it('nobody can list the users collection', async () => {
    await expect(getDocs(collection(bob.db, 'users'))).rejects.toMatchObject({ code: 'permission-denied' });
  });
});

describe('account deletion', () => {
  it('removes profile, shelf and stats', async () => {
    const erin = await newReader('erin');
    try {
      await usersRepository(erin.db).create(erin.uid, 'Erin');
      await (await addToShelf(erin.db, erin.uid, ALMOND, 'read')).synced;
      await (await addToShelf(erin.db, erin.uid, ESSAY, 'reading')).synced;
      const result = await deleteAccountData(erin.db, erin.uid);
      expect(result.shelfEntries).toBe(2);
      expect(await usersRepository(erin.db).get(erin.uid)).toBeNull();
      expect((await statsRepository(erin.db).get(erin.uid)).booksRead).toBe(0);
      for (const path of ['stats/summary', 'stats/public', `reading/${ESSAY.isbn13}`, 'profile/details']) {
        expect((await getDocFromServer(doc(erin.db, `users/${erin.uid}/${path}`))).exists(), path).toBe(false);
      }
    } finally {
      await erin.close();
    }
  });
});
