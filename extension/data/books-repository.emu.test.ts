import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { doc, type Firestore, serverTimestamp, setDoc } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesEnv } from '../../firebase/tests/rules-env';
import { booksRepository } from './books-repository';
import { newReader, randomIsbn, type TestReader } from './emu-test-support';
import { addToShelf } from './shelf-repository';
import { usersRepository } from './users-repository';

// Trusted books/{isbn13} records: the server (firebase-admin, like peer-server/src/catalog/own-data.ts)
// verifies a record from a book source and marks it; readers' clients read it, shelve the book, and can
// never change it. Real repositories, real rules, the Auth and Firestore emulators; the server's write is
// made here with the rules off, as admin rights make it.
let env: RulesTestEnvironment;
let alice: TestReader;
let bob: TestReader;
beforeAll(async () => {
  env = await rulesEnv();
  alice = await newReader('alice');
  bob = await newReader('bob');
  await usersRepository(alice.db).create(alice.uid, 'Alice');
  await usersRepository(bob.db).create(bob.uid, 'Bob');
});
afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await env?.cleanup();
});

/** What the server does once a source knows the book (merge: verified fields win, the rest stays). */
async function verify(isbn13: string, fields: Record<string, unknown>) {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    await setDoc(doc(db, 'books', isbn13), { ...fields, source: 'nl-seoji', verifiedAt: serverTimestamp() }, { merge: true });
  });
}

describe('trusted book records', () => {
  it('a reader-written record is provisional (no source, no verifiedAt)', async () => {
    const isbn13 = randomIsbn();
    await (await addToShelf(alice.db, alice.uid, { isbn13, title: '임시 제목', authors: ['누군가'] })).synced;
    const record = await booksRepository(bob.db).get(isbn13);
    expect(record?.title).toBe('임시 제목');
    expect(record?.verifiedAt ?? null).toBeNull();
    expect(record?.source ?? null).toBeNull();
  });

  it('a verified record is readable by every reader, with its source and the verified fields', async () => {
    const isbn13 = randomIsbn();
    await (await addToShelf(alice.db, alice.uid, { isbn13, title: 'Offensive title', authors: ['Vandal'] })).synced;
    await verify(isbn13, { title: '작별하지 않는다', authors: ['한강'], publisher: '문학동네' });
    const record = await booksRepository(bob.db).get(isbn13);
    expect(record).toMatchObject({ title: '작별하지 않는다', authors: ['한강'], publisher: '문학동네', source: 'nl-seoji' });
    expect(record?.verifiedAt).toBeInstanceOf(Date);
  });

  it('shelving a book whose record is verified works and leaves the record as verified (no fill attempted)', async () => {
    const isbn13 = randomIsbn();
    await (await addToShelf(alice.db, alice.uid, { isbn13, title: '첫 기록', authors: ['작가'] })).synced;
    await verify(isbn13, { title: '검증된 제목' });
    // Bob has a cover and pages the record lacks: on a provisional record he would fill them; on a
    // verified one the rules refuse any client write, so the add must not try.
    const added = await addToShelf(bob.db, bob.uid, {
      isbn13,
      title: 'Bob typed this',
      authors: ['작가'],
      coverUrl: 'https://image.yes24.com/goods/2/XL',
      pages: 300,
    });
    await expect(added.synced).resolves.toBeUndefined();
    const record = await booksRepository(alice.db).get(isbn13);
    expect(record?.title).toBe('검증된 제목');
    expect(record?.coverUrl ?? null).toBeNull();
    expect(record?.pages ?? null).toBeNull();
  });
});
