import { describe, expect, it } from 'vitest';
import { authErrorKey } from './auth-errors';

describe('authErrorKey', () => {
  it('maps the sign-in failures a reader can fix to specific messages', () => {
    expect(authErrorKey({ code: 'auth/invalid-credential' })).toBe('errWrongPassword');
    expect(authErrorKey({ code: 'auth/weak-password' })).toBe('errWeakPassword');
    expect(authErrorKey({ code: 'auth/email-already-in-use' })).toBe('errEmailInUse');
    expect(authErrorKey({ code: 'auth/network-request-failed' })).toBe('errNetwork');
  });
  it('returns null for anything unknown, so the caller shows the generic message with the detail', () => {
    expect(authErrorKey({ code: 'auth/something-new' })).toBeNull();
    expect(authErrorKey(new Error('boom'))).toBeNull();
    expect(authErrorKey(null)).toBeNull();
  });
});
