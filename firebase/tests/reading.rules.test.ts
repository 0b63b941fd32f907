import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  deleteField,
  getDoc,
  getDocs,
  increment,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
} from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { big, useRulesEnv } from './rules-env';
import {
  ALICE,
  BOB,
  batchOf,
  ISBN2,
  newEntry,
  readingEntry,
  readingRef,
  seed,
  shelfRef,
  statsChange,
  TODAY,
  userRef,
} from './shelf-fixtures';

// users/{uid}/reading/{isbn13}: the public summary of a book the reader is reading. Readable by others
// only when the profile is public and the reader lets it show (showReading); each document can only
// exist for a shelf entry with status "reading" and carries only that entry's title, authors and cover.
// Signed out, owner and another reader × get, list, create, update, delete, plus hostile writes.
const NEW = '9788932917245';
const { db, admin } = useRulesEnv(seed);
const readingList = (uid: string | null, of: string) => getDocs(collection(db(uid), 'users', of, 'reading'));

describe('reading — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(readingRef(db(null), ALICE)));
    await assertFails(readingList(null, ALICE));
  });
  it('owner: get and list allowed', async () => {
    await assertSucceeds(getDoc(readingRef(db(ALICE), ALICE)));
    await assertSucceeds(readingList(ALICE, ALICE));
  });
  it('another reader: refused while the profile is members-only', async () => {
    await assertFails(getDoc(readingRef(db(BOB), ALICE)));
    await assertFails(readingList(BOB, ALICE));
  });
  it('another reader: allowed with a public profile that shows what it reads', async () => {
    await admin((raw) => updateDoc(userRef(raw, ALICE), { visibility: 'public' }));
    const list = await assertSucceeds(readingList(BOB, ALICE));
    expect(list.docs.map((d) => d.data().title)).toEqual(['아몬드']);
  });
  it('another reader: refused with a public profile when the reader hides it (or never chose)', async () => {
    await admin((raw) => updateDoc(userRef(raw, ALICE), { visibility: 'public', showReading: false }));
    await assertFails(readingList(BOB, ALICE));
    await admin((raw) => updateDoc(userRef(raw, ALICE), { showReading: deleteField() }));
    await assertFails(readingList(BOB, ALICE));
  });
});

describe('reading — create and update', () => {
  it('owner publishes a book that is on the shelf with status reading', async () => {
    await admin((raw) => deleteDoc(readingRef(raw, ALICE)));
    await assertSucceeds(setDoc(readingRef(db(ALICE), ALICE), readingEntry()));
    await assertSucceeds(setDoc(readingRef(db(ALICE), ALICE), readingEntry()));
  });
  it('owner starts a book: shelf entry, stats and reading summary in one batch', async () => {
    const a = db(ALICE);
    const b = batchOf(a);
    b.set(shelfRef(a, ALICE, NEW), newEntry({ status: 'reading', startedAt: Timestamp.now(), currentPage: 5 }, NEW));
    statsChange(b, a, ALICE, { pages: 5, day: TODAY, isbn: NEW });
    b.set(readingRef(a, ALICE, NEW), readingEntry({}, NEW));
    await assertSucceeds(b.commit());
  });
  it('refuses a book that is not on the shelf, finished, or only wanted', async () => {
    const a = db(ALICE);
    await assertFails(setDoc(readingRef(a, ALICE, NEW), readingEntry({}, NEW)));
    await assertFails(setDoc(readingRef(a, ALICE, ISBN2), readingEntry({ title: '코스모스' }, ISBN2)));
    await assertSucceeds(setDoc(shelfRef(a, ALICE, NEW), newEntry({}, NEW)));
    await assertFails(setDoc(readingRef(a, ALICE, NEW), readingEntry({}, NEW)));
  });
  it('refuses a summary that differs from the shelf entry, or carries more than title, authors and cover', async () => {
    const a = db(ALICE);
    await assertFails(setDoc(readingRef(a, ALICE), readingEntry({ title: '다른 책' })));
    await assertFails(setDoc(readingRef(a, ALICE), readingEntry({ authors: ['누군가'] })));
    await assertFails(setDoc(readingRef(a, ALICE), readingEntry({ coverUrl: 'https://evil.example/x.png' })));
    await assertFails(setDoc(readingRef(a, ALICE), readingEntry({ notes: '비밀 메모' })));
    await assertFails(setDoc(readingRef(a, ALICE), readingEntry({ currentPage: 10 })));
    await assertFails(setDoc(readingRef(a, ALICE), readingEntry({ title: big(1_000_000) })));
    await assertFails(setDoc(readingRef(a, ALICE), readingEntry({ isbn13: ISBN2 })));
    await assertFails(setDoc(readingRef(a, ALICE), readingEntry({ updatedAt: Timestamp.fromMillis(0) })));
  });
  it('signed out and another reader cannot write', async () => {
    await assertFails(setDoc(readingRef(db(null), ALICE), readingEntry()));
    await assertFails(setDoc(readingRef(db(BOB), ALICE), readingEntry()));
    await assertFails(updateDoc(readingRef(db(BOB), ALICE), { title: 'x', updatedAt: serverTimestamp() }));
  });
});

describe('reading — kept true by shelf writes', () => {
  it('finishing the book must take it off the reading summary in the same batch', async () => {
    const finish = (withReading: boolean) => {
      const a = db(ALICE);
      const b = batchOf(a);
      b.update(shelfRef(a, ALICE), {
        status: 'read',
        finishedAt: Timestamp.now(),
        currentPage: increment(254),
        updatedAt: serverTimestamp(),
      });
      statsChange(b, a, ALICE, { books: 1, pages: 254, categories: { novel: 1 }, day: TODAY });
      if (withReading) b.delete(readingRef(a, ALICE));
      return b.commit();
    };
    await assertFails(finish(false));
    await assertSucceeds(finish(true));
  });
  it('removing the book from the shelf must remove it from the summary too', async () => {
    const a = db(ALICE);
    const remove = (withReading: boolean) => {
      const b = batchOf(a);
      b.delete(shelfRef(a, ALICE));
      statsChange(b, a, ALICE, { pages: -10 });
      if (withReading) b.delete(readingRef(a, ALICE));
      return b.commit();
    };
    await assertFails(remove(false));
    await assertSucceeds(remove(true));
  });
  it('status "stopped" hides it too', async () => {
    const a = db(ALICE);
    await assertFails(updateDoc(shelfRef(a, ALICE), { status: 'stopped', updatedAt: serverTimestamp() }));
    const b = batchOf(a);
    b.update(shelfRef(a, ALICE), { status: 'stopped', updatedAt: serverTimestamp() });
    b.delete(readingRef(a, ALICE));
    await assertSucceeds(b.commit());
  });
});

describe('reading — delete', () => {
  it('signed out and another reader cannot delete; the owner can at any time', async () => {
    await assertFails(deleteDoc(readingRef(db(null), ALICE)));
    await assertFails(deleteDoc(readingRef(db(BOB), ALICE)));
    await assertSucceeds(deleteDoc(readingRef(db(ALICE), ALICE)));
  });
});
