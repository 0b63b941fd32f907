import { onAuthStateChanged, signOut, type User } from 'firebase/auth/web-extension';
import { useEffect, useState } from 'preact/hooks';
import type { UserProfile } from '../../shared/schemas/user-profile';
import { firebase } from '../data/firebase-app';
import { usersRepository } from '../data/users-repository';
import { endRoomUnlessSignedInAs, leaveRoom } from './room/room-store';

export type Session = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: User };

/**
 * The reader's Firebase Auth session; it persists in IndexedDB, so it survives closing the panel. Whenever
 * it ends or changes hands (signed out here or elsewhere, a revoked token, a deleted account), a live call
 * ends with it: goodbye to the room, every track stopped, the peer closed.
 */
export function useSession(): Session {
  const [session, setSession] = useState<Session>({ status: 'loading' });
  useEffect(
    () =>
      onAuthStateChanged(firebase().auth, (user) => {
        endRoomUnlessSignedInAs(user?.uid ?? null).catch(() => {});
        setSession(user ? { status: 'signed-in', user } : { status: 'signed-out' });
      }),
    [],
  );
  return session;
}

/** Sign out: leave the room first (while the ID token still lets us tell the server), then end the session. */
export async function signOutReader(): Promise<void> {
  await leaveRoom().catch(() => {});
  await signOut(firebase().auth);
}

/**
 * Calls `onGone` when a profile that was seen is confirmed deleted (the repository checks a "missing"
 * snapshot with the server before reporting it), e.g. the account was deleted from another device.
 */
export function whenProfileGone(onGone: () => void): (profile: UserProfile | null) => void {
  let seen = false;
  return (profile) => {
    if (profile) seen = true;
    else if (seen) {
      seen = false;
      onGone();
    }
  };
}

/** End the call if the reader's profile is deleted while they are in it. */
export function useEndCallWhenProfileGone(uid: string): void {
  useEffect(
    () =>
      usersRepository(firebase().db).watch(
        uid,
        whenProfileGone(() => {
          leaveRoom().catch(() => {});
        }),
        () => {},
      ),
    [uid],
  );
}
