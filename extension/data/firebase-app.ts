import { type FirebaseApp, getApp, getApps, initializeApp } from 'firebase/app';
import { type Auth, connectAuthEmulator, indexedDBLocalPersistence, initializeAuth } from 'firebase/auth/web-extension';
import {
  connectFirestoreEmulator,
  type Firestore,
  initializeFirestore,
  persistentLocalCache,
  persistentMultipleTabManager,
} from 'firebase/firestore';
import { config } from './config';

// The side panel owns the session. Auth persists in IndexedDB (survives closing the panel); Firestore
// keeps a persistent cache so offline writes show at once and sync when the network returns.
let services: { app: FirebaseApp; auth: Auth; db: Firestore } | undefined;

export function firebase() {
  if (services) return services;
  const app = getApps().length > 0 ? getApp() : initializeApp(config.firebase);
  const auth = initializeAuth(app, { persistence: indexedDBLocalPersistence });
  const db = initializeFirestore(app, {
    localCache: persistentLocalCache({ tabManager: persistentMultipleTabManager() }),
  });
  if (config.emulators) {
    connectAuthEmulator(auth, config.emulators.authUrl, { disableWarnings: true });
    const [host, port] = config.emulators.firestoreHost.split(':');
    connectFirestoreEmulator(db, host ?? '127.0.0.1', Number(port));
  }
  services = { app, auth, db };
  return services;
}
