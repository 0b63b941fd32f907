import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  deleteField,
  getDoc,
  getDocs,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
} from 'firebase/firestore';
import { describe, it } from 'vitest';
import { big, useRulesEnv } from './rules-env';
import { ALICE, BOB, batchOf, bookRef, ISBN, newEntry, shelfRef } from './shelf-fixtures';

// books/{isbn13}: shared metadata. Readable by signed-in readers; created once by a reader who shelves
// the book in the same batch; later only missing fields may be filled; never deleted or rewritten.
const NEW = '9788932917245';
const CAROL = 'carol';

const { db } = useRulesEnv(async (env) => {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const raw = ctx.firestore();
    // Alice created the record for ISBN (no cover yet); Bob has the book on his shelf too.
    await setDoc(bookRef(raw as never), {
      isbn13: ISBN,
      title: '아몬드',
      authors: ['손원평'],
      publisher: '창비',
      category: 'novel',
      createdBy: ALICE,
      createdAt: Timestamp.fromMillis(1_700_000_000_000),
    });
    await setDoc(shelfRef(raw as never, BOB), { ...newEntry(), addedAt: Timestamp.now(), updatedAt: Timestamp.now() });
  });
});

const record = (extra: Record<string, unknown> = {}, isbn = NEW) => ({
  isbn13: isbn,
  title: '소년이 온다',
  authors: ['한강'],
  publisher: '창비',
  coverUrl: 'https://image.example/cover.jpg',
  pages: 216,
  pubDate: '2014-05-19',
  category: 'novel',
  createdBy: ALICE,
  createdAt: serverTimestamp(),
  ...extra,
});

/** Alice shelves NEW and creates its record in one batch. */
function createWithShelf(uid: string, data: Record<string, unknown>, isbn = NEW) {
  const d = db(uid);
  const b = batchOf(d);
  b.set(shelfRef(d, uid, isbn), newEntry({}, isbn));
  b.set(bookRef(d, isbn), data);
  return b.commit();
}

describe('books — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(bookRef(db(null))));
    await assertFails(getDocs(collection(db(null), 'books')));
  });
  it('creator and any other signed-in reader: get and list allowed', async () => {
    await assertSucceeds(getDoc(bookRef(db(ALICE))));
    await assertSucceeds(getDoc(bookRef(db(CAROL))));
    await assertSucceeds(getDocs(collection(db(CAROL), 'books')));
  });
});

describe('books — create', () => {
  it('a reader creates the record with their shelf entry in the same batch', async () => {
    await assertSucceeds(createWithShelf(ALICE, record()));
  });
  it('refuses a record without the shelf entry', async () => {
    await assertFails(setDoc(bookRef(db(ALICE), NEW), record()));
  });
  it("signed out cannot create; nobody can create in someone else's name", async () => {
    await assertFails(setDoc(bookRef(db(null), NEW), record()));
    await assertFails(createWithShelf(ALICE, record({ createdBy: BOB })));
  });
  it('refuses wrong types, extra fields, 1 MB strings, a client createdAt, a mismatched id', async () => {
    await assertFails(createWithShelf(ALICE, record({ title: 42 })));
    await assertFails(createWithShelf(ALICE, record({ title: big(1_000_000) })));
    await assertFails(createWithShelf(ALICE, record({ publisher: big(121) })));
    await assertFails(createWithShelf(ALICE, record({ pages: -3 })));
    await assertFails(createWithShelf(ALICE, record({ pubDate: 'last spring' })));
    await assertFails(createWithShelf(ALICE, record({ coverUrl: 'http://insecure.example/x.jpg' })));
    await assertFails(createWithShelf(ALICE, record({ price: 12000 })));
    await assertFails(createWithShelf(ALICE, record({ category: 'unknown' })));
    await assertFails(createWithShelf(ALICE, record({ createdAt: Timestamp.fromMillis(0) })));
    await assertFails(createWithShelf(ALICE, record({ isbn13: ISBN })));
  });
});

describe('books — update', () => {
  it('nobody can rewrite a field, not even the creator (no vandalism)', async () => {
    await assertFails(updateDoc(bookRef(db(BOB)), { title: 'Vandalised' }));
    await assertFails(updateDoc(bookRef(db(ALICE)), { title: 'Renamed' }));
    await assertFails(updateDoc(bookRef(db(BOB)), { publisher: deleteField() }));
    await assertFails(updateDoc(bookRef(db(BOB)), { createdBy: BOB }));
  });
  it('a reader who shelves the book may fill a missing field (cover, pages)', async () => {
    await assertSucceeds(
      setDoc(bookRef(db(BOB)), { coverUrl: 'https://image.yes24.com/goods/1/XL', pages: 264 }, { merge: true }),
    );
  });
  it('filling is refused without the book on the shelf, for signed out, or with bad values', async () => {
    await assertFails(setDoc(bookRef(db(CAROL)), { coverUrl: 'https://x.example/a.jpg' }, { merge: true }));
    await assertFails(setDoc(bookRef(db(null)), { coverUrl: 'https://x.example/a.jpg' }, { merge: true }));
    await assertFails(setDoc(bookRef(db(BOB)), { coverUrl: 'javascript:alert(1)' }, { merge: true }));
    await assertFails(setDoc(bookRef(db(BOB)), { notes: 'mine' }, { merge: true }));
  });
});

describe('books — delete', () => {
  it('nobody can delete a shared record', async () => {
    await assertFails(deleteDoc(bookRef(db(null))));
    await assertFails(deleteDoc(bookRef(db(ALICE))));
    await assertFails(deleteDoc(bookRef(db(BOB))));
  });
});
