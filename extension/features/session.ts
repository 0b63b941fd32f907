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

/** Auth errors that mean the account itself is gone or no longer trusted (deleted, disabled, tokens revoked). */
const ACCOUNT_GONE = new Set(['auth/user-not-found', 'auth/user-disabled', 'auth/user-token-expired', 'auth/invalid-user-token']);

/**
 * A profile reported gone is not proof on its own: in e2e runs the Firestore emulator has told a listener,
 * and a server read right after it, that a signed-in reader's profile was missing while it existed. The
 * account is the authority. A forced token refresh fails when the account was deleted or disabled or its
 * tokens were revoked: then the reader is signed out, and the auth listener ends the call. While the account
 * stands (or the network is down, which proves nothing), the call goes on.
 */
export async function confirmAccountOrSignOut(
  user: { getIdToken(forceRefresh: boolean): Promise<string> } | null,
  signOutNow: () => Promise<void>,
): Promise<'account-ok' | 'signed-out' | 'unknown'> {
  if (!user) return 'signed-out';
  try {
    await user.getIdToken(true);
    return 'account-ok';
  } catch (err) {
    if (!ACCOUNT_GONE.has((err as { code?: string }).code ?? '')) return 'unknown';
    await signOutNow();
    return 'signed-out';
  }
}

/** When the reader's profile is reported deleted during a call, check the account; a gone account ends the call. */
export function useEndCallWhenProfileGone(uid: string): void {
  useEffect(
    () =>
      usersRepository(firebase().db).watch(
        uid,
        whenProfileGone(() => {
          void confirmAccountOrSignOut(firebase().auth.currentUser, signOutReader).catch(() => {});
        }),
        () => {},
      ),
    [uid],
  );
}
