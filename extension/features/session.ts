import { onAuthStateChanged, signOut, type User } from 'firebase/auth/web-extension';
import { doc, getDocFromServer } from 'firebase/firestore';
import { useEffect, useState } from 'preact/hooks';
import type { UserProfile } from '../../shared/schemas/user-profile';
import { firebase } from '../data/firebase-app';
import { usersRepository } from '../data/users-repository';
import { currentRoom, endRoomUnlessSignedInAs, leaveRoom } from './room/room-store';

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

/** When to look again after a profile was reported gone (the account deletion may still be on its way). */
export const PROFILE_GONE_RECHECK_MS = [3_000, 10_000, 30_000] as const;

/**
 * Settle a "profile gone" report. Deleting an account removes the profile first and the account right after,
 * so the account is checked now and again after each delay: once it is gone the reader is signed out (which
 * ends the call). A profile seen again on the server meanwhile was a false alarm: the call goes on. A
 * profile still missing at every check while the account stands was really deleted: the call ends.
 */
export async function settleProfileGone(
  deps: {
    checkAccount(): Promise<'account-ok' | 'signed-out' | 'unknown'>;
    /** The profile as the server sees it now: true, false, or null when the server cannot be asked. */
    profileOnServer(): Promise<boolean | null>;
    endCall(): Promise<void>;
    wait(ms: number): Promise<void>;
    cancelled(): boolean;
  },
  delays: readonly number[] = PROFILE_GONE_RECHECK_MS,
): Promise<'signed-out' | 'false-alarm' | 'call-ended' | 'cancelled'> {
  let missingEveryTime = true;
  for (const delay of [0, ...delays]) {
    if (delay > 0) await deps.wait(delay);
    if (deps.cancelled()) return 'cancelled';
    if ((await deps.checkAccount()) === 'signed-out') return 'signed-out';
    const onServer = await deps.profileOnServer();
    if (onServer === true) return 'false-alarm';
    if (onServer === null) missingEveryTime = false;
  }
  if (deps.cancelled() || !missingEveryTime) return 'cancelled';
  await deps.endCall();
  return 'call-ended';
}

/** When the reader's profile is reported deleted during a call, settle it (see settleProfileGone). */
export function useEndCallWhenProfileGone(uid: string): void {
  useEffect(() => {
    let stopped = false;
    const stop = usersRepository(firebase().db).watch(
      uid,
      whenProfileGone(() => {
        if (!currentRoom()) return;
        void settleProfileGone({
          checkAccount: () => confirmAccountOrSignOut(firebase().auth.currentUser, signOutReader),
          profileOnServer: () =>
            getDocFromServer(doc(firebase().db, 'users', uid)).then(
              (snap) => snap.exists(),
              () => null,
            ),
          endCall: () => leaveRoom(),
          wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          cancelled: () => stopped || !currentRoom(),
        }).catch(() => {});
      }),
      () => {},
    );
    return () => {
      stopped = true;
      stop();
    };
  }, [uid]);
}
