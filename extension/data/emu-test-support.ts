// Helpers for the data-layer emulator tests (*.emu.test.ts): a real Firebase app per reader, signed up
// through the Auth emulator, with Firestore on the Firestore emulator (the project's real rules).
import { deleteApp, type FirebaseApp, initializeApp } from 'firebase/app';
import { type Auth, connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from 'firebase/auth';
import {
  connectFirestoreEmulator,
  type Firestore,
  initializeFirestore,
  memoryLocalCache,
  setLogLevel,
  terminate,
} from 'firebase/firestore';

setLogLevel('silent');

export const PROJECT_ID = process.env.CHAEKBANG_PROJECT_ID ?? 'demo-chaekbang';

export type TestReader = { app: FirebaseApp; auth: Auth; db: Firestore; uid: string; email: string; close(): Promise<void> };

let counter = 0;

/** A new reader (new Auth account) with its own app instance, Auth and Firestore clients. */
export async function newReader(name = 'reader'): Promise<TestReader> {
  counter += 1;
  const id = `${name}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
  const app = initializeApp({ apiKey: 'demo-api-key', projectId: PROJECT_ID, authDomain: `${PROJECT_ID}.firebaseapp.com` }, id);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}`, { disableWarnings: true });
  const db = initializeFirestore(app, { localCache: memoryLocalCache() });
  const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
  connectFirestoreEmulator(db, host ?? '127.0.0.1', Number(port));
  const email = `${id}@example.test`;
  const cred = await createUserWithEmailAndPassword(auth, email, 'correct horse 7');
  return {
    app,
    auth,
    db,
    uid: cred.user.uid,
    email,
    async close() {
      await terminate(db).catch(() => {});
      await deleteApp(app).catch(() => {});
    },
  };
}

/** Wait until `check` passes (for listeners). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A fresh, checksum-valid ISBN-13 (979-11-…): the emulator's data is shared by every test of the run. */
export function randomIsbn(): string {
  const body = `97911${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}
