import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  getDoc,
  getDocs,
  increment,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
} from 'firebase/firestore';
import { describe, it } from 'vitest';
import { big, useRulesEnv } from './rules-env';
import {
  ALICE,
  BOB,
  batchOf,
  ISBN,
  ISBN2,
  newEntry,
  publicStatsDoc,
  readingRef,
  seed,
  shelfRef,
  statsChange,
  statsDoc,
  TODAY,
} from './shelf-fixtures';

// users/{uid}/shelf/{isbn13}: signed out, owner and another reader × get, list, create, update, delete,
// hostile writes, and the rule that a change to what an entry counts must carry its stats change.
const NEW = '9788932917245';

const { db } = useRulesEnv(seed);
const fresh = (extra: Record<string, unknown> = {}) => newEntry(extra, NEW);

describe('shelf — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(shelfRef(db(null), ALICE)));
    await assertFails(getDocs(collection(db(null), 'users', ALICE, 'shelf')));
  });
  it('owner: get and list allowed', async () => {
    await assertSucceeds(getDoc(shelfRef(db(ALICE), ALICE)));
    await assertSucceeds(getDocs(collection(db(ALICE), 'users', ALICE, 'shelf')));
  });
  it('another reader: get and list refused (private notes live here)', async () => {
    await assertFails(getDoc(shelfRef(db(BOB), ALICE)));
    await assertFails(getDocs(collection(db(BOB), 'users', ALICE, 'shelf')));
  });
});

describe('shelf — create', () => {
  it('owner adds a want-to-read book (counts nothing, no stats needed)', async () => {
    await assertSucceeds(setDoc(shelfRef(db(ALICE), ALICE, NEW), fresh()));
  });
  it('owner adds a book already being read, with its stats change in the same batch', async () => {
    const b = batchOf(db(ALICE));
    b.set(shelfRef(db(ALICE), ALICE, NEW), fresh({ status: 'reading', currentPage: 20 }));
    statsChange(b, db(ALICE), ALICE, { pages: 20, day: TODAY, isbn: NEW });
    await assertSucceeds(b.commit());
  });
  it('refuses a counted book without the stats change', async () => {
    await assertFails(setDoc(shelfRef(db(ALICE), ALICE, NEW), fresh({ status: 'reading', currentPage: 20 })));
    await assertFails(setDoc(shelfRef(db(ALICE), ALICE, NEW), fresh({ status: 'read' })));
  });
  it("signed out and another reader cannot create on the owner's shelf", async () => {
    await assertFails(setDoc(shelfRef(db(null), ALICE, NEW), fresh()));
    await assertFails(setDoc(shelfRef(db(BOB), ALICE, NEW), fresh()));
  });
  it('refuses wrong types, extra fields, missing fields and 1 MB strings', async () => {
    const write = (data: Record<string, unknown>) => setDoc(shelfRef(db(ALICE), ALICE, NEW), data);
    await assertFails(write(fresh({ title: 42 })));
    await assertFails(write(fresh({ authors: 'one author' })));
    await assertFails(write(fresh({ authors: [1, 2] })));
    await assertFails(write(fresh({ currentPage: '10' })));
    await assertFails(write(fresh({ currentPage: 1.5 })));
    await assertFails(write(fresh({ isAdmin: true })));
    const { notes: _n, ...withoutNotes } = fresh();
    await assertFails(write(withoutNotes));
    await assertFails(write(fresh({ title: big(1_000_000) })));
    await assertFails(write(fresh({ notes: big(1_000_000) })));
    await assertFails(write(fresh({ notes: big(2001) })));
    await assertFails(write(fresh({ authors: Array.from({ length: 13 }, (_, i) => `author ${i}`) })));
    await assertFails(write(fresh({ authors: ['ok', big(121)] })));
    await assertSucceeds(write(fresh({ notes: big(2000), authors: Array.from({ length: 12 }, (_, i) => `author ${i}`) })));
  });
  it('refuses an ISBN that is not the document id, or not an ISBN-13', async () => {
    await assertFails(setDoc(shelfRef(db(ALICE), ALICE, NEW), fresh({ isbn13: ISBN })));
    await assertFails(setDoc(shelfRef(db(ALICE), ALICE, 'not-an-isbn'), newEntry({}, 'not-an-isbn')));
  });
  it('refuses future dates, negative pages, currentPage > totalPages and silly page counts', async () => {
    const write = (data: Record<string, unknown>) => setDoc(shelfRef(db(ALICE), ALICE, NEW), data);
    const nextWeek = Timestamp.fromMillis(Date.now() + 7 * 86_400_000);
    await assertFails(write(fresh({ startedAt: nextWeek })));
    await assertFails(write(fresh({ finishedAt: nextWeek })));
    await assertFails(write(fresh({ startedAt: 'yesterday' })));
    await assertFails(write(fresh({ currentPage: -1 })));
    await assertFails(write(fresh({ totalPages: 0 })));
    await assertFails(write(fresh({ totalPages: 20_001 })));
    await assertFails(write(fresh({ currentPage: 300, totalPages: 264 })));
    await assertFails(write(fresh({ pagesBanked: -5 })));
  });
  it('dates: not in the future beyond a few minutes of clock skew; finished after started, and only when read', async () => {
    const write = (data: Record<string, unknown>) => setDoc(shelfRef(db(ALICE), ALICE, NEW), data);
    const inAnHour = Timestamp.fromMillis(Date.now() + 3_600_000);
    const inTwelveHours = Timestamp.fromMillis(Date.now() + 12 * 3_600_000);
    const yesterday = Timestamp.fromMillis(Date.now() - 86_400_000);
    const lastWeek = Timestamp.fromMillis(Date.now() - 7 * 86_400_000);
    await assertFails(write(fresh({ startedAt: inAnHour })));
    await assertFails(write(fresh({ startedAt: inTwelveHours })));
    await assertFails(write(fresh({ finishedAt: inAnHour })));
    // Finished before it was started.
    const finished = { status: 'read', currentPage: 264 };
    const withStats = (data: Record<string, unknown>) => {
      const b = batchOf(db(ALICE));
      b.set(shelfRef(db(ALICE), ALICE, NEW), fresh(data));
      statsChange(b, db(ALICE), ALICE, { books: 1, pages: 264, categories: { novel: 1 }, day: TODAY, isbn: NEW });
      return b.commit();
    };
    await assertFails(withStats({ ...finished, startedAt: yesterday, finishedAt: lastWeek }));
    // A finish date on a book that is not finished.
    await assertFails(write(fresh({ status: 'want-to-read', finishedAt: yesterday })));
    // A minute of skew is fine, and so is a finish on the day it was started.
    await assertSucceeds(write(fresh({ status: 'want-to-read', startedAt: Timestamp.fromMillis(Date.now() + 60_000) })));
    await assertSucceeds(deleteDoc(shelfRef(db(ALICE), ALICE, NEW)));
    await assertSucceeds(withStats({ ...finished, startedAt: lastWeek, finishedAt: yesterday }));
  });
  it('refuses ratings out of range or off the half-star grid; accepts half stars', async () => {
    const write = async (rating: unknown) => {
      await setDoc(shelfRef(db(ALICE), ALICE, NEW), fresh({ rating }));
      await deleteDoc(shelfRef(db(ALICE), ALICE, NEW));
    };
    await assertFails(write(0));
    await assertFails(write(5.5));
    await assertFails(write(-1));
    await assertFails(write(4.3));
    await assertFails(write('5'));
    await assertSucceeds(write(4.5));
    await assertSucceeds(write(1));
    await assertSucceeds(write(0.5));
    await assertSucceeds(write(5));
  });
  it('refuses an unknown category or status, a non-https cover, forged counters and a client addedAt', async () => {
    const write = (data: Record<string, unknown>) => setDoc(shelfRef(db(ALICE), ALICE, NEW), data);
    await assertFails(write(fresh({ category: 'cooking-and-crime' })));
    await assertFails(write(fresh({ status: 'finished' })));
    await assertFails(write(fresh({ coverUrl: 'javascript:alert(1)' })));
    await assertFails(write(fresh({ rereadCount: 3 })));
    await assertFails(write(fresh({ pagesBanked: 5000 })));
    await assertFails(write(fresh({ addedAt: Timestamp.fromMillis(0) })));
    await assertFails(write(fresh({ updatedAt: Timestamp.fromMillis(0) })));
  });
});

describe('shelf — update', () => {
  it('owner edits notes and rating (counts unchanged: no stats write needed)', async () => {
    await assertSucceeds(
      updateDoc(shelfRef(db(ALICE), ALICE), { notes: '두 번째 장이 좋다', rating: 3.5, updatedAt: serverTimestamp() }),
    );
  });
  it('owner logs 10 pages with the matching stats increment (the offline-safe batch)', async () => {
    const b = batchOf(db(ALICE));
    b.update(shelfRef(db(ALICE), ALICE), { currentPage: increment(10), updatedAt: serverTimestamp() });
    statsChange(b, db(ALICE), ALICE, { pages: 10, day: TODAY });
    await assertSucceeds(b.commit());
  });
  it('refuses logging pages without the stats write', async () => {
    await assertFails(updateDoc(shelfRef(db(ALICE), ALICE), { currentPage: increment(10), updatedAt: serverTimestamp() }));
  });
  it('refuses a stats write that names another entry', async () => {
    const b = batchOf(db(ALICE));
    b.update(shelfRef(db(ALICE), ALICE), { currentPage: increment(10), updatedAt: serverTimestamp() });
    statsChange(b, db(ALICE), ALICE, { pages: 10, day: TODAY, isbn: ISBN2 });
    await assertFails(b.commit());
  });
  it('signed out and another reader cannot update', async () => {
    await assertFails(updateDoc(shelfRef(db(null), ALICE), { notes: 'x', updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(shelfRef(db(BOB), ALICE), { notes: 'x', updatedAt: serverTimestamp() }));
  });
  it('refuses hostile updates: past the last page, negative, extra fields, rewritten addedAt', async () => {
    const up = (data: Record<string, unknown>) =>
      updateDoc(shelfRef(db(ALICE), ALICE), { ...data, updatedAt: serverTimestamp() });
    await assertFails(up({ currentPage: 265 }));
    await assertFails(up({ currentPage: -10 }));
    await assertFails(up({ totalPages: 5 }));
    await assertFails(up({ shared: true }));
    await assertFails(up({ addedAt: Timestamp.fromMillis(0) }));
    await assertFails(up({ rating: 7 }));
    await assertFails(up({ notes: big(1_000_000) }));
  });
  it('"read again" only from a finished book, one at a time, banking exactly the pages read', async () => {
    const reread = (extra: Record<string, unknown>, pages = 0) => {
      const b = batchOf(db(ALICE));
      b.update(shelfRef(db(ALICE), ALICE, ISBN2), {
        status: 'reading',
        finishedAt: null,
        currentPage: 0,
        rereadCount: 1,
        pagesBanked: 100,
        updatedAt: serverTimestamp(),
        ...extra,
      });
      statsChange(b, db(ALICE), ALICE, { pages, categories: { science: 0 }, isbn: ISBN2 });
      return b.commit();
    };
    await assertFails(reread({ rereadCount: 2 }));
    await assertFails(reread({ pagesBanked: 5000 }, 4900));
    await assertFails(reread({ rereadCount: 0 }));
    await assertSucceeds(reread({}));
    // The book being read (not finished) cannot be "read again".
    const b = batchOf(db(ALICE));
    b.update(shelfRef(db(ALICE), ALICE), {
      currentPage: 0,
      rereadCount: 1,
      pagesBanked: 10,
      updatedAt: serverTimestamp(),
    });
    statsChange(b, db(ALICE), ALICE, { books: 1, categories: { novel: 1 } });
    await assertFails(b.commit());
  });
});

describe('shelf — delete', () => {
  it('signed out and another reader cannot delete', async () => {
    await assertFails(deleteDoc(shelfRef(db(null), ALICE)));
    await assertFails(deleteDoc(shelfRef(db(BOB), ALICE)));
  });
  it('owner cannot drop a counted entry without taking it out of the stats', async () => {
    await assertFails(deleteDoc(shelfRef(db(ALICE), ALICE, ISBN2)));
  });
  it('owner deletes a counted entry with the stats change', async () => {
    const b = batchOf(db(ALICE));
    b.delete(shelfRef(db(ALICE), ALICE, ISBN2));
    statsChange(b, db(ALICE), ALICE, { books: -1, pages: -100, categories: { science: -1 }, isbn: ISBN2 });
    await assertSucceeds(b.commit());
  });
  it('owner deletes an uncounted entry on its own', async () => {
    await assertSucceeds(setDoc(shelfRef(db(ALICE), ALICE, NEW), fresh()));
    await assertSucceeds(deleteDoc(shelfRef(db(ALICE), ALICE, NEW)));
  });
  it('account deletion: stats and reading summary go first, then entries may go without bookkeeping', async () => {
    const b = batchOf(db(ALICE));
    b.delete(statsDoc(db(ALICE), ALICE));
    b.delete(publicStatsDoc(db(ALICE), ALICE));
    b.delete(readingRef(db(ALICE), ALICE));
    b.delete(shelfRef(db(ALICE), ALICE, ISBN2));
    await assertSucceeds(b.commit());
    await assertSucceeds(deleteDoc(shelfRef(db(ALICE), ALICE)));
  });
});
