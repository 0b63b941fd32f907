import type { User } from 'firebase/auth/web-extension';
import { useEffect, useState } from 'preact/hooks';
import type { UserProfile } from '../../shared/schemas/user-profile';
import { currentRoom, endRoomUnlessSignedInAs, leaveRoom, useCurrentRoom } from './room/room-store';

export type Session = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: User };
/** The panel's session: also 'resuming' while Auth restores the reader the hint says was signed in. */
export type PanelSession = Session | { status: 'resuming' };

/**
 * A hint that a reader was signed in on this browser profile the last time Auth said so: the panel paints its
 * tabs at once instead of waiting for Auth (which reads IndexedDB and checks the account with the server).
 * It holds no data of the reader (the uid is only compared), so nothing of one reader can show to another;
 * it is set whenever Auth reports a reader and removed whenever Auth reports none (sign-out here or in
 * another panel, a deleted or revoked account). Auth stays the authority: a wrong hint costs a moment of
 * empty tabs before the sign-in form.
 */
export const READER_HINT_KEY = 'chaekbang:signed-in-reader';

export function readerHint(storage: Pick<Storage, 'getItem'> | null = hintStorage()): string | null {
  try {
    const uid = storage?.getItem(READER_HINT_KEY);
    return uid && /^[A-Za-z0-9_-]{1,128}$/.test(uid) ? uid : null;
  } catch {
    return null; // storage blocked: no hint, the panel waits for Auth as before
  }
}

export function rememberReader(
  uid: string | null,
  storage: Pick<Storage, 'setItem' | 'removeItem'> | null = hintStorage(),
): void {
  try {
    if (uid) storage?.setItem(READER_HINT_KEY, uid);
    else storage?.removeItem(READER_HINT_KEY);
  } catch {
    // storage full or blocked: the next open waits for Auth
  }
}

function hintStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

type AuthModule = {
  auth: import('firebase/auth/web-extension').Auth;
  onAuthStateChanged: typeof import('firebase/auth/web-extension').onAuthStateChanged;
  signOut: typeof import('firebase/auth/web-extension').signOut;
};
let authModule: Promise<AuthModule> | null = null;

/**
 * Firebase Auth, loaded on first use (its own chunk, without Firestore). The panel calls it before its first
 * render so the chunk loads while the tabs paint.
 */
export function loadAuth(): Promise<AuthModule> {
  authModule ??= Promise.all([import('firebase/auth/web-extension'), import('../data/firebase-auth')]).then(
    ([sdk, { firebaseAuth }]) => ({
      auth: firebaseAuth().auth,
      onAuthStateChanged: sdk.onAuthStateChanged,
      signOut: sdk.signOut,
    }),
    (err: unknown) => {
      authModule = null;
      throw err;
    },
  );
  return authModule;
}

/** What Auth reports next (or now, once it has settled): the signed-in reader, or null. */
export async function settledUser(): Promise<User | null> {
  const { auth, onAuthStateChanged } = await loadAuth();
  return new Promise((resolve) => {
    const stop = onAuthStateChanged(auth, (user) => {
      resolve(user);
      queueMicrotask(() => stop());
    });
  });
}

/**
 * The reader's Firebase Auth session; it persists in IndexedDB, so it survives closing the panel. Whenever
 * it ends or changes hands (signed out here or elsewhere, a revoked token, a deleted account), a live call
 * ends with it: goodbye to the room, every track stopped, the peer closed.
 */
export function useSession(): Session {
  const session = usePanelSession(false);
  return session.status === 'resuming' ? { status: 'loading' } : session;
}

/**
 * The side panel's session: as useSession, but 'resuming' (tabs without a reader yet) when the hint says a
 * reader was signed in and Auth has not answered. Auth failing to load counts as 'loading' (with a warning),
 * never as signed out.
 */
export function usePanelSession(withHint = true): PanelSession {
  const [session, setSession] = useState<PanelSession>(() =>
    withHint && readerHint() ? { status: 'resuming' } : { status: 'loading' },
  );
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    loadAuth().then(
      ({ auth, onAuthStateChanged }) => {
        if (!live) return;
        stop = onAuthStateChanged(auth, (user) => {
          endRoomUnlessSignedInAs(user?.uid ?? null).catch(() => {});
          rememberReader(user?.uid ?? null);
          setSession(user ? { status: 'signed-in', user } : { status: 'signed-out' });
        });
      },
      (err: unknown) => console.warn('Chaekbang: Firebase Auth could not be loaded', err),
    );
    return () => {
      live = false;
      stop?.();
    };
  }, []);
  return session;
}

/** Sign out: leave the room first (while the ID token still lets us tell the server), then end the session. */
export async function signOutReader(): Promise<void> {
  await leaveRoom().catch(() => {});
  const { auth, signOut } = await loadAuth();
  await signOut(auth);
  rememberReader(null);
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

/**
 * When the reader's profile is reported deleted during a call, settle it (see settleProfileGone). The profile
 * is watched only while this reader is in a call (Firestore loads with it), not from the panel's first paint.
 */
export function useEndCallWhenProfileGone(uid: string | null): void {
  const room = useCurrentRoom();
  const inCall = uid !== null && room?.uid === uid;
  useEffect(() => {
    if (!inCall || !uid) return;
    let stopped = false;
    let stop: (() => void) | null = null;
    Promise.all([import('firebase/firestore'), import('../data/firebase-app'), import('../data/users-repository')]).then(
      ([{ doc, getDocFromServer }, { firebase }, { usersRepository }]) => {
        if (stopped) return;
        stop = usersRepository(firebase().db).watch(
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
      },
      (err: unknown) => console.warn('Chaekbang: could not watch the profile during the call', err),
    );
    return () => {
      stopped = true;
      stop?.();
    };
  }, [uid, inCall]);
}
