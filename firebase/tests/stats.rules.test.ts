import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  arrayRemove,
  arrayUnion,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  increment,
  serverTimestamp,
  setDoc,
  updateDoc,
} from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { big, useRulesEnv } from './rules-env';
import { ALICE, BOB, batchOf, ISBN, ISBN2, newEntry, seed, shelfRef, statsChange, statsDoc, TODAY } from './shelf-fixtures';

// users/{uid}/stats/summary: readable by signed-in readers, writable only by the owner and only as the
// running sum of their shelf (the decision is written at the top of the rules block). Forged stats fail.
const { db } = useRulesEnv(seed);

/** A batch that logs `pages` on alice's current book with the given stats change. */
function logPages(pages: number, change: Parameters<typeof statsChange>[3], extra: Record<string, unknown> = {}) {
  const a = db(ALICE);
  const b = batchOf(a);
  b.update(shelfRef(a, ALICE), { currentPage: increment(pages), updatedAt: serverTimestamp() });
  statsChange(b, a, ALICE, change, extra);
  return b.commit();
}

describe('stats — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(statsDoc(db(null), ALICE)));
    await assertFails(getDocs(collection(db(null), 'users', ALICE, 'stats')));
  });
  it('owner and another signed-in reader: get and list allowed (levels on room tiles)', async () => {
    await assertSucceeds(getDoc(statsDoc(db(ALICE), ALICE)));
    await assertSucceeds(getDoc(statsDoc(db(BOB), ALICE)));
    await assertSucceeds(getDocs(collection(db(BOB), 'users', ALICE, 'stats')));
  });
});

describe('stats — create', () => {
  it("owner's first shelf write creates the stats consistently", async () => {
    const b = db(BOB);
    const batch = batchOf(b);
    batch.set(shelfRef(b, BOB), newEntry({ status: 'read', currentPage: 264 }));
    statsChange(batch, b, BOB, { books: 1, pages: 264, categories: { novel: 1 }, day: TODAY });
    await assertSucceeds(batch.commit());
    const snap = await getDoc(statsDoc(b, BOB));
    expect(snap.data()).toMatchObject({ booksRead: 1, pagesRead: 264, categoriesRead: { novel: 1 }, readDays: [TODAY] });
  });
  it('a reader creating booksRead: 9999 directly is refused', async () => {
    const b = db(BOB);
    await assertFails(
      setDoc(statsDoc(b, BOB), {
        booksRead: 9999,
        pagesRead: 0,
        categoriesRead: {},
        readDays: [],
        lastReadDay: TODAY,
        lastIsbn: ISBN,
        updatedAt: serverTimestamp(),
      }),
    );
  });
  it('refuses a create whose totals do not match the shelf entry written with it', async () => {
    const b = db(BOB);
    const batch = batchOf(b);
    batch.set(shelfRef(b, BOB), newEntry({ status: 'read', currentPage: 264 }));
    statsChange(batch, b, BOB, { books: 2, pages: 264, categories: { novel: 2 }, day: TODAY });
    await assertFails(batch.commit());
  });
  it('signed out and another reader cannot create stats for someone', async () => {
    const batch = batchOf(db(ALICE));
    statsChange(batch, db(ALICE), BOB, {});
    await assertFails(batch.commit());
    const anon = batchOf(db(null));
    statsChange(anon, db(null), BOB, {});
    await assertFails(anon.commit());
  });
  it('only the one summary document exists', async () => {
    await assertFails(
      setDoc(doc(db(BOB), 'users', BOB, 'stats', 'other'), {
        booksRead: 0,
        pagesRead: 0,
        categoriesRead: {},
        readDays: [],
        lastReadDay: TODAY,
        lastIsbn: ISBN,
        updatedAt: serverTimestamp(),
      }),
    );
  });
});

describe('stats — update', () => {
  it('the matching page log is accepted and adds today as a reading day', async () => {
    await assertSucceeds(logPages(10, { pages: 10, day: TODAY }));
    const snap = await getDoc(statsDoc(db(ALICE), ALICE));
    expect(snap.data()).toMatchObject({ pagesRead: 120, readDays: [TODAY - 2, TODAY] });
  });
  it('a reader writing booksRead: 9999 directly is refused', async () => {
    await assertFails(updateDoc(statsDoc(db(ALICE), ALICE), { booksRead: 9999, updatedAt: serverTimestamp() }));
    await assertFails(setDoc(statsDoc(db(ALICE), ALICE), { booksRead: 9999 }, { merge: true }));
    const b = batchOf(db(ALICE));
    statsChange(b, db(ALICE), ALICE, { books: 9998 });
    await assertFails(b.commit());
  });
  it('refuses increments that do not match the shelf change (10 pages logged, 100 claimed)', async () => {
    await assertFails(logPages(10, { pages: 100, day: TODAY }));
    await assertFails(logPages(10, { pages: 10, books: 1, categories: { novel: 1 }, day: TODAY }));
  });
  it('refuses forged categories (a category read without a finished book)', async () => {
    await assertFails(logPages(10, { pages: 10, categories: { novel: 0, history: 5 }, day: TODAY }));
    await assertFails(logPages(10, { pages: 10, categories: { novel: 3 }, day: TODAY }));
  });
  it('reading days: only with pages logged, one at a time, never in the future', async () => {
    // No pages, but a day claimed.
    const a = db(ALICE);
    const noPages = batchOf(a);
    noPages.update(shelfRef(a, ALICE), { notes: 'hi', updatedAt: serverTimestamp() });
    statsChange(noPages, a, ALICE, { day: TODAY });
    await assertFails(noPages.commit());
    await assertFails(logPages(10, { pages: 10, day: TODAY + 5 }));
    await assertFails(logPages(10, { pages: 10, day: TODAY }, { readDays: arrayUnion(TODAY - 3, TODAY - 4) }));
    await assertFails(logPages(10, { pages: 10, day: TODAY }, { lastReadDay: TODAY - 1 }));
    // A day logged offline earlier and synced today is fine.
    await assertSucceeds(logPages(10, { pages: 10, day: TODAY - 1 }));
  });
  it('pruning old reading days changes no totals and is accepted; removing pages is not', async () => {
    const a = db(ALICE);
    await assertSucceeds(
      updateDoc(statsDoc(a, ALICE), { readDays: arrayRemove(TODAY - 2), lastIsbn: ISBN2, updatedAt: serverTimestamp() }),
    );
    await assertFails(updateDoc(statsDoc(a, ALICE), { pagesRead: increment(-10), updatedAt: serverTimestamp() }));
  });
  it('refuses wrong types, extra fields, negative totals and huge values', async () => {
    const a = db(ALICE);
    const up = (data: Record<string, unknown>) => updateDoc(statsDoc(a, ALICE), { ...data, updatedAt: serverTimestamp() });
    await assertFails(up({ booksRead: '1' }));
    await assertFails(up({ level: 99 }));
    await assertFails(up({ badges: ['books-100'] }));
    await assertFails(up({ categoriesRead: { 'not-a-category': 1 } }));
    await assertFails(up({ readDays: 'every day' }));
    await assertFails(up({ readDays: Array.from({ length: 401 }, (_, i) => i) }));
    await assertFails(up({ lastIsbn: big(1_000_000) }));
    await assertFails(up({ lastIsbn: 'someone-elses-uid' }));
  });
  it("another reader or signed out cannot touch someone's stats, even with their own shelf write", async () => {
    const b = db(BOB);
    await assertFails(updateDoc(statsDoc(b, ALICE), { pagesRead: increment(10), updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(statsDoc(db(null), ALICE), { pagesRead: increment(10), updatedAt: serverTimestamp() }));
    const batch = batchOf(b);
    batch.set(shelfRef(b, BOB), newEntry({ status: 'reading', currentPage: 10 }));
    statsChange(batch, b, ALICE, { pages: 10, day: TODAY });
    await assertFails(batch.commit());
  });
});

describe('stats — delete', () => {
  it('signed out and another reader cannot delete', async () => {
    await assertFails(deleteDoc(statsDoc(db(null), ALICE)));
    await assertFails(deleteDoc(statsDoc(db(BOB), ALICE)));
  });
  it('owner can delete (account deletion); afterwards the stats can only under-count', async () => {
    await assertSucceeds(deleteDoc(statsDoc(db(ALICE), ALICE)));
    // Re-created from zero with a shelf entry that did not change: nothing to add.
    const b = batchOf(db(ALICE));
    statsChange(b, db(ALICE), ALICE, { books: 1, categories: { science: 1 }, isbn: ISBN2 });
    await assertFails(b.commit());
  });
});
