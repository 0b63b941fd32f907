import type { MessageKey } from '../../i18n';

/** Map a Firebase Auth (or Firestore) error code to a message a person can act on. */
const CODES: Record<string, MessageKey> = {
  'auth/wrong-password': 'errWrongPassword',
  'auth/invalid-credential': 'errWrongPassword',
  'auth/invalid-login-credentials': 'errWrongPassword',
  'auth/weak-password': 'errWeakPassword',
  'auth/email-already-in-use': 'errEmailInUse',
  'auth/invalid-email': 'errInvalidEmail',
  'auth/missing-email': 'errInvalidEmail',
  'auth/user-not-found': 'errUserNotFound',
  'auth/network-request-failed': 'errNetwork',
  'auth/internal-error': 'errNetwork',
  'auth/too-many-requests': 'errTooManyRequests',
  'auth/missing-password': 'errWeakPassword',
  'permission-denied': 'errPermissionDenied',
  unavailable: 'errNetwork',
};

export function authErrorKey(err: unknown): MessageKey | null {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  return CODES[code] ?? null;
}
