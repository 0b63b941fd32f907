import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  arrayRemove,
  arrayUnion,
  collection,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  getDocs,
  increment,
  serverTimestamp,
  setDoc,
  updateDoc,
} from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { epochDay } from '../../shared/reading';
import { big, useRulesEnv } from './rules-env';
import {
  ALICE,
  BOB,
  batchOf,
  ISBN,
  ISBN2,
  newEntry,
  publicStatsDoc,
  seed,
  shelfRef,
  statsChange,
  statsDoc,
  TODAY,
  userRef,
} from './shelf-fixtures';

// users/{uid}/stats/summary (private: totals, reading days, last ISBN) and users/{uid}/stats/public (level
// inputs only, readable by signed-in readers): writable only by the owner and only as the running sum of
// their shelf, the public part equal to the private one (the decision is written in the rules). Forged
// stats fail.
const { db, admin } = useRulesEnv(seed);
const HOUR = 3_600_000;
/** The newest and oldest local days a reading day may claim (UTC+14 … UTC−12, a week queued offline). */
const NEWEST_DAY = epochDay(new Date(Date.now() + 14 * HOUR), 0);
const OLDEST_DAY = epochDay(new Date(Date.now() - 12 * HOUR - 7 * 24 * HOUR), 0);

/** A batch that logs `pages` on alice's current book with the given stats change. */
function logPages(
  pages: number,
  change: Parameters<typeof statsChange>[3],
  extra: Record<string, unknown> = {},
  publicExtra: Record<string, unknown> | null = {},
) {
  const a = db(ALICE);
  const b = batchOf(a);
  b.update(shelfRef(a, ALICE), { currentPage: increment(pages), updatedAt: serverTimestamp() });
  statsChange(b, a, ALICE, change, extra, publicExtra);
  return b.commit();
}

describe('stats — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(statsDoc(db(null), ALICE)));
    await assertFails(getDoc(publicStatsDoc(db(null), ALICE)));
    await assertFails(getDocs(collection(db(null), 'users', ALICE, 'stats')));
  });
  it('owner: get and list allowed', async () => {
    await assertSucceeds(getDoc(statsDoc(db(ALICE), ALICE)));
    await assertSucceeds(getDoc(publicStatsDoc(db(ALICE), ALICE)));
    await assertSucceeds(getDocs(collection(db(ALICE), 'users', ALICE, 'stats')));
  });
  it('another reader: the public level document only; no ISBN, no reading days of a members-only reader', async () => {
    const level = await assertSucceeds(getDoc(publicStatsDoc(db(BOB), ALICE)));
    expect(level.data()).toMatchObject({ booksRead: 1, pagesRead: 110, categoriesRead: { science: 1 } });
    expect(Object.keys(level.data() ?? {}).sort()).toEqual(['booksRead', 'categoriesRead', 'pagesRead', 'updatedAt']);
    await assertFails(getDoc(statsDoc(db(BOB), ALICE)));
    await assertFails(getDocs(collection(db(BOB), 'users', ALICE, 'stats')));
  });
  it('another reader: the whole summary once the reader chose a public profile', async () => {
    await admin((raw) => updateDoc(userRef(raw, ALICE), { visibility: 'public' }));
    await assertSucceeds(getDoc(statsDoc(db(BOB), ALICE)));
    // A profile without a visibility is public (the editor's default).
    await admin((raw) => updateDoc(userRef(raw, ALICE), { visibility: deleteField() }));
    await assertSucceeds(getDoc(statsDoc(db(BOB), ALICE)));
    // Listing stays the owner's: a list cannot tell which document it would return.
    await assertFails(getDocs(collection(db(BOB), 'users', ALICE, 'stats')));
  });
});

describe('stats/public — the level inputs others read, kept equal to the summary', () => {
  it('a shelf batch moves both documents by the same amounts', async () => {
    await assertSucceeds(logPages(10, { pages: 10, day: TODAY }));
    const snap = await getDoc(publicStatsDoc(db(BOB), ALICE));
    expect(snap.data()).toMatchObject({ booksRead: 1, pagesRead: 120, categoriesRead: { science: 1 } });
  });
  it('refuses a public document that differs from the summary, or a summary change without it', async () => {
    await assertFails(logPages(10, { pages: 10, day: TODAY }, {}, { pagesRead: increment(1000) }));
    await assertFails(logPages(10, { pages: 10, day: TODAY }, {}, { booksRead: increment(5) }));
    await assertFails(logPages(10, { pages: 10, day: TODAY }, {}, { categoriesRead: { history: increment(1) } }));
    await assertFails(logPages(10, { pages: 10, day: TODAY }, {}, null));
  });
  it('refuses direct writes, extra fields (no ISBN, no days) and other readers', async () => {
    const a = db(ALICE);
    const full = { booksRead: 1, pagesRead: 110, categoriesRead: { science: 1 }, updatedAt: serverTimestamp() };
    await assertFails(setDoc(publicStatsDoc(a, ALICE), { ...full, booksRead: 99 }));
    await assertFails(updateDoc(publicStatsDoc(a, ALICE), { pagesRead: increment(500), updatedAt: serverTimestamp() }));
    await assertFails(setDoc(publicStatsDoc(a, ALICE), { ...full, lastIsbn: ISBN }));
    await assertFails(setDoc(publicStatsDoc(a, ALICE), { ...full, readDays: [TODAY] }));
    await assertFails(setDoc(publicStatsDoc(db(BOB), ALICE), full));
    await assertFails(setDoc(publicStatsDoc(db(null), ALICE), full));
    // The same values again are harmless.
    await assertSucceeds(setDoc(publicStatsDoc(a, ALICE), full));
  });
  it('migration: a reader from before the split creates it once, equal to the summary', async () => {
    await admin((raw) => deleteDoc(publicStatsDoc(raw, ALICE)));
    const a = db(ALICE);
    const full = { booksRead: 1, pagesRead: 110, categoriesRead: { science: 1 }, updatedAt: serverTimestamp() };
    await assertFails(setDoc(publicStatsDoc(a, ALICE), { ...full, pagesRead: 10_000 }));
    // Nobody else creates it for her, even with the right figures.
    await assertFails(setDoc(publicStatsDoc(db(BOB), ALICE), full));
    await assertFails(setDoc(publicStatsDoc(db(null), ALICE), full));
    await assertSucceeds(setDoc(publicStatsDoc(a, ALICE), full));
  });
  it('delete: owner only (account deletion)', async () => {
    await assertFails(deleteDoc(publicStatsDoc(db(null), ALICE)));
    await assertFails(deleteDoc(publicStatsDoc(db(BOB), ALICE)));
    await assertSucceeds(deleteDoc(publicStatsDoc(db(ALICE), ALICE)));
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
  it('backdated days: a reading day lies within a week before the server time (1970 and far past refused)', async () => {
    await assertFails(logPages(1, { pages: 1, day: 1 }));
    await assertFails(logPages(1, { pages: 1, day: TODAY - 30 }));
    await assertFails(logPages(1, { pages: 1, day: OLDEST_DAY - 1 }));
    // Tomorrow in every time zone on Earth.
    await assertFails(logPages(1, { pages: 1, day: NEWEST_DAY + 1 }));
    // A week queued offline still syncs.
    await assertSucceeds(logPages(1, { pages: 1, day: TODAY - 6 }));
    await assertSucceeds(logPages(1, { pages: 1, day: NEWEST_DAY }));
  });
  it('backdated days: seven +1-page logs cannot build a streak of past days', async () => {
    let accepted = 0;
    for (let i = 0; i < 7; i += 1) {
      try {
        await logPages(1, { pages: 1, day: TODAY - 20 + i });
        accepted += 1;
      } catch {
        // refused, as it should be
      }
    }
    expect(accepted).toBe(0);
    // The same batch for today is accepted (the refusals above are about the days, not the batch shape).
    await assertSucceeds(logPages(1, { pages: 1, day: TODAY }));
    const snap = await getDoc(statsDoc(db(ALICE), ALICE));
    expect(snap.data()?.readDays).toEqual([TODAY - 2, TODAY]);
  });
  it('lastReadDay moves only with pages, and only to the day added', async () => {
    const a = db(ALICE);
    const noPages = batchOf(a);
    noPages.update(shelfRef(a, ALICE), { notes: 'hi', updatedAt: serverTimestamp() });
    statsChange(noPages, a, ALICE, {}, { lastReadDay: TODAY });
    await assertFails(noPages.commit());
    await assertFails(logPages(10, { pages: 10 }, { lastReadDay: 1 }));
    // Pruning (no pages) with lastReadDay moved.
    await assertFails(
      updateDoc(statsDoc(a, ALICE), {
        readDays: arrayRemove(TODAY - 2),
        lastReadDay: TODAY,
        lastIsbn: ISBN2,
        updatedAt: serverTimestamp(),
      }),
    );
  });
  it('readDays accepts no duplicates', async () => {
    await assertFails(logPages(10, { pages: 10, day: TODAY }, { readDays: [TODAY - 2, TODAY, TODAY] }));
    await assertFails(logPages(10, { pages: 10, day: TODAY }, { readDays: [TODAY - 2, TODAY - 2, TODAY] }));
    await assertSucceeds(logPages(10, { pages: 10, day: TODAY }, { readDays: [TODAY - 2, TODAY] }));
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
