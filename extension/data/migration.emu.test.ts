import { initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { doc, type Firestore, getDocFromServer, setDoc, Timestamp } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochDay } from '../../shared/reading';
import { newReader, PROJECT_ID, randomIsbn, type TestReader } from './emu-test-support';
import { migrateReaderData } from './reader-migration';
import { readingRepository } from './reading-repository';
import { logPages, shelfRepository } from './shelf-repository';
import { statsRepository } from './stats-repository';
import { usersRepository } from './users-repository';

// A reader whose documents were written before the privacy split (bio in users/{uid}, no public level
// document, no reading summary) keeps working: the client moves everything on its next load, and a
// shelf write before that still goes through. Old documents are seeded with the rules off.
let env: RulesTestEnvironment;
let old: TestReader;
let other: TestReader;
const isbn13 = randomIsbn();
const at = Timestamp.fromMillis(Date.now() - 3 * 86_400_000);

beforeAll(async () => {
  const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
  env = await initializeTestEnvironment({ projectId: PROJECT_ID, firestore: { host: host ?? '127.0.0.1', port: Number(port) } });
  old = await newReader('legacy');
  other = await newReader('viewer');
  await env.withSecurityRulesDisabled(async (ctx) => {
    const raw = ctx.firestore() as unknown as Firestore;
    await setDoc(doc(raw, 'users', old.uid), {
      displayName: 'Old Reader',
      createdAt: at,
      bio: '예전 소개',
      interests: ['novel'],
      visibility: 'members',
    });
    await setDoc(doc(raw, 'users', old.uid, 'shelf', isbn13), {
      isbn13,
      title: '오래된 책',
      authors: ['작가'],
      publisher: null,
      coverUrl: null,
      category: 'novel',
      status: 'reading',
      startedAt: at,
      finishedAt: null,
      currentPage: 40,
      totalPages: 200,
      pagesBanked: 0,
      rating: null,
      notes: '',
      rereadCount: 0,
      addedAt: at,
      updatedAt: at,
    });
    await setDoc(doc(raw, 'users', old.uid, 'stats', 'summary'), {
      booksRead: 0,
      pagesRead: 40,
      categoriesRead: { novel: 0 },
      readDays: [epochDay(at.toDate(), 0)],
      lastReadDay: epochDay(at.toDate(), 0),
      lastIsbn: isbn13,
      updatedAt: at,
    });
  });
});
afterAll(async () => {
  await old?.close();
  await other?.close();
  await env?.cleanup();
});

async function entryOf(reader: TestReader) {
  return new Promise<import('../../shared/schemas/shelf-entry').ShelfEntry>((resolve, reject) => {
    const stop = shelfRepository(reader.db).watch(
      reader.uid,
      (entries) => {
        const found = entries.find((e) => e.isbn13 === isbn13);
        if (!found) return;
        stop();
        resolve(found);
      },
      reject,
    );
  });
}

describe('documents from before the privacy split', () => {
  it('old documents still parse', async () => {
    expect(await usersRepository(old.db).get(old.uid)).toMatchObject({ displayName: 'Old Reader', bio: '예전 소개' });
    expect(await statsRepository(old.db).getSummary(old.uid)).toMatchObject({ pagesRead: 40 });
  });
  it("before the migration, a room-mate watching a members-only reader's level learns it is unknown, not level 1", async () => {
    const outcome = await new Promise<string>((resolve) => {
      const stop = statsRepository(other.db).watch(
        old.uid,
        (stats) => {
          stop();
          resolve(`level inputs ${stats.booksRead}/${stats.pagesRead}`);
        },
        (err) => {
          stop();
          resolve((err as { code?: string }).code ?? 'error');
        },
      );
    });
    expect(outcome).toBe('permission-denied');
  });
  it('a page log before the migration ran creates the public level document first and is accepted', async () => {
    const e = await entryOf(old);
    await logPages(old.db, old.uid, e, 10).synced;
    expect(await statsRepository(other.db).get(old.uid)).toMatchObject({ pagesRead: 50 });
  });
  it('the migration moves bio and interests out of the document everyone may read, and publishes the book being read', async () => {
    await migrateReaderData(old.db, old.uid);
    const tile = await getDocFromServer(doc(other.db, 'users', old.uid));
    expect(tile.data()).toMatchObject({ displayName: 'Old Reader' });
    expect(tile.data()).not.toHaveProperty('bio');
    expect(tile.data()).not.toHaveProperty('interests');
    expect(await usersRepository(old.db).get(old.uid)).toMatchObject({ bio: '예전 소개', interests: ['novel'] });
    // Members-only: the viewer gets the name, not the bio.
    expect(await usersRepository(other.db).get(old.uid)).not.toHaveProperty('bio');
    expect((await readingRepository(old.db).list(old.uid)).map((r) => r.title)).toEqual(['오래된 책']);
    // Running it again changes nothing.
    await migrateReaderData(old.db, old.uid);
    expect(await usersRepository(old.db).get(old.uid)).toMatchObject({ bio: '예전 소개' });
  });
});
