import {
  browserLocalPersistence,
  EmailAuthProvider,
  linkWithCredential,
  type User,
  updateProfile,
} from 'firebase/auth/web-extension';
import { firebaseAuth, keepAuthIn } from '../../extension/data/firebase-auth';
import type { GuestSession } from './guest-session';

// A plain page in one tab: the session in localStorage (see keepAuthIn), where guest-session.ts keeps the guest it
// signed up. This module is the web room's only way into the Firebase Auth SDK, loaded after the call is up.
keepAuthIn(browserLocalPersistence);

/**
 * The Firebase Auth SDK takes over the guest that guest-session.ts signed up (or found) without it: the SDK reads the
 * same stored user, checks it with the Auth server, and from then on refreshes its tokens. Returns the SDK's user, or
 * null if the SDK holds someone else (or nobody: the account is gone).
 */
export async function adoptGuest(session: GuestSession): Promise<User | null> {
  const { auth } = firebaseAuth();
  await auth.authStateReady();
  const user = auth.currentUser;
  if (!user || user.uid !== session.uid) return null;
  session.handOver(user);
  return user;
}

/**
 * The name the guest typed, on their account (what account linking keeps later). The room server takes a guest's
 * name from the join request, so nobody waits for this.
 */
export function nameGuest(user: User, displayName: string): void {
  if (user.displayName !== displayName) updateProfile(user, { displayName }).catch(() => {});
}

/**
 * "Create an account": the anonymous account gets an e-mail and password (linkWithCredential), so its uid,
 * display name and seat stay; it is never replaced by a new account.
 */
export async function linkGuestAccount(user: User, email: string, password: string, displayName: string): Promise<User> {
  // Read before linking: the linked user is the same object, refreshed from the server's answer.
  const name = user.displayName || displayName;
  const { user: linked } = await linkWithCredential(user, EmailAuthProvider.credential(email, password));
  if (linked.displayName !== name && name) await updateProfile(linked, { displayName: name });
  return linked;
}

/** Firebase Auth error codes a guest linking an account can meet, sorted by what we tell them. */
export function linkErrorKind(err: unknown): 'exists' | 'weak-password' | 'invalid-email' | 'other' {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (
    code === 'auth/email-already-in-use' ||
    code === 'auth/credential-already-in-use' ||
    code === 'auth/provider-already-linked'
  )
    return 'exists';
  if (code === 'auth/weak-password' || code === 'auth/missing-password') return 'weak-password';
  if (code === 'auth/invalid-email' || code === 'auth/missing-email') return 'invalid-email';
  return 'other';
}
