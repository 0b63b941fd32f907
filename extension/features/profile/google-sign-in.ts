import {
  type Auth,
  GoogleAuthProvider,
  reauthenticateWithCredential,
  signInWithCredential,
  type User,
  type UserCredential,
} from 'firebase/auth/web-extension';
import type { Firestore } from 'firebase/firestore';
import { browser } from 'wxt/browser';
import { DisplayNameSchema } from '../../../shared/schemas/user-profile';
import { config } from '../../data/config';
import { usersRepository, whileCreatingProfile } from '../../data/users-repository';
import { googleAuthUrl, idTokenFromRedirect } from './google-oauth';

/** Google sign-in is offered only when the build has an OAuth client id (docs/google-sign-in.md). */
export function googleSignInAvailable(): boolean {
  return Boolean(config.googleOAuthClientId);
}

export class GoogleSignInError extends Error {
  override name = 'GoogleSignInError';
  constructor(
    readonly reason: 'cancelled' | 'no-token' | 'not-configured',
    detail?: string,
  ) {
    super(detail ?? reason);
  }
}

/**
 * Ask Google for an ID token through the browser's own auth window (chrome.identity.launchWebAuthFlow;
 * the redirect goes to https://<extension-id>.chromiumapp.org/, nothing is hosted by us).
 */
async function googleIdToken(): Promise<string> {
  const clientId = config.googleOAuthClientId;
  if (!clientId) throw new GoogleSignInError('not-configured');
  const redirectUri = browser.identity.getRedirectURL();
  let redirect: string | undefined;
  try {
    redirect = await browser.identity.launchWebAuthFlow({
      url: googleAuthUrl(clientId, redirectUri, crypto.randomUUID()),
      interactive: true,
    });
  } catch (err) {
    throw new GoogleSignInError('cancelled', err instanceof Error ? err.message : String(err));
  }
  const token = idTokenFromRedirect(redirect, redirectUri);
  if (!token) throw new GoogleSignInError('no-token');
  return token;
}

/** Sign in with Google; a first-time reader gets a profile named after their Google account. */
export async function signInWithGoogle(auth: Auth, db: Firestore): Promise<UserCredential> {
  const credential = GoogleAuthProvider.credential(await googleIdToken());
  // A first-time reader's profile is created here: the panel's profile listeners wait for it (see
  // whileCreatingProfile).
  return whileCreatingProfile(async () => {
    const result = await signInWithCredential(auth, credential);
    const users = usersRepository(db);
    if (!(await users.get(result.user.uid).catch(() => null))) {
      const fallback = result.user.email?.split('@')[0] ?? 'Reader';
      const name = DisplayNameSchema.safeParse(result.user.displayName ?? '');
      await users.create(result.user.uid, name.success ? name.data : fallback.slice(0, 40));
    }
    return result;
  });
}

/** Fresh Google credentials before a sensitive action (account deletion). */
export async function reauthenticateWithGoogle(user: User): Promise<void> {
  await reauthenticateWithCredential(user, GoogleAuthProvider.credential(await googleIdToken()));
}
