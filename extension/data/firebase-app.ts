import type { FirebaseApp } from 'firebase/app';
import type { Auth } from 'firebase/auth/web-extension';
import {
  connectFirestoreEmulator,
  type Firestore,
  initializeFirestore,
  memoryLocalCache,
  persistentLocalCache,
  persistentMultipleTabManager,
} from 'firebase/firestore';
import { config } from './config';
import { firebaseAuth } from './firebase-auth';

// The side panel owns the session. Firestore keeps a persistent cache so offline writes show at once and
// sync when the network returns. Only the views that read Firestore import this module (the panel loads
// them on demand), so Firestore's code never delays the panel's first paint.
//
// Order matters: Auth is initialised before Firestore, so Firestore's credentials provider finds it at
// once and waits for its first token instead of starting signed out (firebaseAuth() is idempotent).
let services: { app: FirebaseApp; auth: Auth; db: Firestore } | undefined;
let cache: 'persistent' | 'memory' = 'persistent';

/**
 * Call before the page's first firebase(): this page keeps its Firestore data in memory and talks to the server
 * itself, instead of joining the panel's shared persistent cache as one more tab. The full-page editor does: as a
 * second tab of the shared cache its client depended on the panel's (the primary tab's), and a hidden panel left
 * it waiting for the reader's profile; it needs no offline cache (its draft is in storage.local, and publishing
 * waits for the server before the draft goes).
 */
export function keepFirestoreInMemory() {
  if (!services) cache = 'memory';
}

export function firebase() {
  if (services) return services;
  const { app, auth } = firebaseAuth();
  const db = initializeFirestore(app, {
    localCache: cache === 'memory' ? memoryLocalCache() : persistentLocalCache({ tabManager: persistentMultipleTabManager() }),
  });
  if (config.emulators) {
    const [host, port] = config.emulators.firestoreHost.split(':');
    connectFirestoreEmulator(db, host ?? '127.0.0.1', Number(port));
  }
  services = { app, auth, db };
  return services;
}
