import { type FirebaseApp, getApp, getApps, initializeApp } from 'firebase/app';
import {
  type Auth,
  connectAuthEmulator,
  indexedDBLocalPersistence,
  initializeAuth,
  type Persistence,
} from 'firebase/auth/web-extension';
import { config } from './config';

// Firebase Auth on its own, without Firestore: the panel's session needs only this, so it loads (and the
// tabs paint) before any view pulls Firestore in (see firebase-app.ts). The extension's Auth persists in IndexedDB,
// so the session survives closing the panel (the web room chooses localStorage: keepAuthIn).
let services: { app: FirebaseApp; auth: Auth } | undefined;
let persistence: Persistence = indexedDBLocalPersistence;

/**
 * Where Auth keeps the session, chosen before its first use. The web room (a plain page, one tab) keeps it in
 * localStorage, read and written synchronously: opening IndexedDB in a fresh browser profile took 60-70 ms of a
 * guest's way to the call (bench:web-room). The extension keeps IndexedDB, Firebase's choice for extensions, where
 * its readers' sessions already are.
 */
export function keepAuthIn(choice: Persistence): void {
  if (services && choice !== persistence) throw new Error('keepAuthIn: Firebase Auth has already started elsewhere');
  persistence = choice;
}

export function firebaseAuth() {
  if (services) return services;
  const app = getApps().length > 0 ? getApp() : initializeApp(config.firebase);
  const auth = initializeAuth(app, { persistence });
  if (config.emulators) connectAuthEmulator(auth, config.emulators.authUrl, { disableWarnings: true });
  services = { app, auth };
  return services;
}
