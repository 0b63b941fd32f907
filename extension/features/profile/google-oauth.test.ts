import { describe, expect, it } from 'vitest';
import { googleAuthUrl, idTokenFromRedirect } from './google-oauth';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

describe('Google OAuth for the extension', () => {
  it('asks Google for an ID token with the extension redirect and a nonce', () => {
    const url = new URL(googleAuthUrl('123-x.apps.googleusercontent.com', REDIRECT, 'n0nce'));
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '123-x.apps.googleusercontent.com',
      response_type: 'id_token',
      redirect_uri: REDIRECT,
      scope: 'openid email profile',
      nonce: 'n0nce',
      prompt: 'select_account',
    });
  });
  it('reads the id_token from the redirect fragment, and nothing from anywhere else', () => {
    expect(idTokenFromRedirect(`${REDIRECT}#id_token=abc.def.ghi&authuser=0`, REDIRECT)).toBe('abc.def.ghi');
    expect(idTokenFromRedirect(`${REDIRECT}#error=access_denied`, REDIRECT)).toBeNull();
    expect(idTokenFromRedirect('https://evil.example/#id_token=abc', REDIRECT)).toBeNull();
    expect(idTokenFromRedirect(undefined, REDIRECT)).toBeNull();
  });
});
