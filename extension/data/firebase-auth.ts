import { type FirebaseApp, getApp, getApps, initializeApp } from 'firebase/app';
import { type Auth, connectAuthEmulator, indexedDBLocalPersistence, initializeAuth } from 'firebase/auth/web-extension';
import { config } from './config';

// Firebase Auth on its own, without Firestore: the panel's session needs only this, so it loads (and the
// tabs paint) before any view pulls Firestore in (see firebase-app.ts). Auth persists in IndexedDB, so the
// session survives closing the panel.
let services: { app: FirebaseApp; auth: Auth } | undefined;

export function firebaseAuth() {
  if (services) return services;
  const app = getApps().length > 0 ? getApp() : initializeApp(config.firebase);
  const auth = initializeAuth(app, { persistence: indexedDBLocalPersistence });
  if (config.emulators) connectAuthEmulator(auth, config.emulators.authUrl, { disableWarnings: true });
  services = { app, auth };
  return services;
}
