import {
  browserLocalPersistence,
  EmailAuthProvider,
  linkWithCredential,
  signInAnonymously,
  type User,
  updateProfile,
} from 'firebase/auth/web-extension';
import { firebaseAuth, keepAuthIn } from '../../extension/data/firebase-auth';
import { mark } from '../../extension/utils/perf-mark';

// A plain page in one tab: the session in localStorage (see keepAuthIn). This module is the web room's only way into
// Firebase Auth, and it is evaluated before anything asks Auth for a user.
keepAuthIn(browserLocalPersistence);

/**
 * The guest's Firebase account: anonymous. The web room starts it when the guest shows they mean to join (types a
 * name), not on page load, so opening a link makes no account. The same browser keeps it (IndexedDB), so a guest who
 * comes back is the same uid, hence the same peer id and seat. A guest who already made an account here (linked
 * below) comes back as that reader.
 */
export async function signInAsGuest(): Promise<User> {
  mark('signin-start');
  const { auth } = firebaseAuth();
  await auth.authStateReady();
  mark('auth-ready');
  const user = auth.currentUser ?? (await signInAnonymously(auth)).user;
  mark('signed-in');
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
 * Ready Firebase Auth before the guest asks to join (the SDK set up, the saved session read from IndexedDB), so
 * the sign-in costs one round trip and no more. Signs nobody in: opening a link makes no account. Returns the
 * account this browser already has (a guest coming back), if any.
 */
export async function prepareGuestAuth(): Promise<User | null> {
  const { auth } = firebaseAuth();
  await auth.authStateReady();
  return auth.currentUser;
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
