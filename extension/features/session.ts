import { onAuthStateChanged, type User } from 'firebase/auth/web-extension';
import { useEffect, useState } from 'preact/hooks';
import { firebase } from '../data/firebase-app';

export type Session = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: User };

/** The reader's Firebase Auth session; it persists in IndexedDB, so it survives closing the panel. */
export function useSession(): Session {
  const [session, setSession] = useState<Session>({ status: 'loading' });
  useEffect(
    () =>
      onAuthStateChanged(firebase().auth, (user) => setSession(user ? { status: 'signed-in', user } : { status: 'signed-out' })),
    [],
  );
  return session;
}
