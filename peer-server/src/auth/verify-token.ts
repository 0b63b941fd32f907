import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';

/**
 * The verified identity behind a Firebase ID token. `guest`: an anonymous account (the web room's guests,
 * `firebase.sign_in_provider === 'anonymous'`); they join rooms but create none, and Firestore refuses their writes.
 */
export type VerifiedUser = { uid: string; guest: boolean };
/** Verify a Firebase ID token; rejects with AuthError when it is missing, malformed, forged or expired. */
export type VerifyToken = (idToken: string) => Promise<VerifiedUser>;

export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    message: string,
    readonly reason: 'missing' | 'expired' | 'invalid',
  ) {
    super(message);
  }
}

/**
 * firebase-admin's verifyIdToken on a private app instance. With FIREBASE_AUTH_EMULATOR_HOST set it
 * accepts the Auth emulator's unsigned tokens but still checks project (aud/iss), expiry and subject;
 * in production it checks Google's signatures. A `demo-` project needs no credentials.
 */
export function createFirebaseVerifier(projectId: string): { verify: VerifyToken; close: () => Promise<void> } {
  const app = initializeApp({ projectId }, `chaekbang-peer-server-${randomUUID()}`);
  const auth = getAuth(app);
  return {
    async verify(idToken) {
      if (!idToken) throw new AuthError('Sign in first: the request has no Firebase ID token.', 'missing');
      if (idToken.length > 8192 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(idToken)) {
        throw new AuthError('The Firebase ID token is malformed.', 'invalid');
      }
      try {
        const decoded = await auth.verifyIdToken(idToken);
        return { uid: decoded.uid, guest: decoded.firebase?.sign_in_provider === 'anonymous' };
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (code === 'auth/id-token-expired')
          throw new AuthError('Your sign-in has expired: get a fresh ID token and try again.', 'expired');
        throw new AuthError(`The Firebase ID token was refused (${code || 'invalid'}).`, 'invalid');
      }
    },
    close: () => deleteApp(app),
  };
}
