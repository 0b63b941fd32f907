import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import { deleteDoc, deleteField, getDoc, serverTimestamp, setDoc, Timestamp, updateDoc } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { useRulesEnv } from './rules-env';
import { ALICE, BOB, batchOf, bookRef, ISBN, ISBN2, newEntry, shelfRef } from './shelf-fixtures';

// Trusted books/{isbn13} records. The server (firebase-admin: rules do not bind it) verifies a
// reader-written record from a book source and marks it with `source` and `verifiedAt`. Clients can never
// write those fields, and a verified record takes no client write at all; a provisional one keeps the
// fill-missing-fields rule. ISBN: verified (no cover). ISBN2: provisional. Bob has both on his shelf.
const NEW = '9788932917245';
const CAROL = 'carol';

const { db } = useRulesEnv(async (env) => {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const raw = ctx.firestore() as never;
    const base = { authors: ['한강'], publisher: '창비', category: 'novel', createdAt: Timestamp.fromMillis(1_700_000_000_000) };
    await setDoc(bookRef(raw), {
      ...base,
      isbn13: ISBN,
      title: '작별하지 않는다',
      createdBy: ALICE,
      source: 'nl-seoji',
      verifiedAt: Timestamp.fromMillis(1_700_000_100_000),
    });
    await setDoc(bookRef(raw, ISBN2), { ...base, isbn13: ISBN2, title: '소년이 온다', createdBy: ALICE });
    for (const isbn of [ISBN, ISBN2]) {
      await setDoc(shelfRef(raw, BOB, isbn), { ...newEntry({}, isbn), addedAt: Timestamp.now(), updatedAt: Timestamp.now() });
    }
  });
});

const record = (extra: Record<string, unknown> = {}) => ({
  isbn13: NEW,
  title: '흰',
  authors: ['한강'],
  category: 'novel',
  createdBy: ALICE,
  createdAt: serverTimestamp(),
  ...extra,
});
function createWithShelf(data: Record<string, unknown>) {
  const d = db(ALICE);
  const b = batchOf(d);
  b.set(shelfRef(d, ALICE, NEW), newEntry({}, NEW));
  b.set(bookRef(d, NEW), data);
  return b.commit();
}

describe('trusted books — read matrix', () => {
  it('verified and provisional records: every signed-in reader reads, signed out does not', async () => {
    for (const isbn of [ISBN, ISBN2]) {
      for (const uid of [ALICE, BOB, CAROL]) await assertSucceeds(getDoc(bookRef(db(uid), isbn)));
      await assertFails(getDoc(bookRef(db(null), isbn)));
    }
  });
});

describe('trusted books — hostile writes', () => {
  it('a client cannot create a record that claims to be verified', async () => {
    await assertFails(createWithShelf(record({ source: 'nl-seoji' })));
    await assertFails(createWithShelf(record({ verifiedAt: serverTimestamp() })));
    await assertFails(createWithShelf(record({ source: 'yes24', verifiedAt: serverTimestamp() })));
    await assertFails(createWithShelf(record({ verified: true })));
    // The same record without the marker is fine (control).
    await assertSucceeds(createWithShelf(record()));
  });

  it('a client cannot mark a provisional record verified', async () => {
    await assertFails(setDoc(bookRef(db(BOB), ISBN2), { verifiedAt: serverTimestamp() }, { merge: true }));
    await assertFails(setDoc(bookRef(db(BOB), ISBN2), { source: 'kakao' }, { merge: true }));
    await assertFails(setDoc(bookRef(db(ALICE), ISBN2), { source: 'kakao', verifiedAt: serverTimestamp() }, { merge: true }));
  });

  it('a provisional record still takes a missing field from a reader who shelves it (control)', async () => {
    await assertSucceeds(setDoc(bookRef(db(BOB), ISBN2), { coverUrl: 'https://image.yes24.com/goods/2/XL' }, { merge: true }));
  });

  it('a verified record takes no client write: not a missing field, not a verified field, not the marker', async () => {
    const ref = () => bookRef(db(BOB), ISBN);
    await assertFails(setDoc(ref(), { coverUrl: 'https://image.yes24.com/goods/2/XL' }, { merge: true }));
    await assertFails(setDoc(ref(), { pages: 300 }, { merge: true }));
    await assertFails(updateDoc(ref(), { title: 'Vandalised' }));
    await assertFails(updateDoc(ref(), { authors: ['Someone else'] }));
    await assertFails(updateDoc(ref(), { source: 'kakao' }));
    await assertFails(updateDoc(ref(), { verifiedAt: deleteField() }));
    await assertFails(updateDoc(ref(), { source: deleteField(), verifiedAt: deleteField() }));
    await assertFails(updateDoc(bookRef(db(ALICE), ISBN), { title: 'The creator renames it' }));
    await assertFails(deleteDoc(ref()));
  });

  it('re-creating a verified record over it is refused (set without merge)', async () => {
    const d = db(BOB);
    const b = batchOf(d);
    b.set(bookRef(d, ISBN), {
      isbn13: ISBN,
      title: 'Replaced wholesale',
      authors: ['x'],
      category: 'novel',
      createdBy: BOB,
      createdAt: serverTimestamp(),
    });
    await assertFails(b.commit());
  });
});
