import { EmailAuthProvider, linkWithCredential, signInAnonymously, type User, updateProfile } from 'firebase/auth/web-extension';
import { firebaseAuth } from '../../extension/data/firebase-auth';

/**
 * The guest's Firebase account: anonymous, named with what they typed. The same browser keeps it (IndexedDB),
 * so a guest who comes back is the same uid, hence the same peer id and seat. A guest who already made an
 * account here (linked below) comes back as that reader.
 */
export async function signInAsGuest(displayName: string): Promise<User> {
  const { auth } = firebaseAuth();
  await auth.authStateReady();
  const user = auth.currentUser ?? (await signInAnonymously(auth)).user;
  // The room server takes a guest's name from the join request, so the profile is written without waiting for it
  // (it is what account linking keeps later).
  if (user.displayName !== displayName) updateProfile(user, { displayName }).catch(() => {});
  return user;
}

/**
 * Ready Firebase Auth before the guest asks to join (the SDK set up, the saved session read from IndexedDB), so
 * Continue costs one sign-in round trip and no more. Signs nobody in: opening a link makes no account.
 */
export async function prepareGuestAuth(): Promise<void> {
  await firebaseAuth().auth.authStateReady();
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
