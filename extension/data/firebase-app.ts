import type { FirebaseApp } from 'firebase/app';
import type { Auth } from 'firebase/auth/web-extension';
import {
  connectFirestoreEmulator,
  type Firestore,
  initializeFirestore,
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

export function firebase() {
  if (services) return services;
  const { app, auth } = firebaseAuth();
  const db = initializeFirestore(app, {
    localCache: persistentLocalCache({ tabManager: persistentMultipleTabManager() }),
  });
  if (config.emulators) {
    const [host, port] = config.emulators.firestoreHost.split(':');
    connectFirestoreEmulator(db, host ?? '127.0.0.1', Number(port));
  }
  services = { app, auth, db };
  return services;
}
