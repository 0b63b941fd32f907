import { createServer, type Server, type Socket } from 'node:net';
import { deleteApp, initializeApp } from 'firebase/app';
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from 'firebase/auth';
import {
  connectFirestoreEmulator,
  doc,
  type Firestore,
  getDoc,
  getDocFromCache,
  initializeFirestore,
  memoryLocalCache,
  terminate,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booksRepository } from './books-repository';
import { PROJECT_ID, randomIsbn } from './emu-test-support';
import { addToShelf } from './shelf-repository';
import { PUBLIC_CHECK_MS } from './stats-repository';

// A reader's action must not hang on a server that is connected but says nothing: the TCP connection is
// accepted, no byte ever comes back (what a starved emulator looked like in long e2e runs). Firestore's getDoc
// waits as long as such a server keeps it; adding a book to the shelf must still show at once from the cache.
// Auth is the real emulator (the reader is signed in); Firestore points at the silent server.

let silent: Server;
const sockets = new Set<Socket>();
let db: Firestore;
let uid: string;
let close: () => Promise<void>;

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const app = initializeApp({ apiKey: 'demo-api-key', projectId: PROJECT_ID }, `silent-${Date.now().toString(36)}`);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}`, { disableWarnings: true });
  uid = (await createUserWithEmailAndPassword(auth, `silent-${Date.now().toString(36)}@example.test`, 'correct horse 7')).user
    .uid;
  db = initializeFirestore(app, { localCache: memoryLocalCache() });
  connectFirestoreEmulator(db, '127.0.0.1', port);
  close = async () => {
    await terminate(db).catch(() => {});
    await deleteApp(app).catch(() => {});
  };
});
afterAll(async () => {
  await close?.();
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent?.close(resolve));
});

const pending = Symbol('pending');
const settledWithin = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p.then(
      (v) => v,
      (e: unknown) => e,
    ),
    new Promise<typeof pending>((r) => setTimeout(() => r(pending), ms)),
  ]);

describe('a connected server that never answers', { timeout: 30_000 }, () => {
  it('a plain getDoc is still waiting after 3 s; the bounded record read answers "not known" in its budget', async () => {
    const isbn = randomIsbn();
    const plain = getDoc(doc(db, 'books', isbn)).catch(() => null);
    const started = Date.now();
    expect(await booksRepository(db).getWithin(isbn, 500)).toBeNull();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2500);
    expect(await settledWithin(plain, 3000 - took)).toBe(pending);
  });

  it('adding a book resolves within the public-stats budget, and the entry is in the cache at once', async () => {
    const isbn = randomIsbn();
    const started = Date.now();
    const added = await settledWithin(
      addToShelf(db, uid, { isbn13: isbn, title: '말없는 서버', authors: [] }),
      PUBLIC_CHECK_MS + 3000,
    );
    expect(added).not.toBe(pending);
    expect(added).toMatchObject({ isbn13: isbn, created: true });
    expect(Date.now() - started).toBeLessThan(PUBLIC_CHECK_MS + 3000);
    const cached = await getDocFromCache(doc(db, `users/${uid}/shelf/${isbn}`));
    expect(cached.data()).toMatchObject({ isbn13: isbn, title: '말없는 서버', status: 'want-to-read' });
  });
});
