// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The web room's guest session without the Firebase Auth SDK, against the real Auth emulator; then the real SDK
// (as guest-auth.ts loads it after the call is up) takes the same user over and links it.
const PROJECT_ID = process.env.CHAEKBANG_PROJECT_ID ?? 'demo-chaekbang';
const AUTH_URL = `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}`;
const API_KEY = 'demo-api-key';
vi.stubGlobal('__CHAEKBANG_CONFIG__', {
  env: 'local',
  firebase: { apiKey: API_KEY, authDomain: `${PROJECT_ID}.firebaseapp.com`, projectId: PROJECT_ID },
  emulators: { authUrl: AUTH_URL, firestoreHost: process.env.FIRESTORE_EMULATOR_HOST },
  peerServerUrl: 'http://127.0.0.1:1',
  googleOAuthClientId: null,
});
// The web room's build aliases the web-extension build to Firebase Auth's browser build (web/room/vite.config.ts);
// so does this (by its file: Node's export conditions pick the Node build, which keeps no session in localStorage).
vi.mock(
  'firebase/auth/web-extension',
  () => import(/* @vite-ignore */ new URL('../../node_modules/@firebase/auth/dist/esm/index.js', import.meta.url).pathname),
);

const { GuestAuthError, savedGuest, signUpGuest, storageKey } = await import('./guest-session');

/** The ID token's claims (the emulator's tokens are unsigned JWTs). */
function claims(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

async function lookup(idToken: string) {
  const res = await fetch(`${AUTH_URL}/identitytoolkit.googleapis.com/v1/accounts:lookup?key=${API_KEY}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ idToken }),
  });
  return (await res.json()) as { users?: { localId: string; providerUserInfo?: unknown[]; email?: string }[] };
}

beforeAll(() => localStorage.clear());
afterAll(() => localStorage.clear());

describe('a guest signed up without the Firebase Auth SDK', () => {
  it('is a new anonymous account, kept where and as the SDK keeps a user', async () => {
    expect(savedGuest()).toBeNull();
    const guest = await signUpGuest();
    expect(guest.isAnonymous).toBe(true);
    const token = await guest.getIdToken();
    expect(claims(token)).toMatchObject({ user_id: guest.uid, firebase: { sign_in_provider: 'anonymous' } });
    const found = await lookup(token);
    expect(found.users?.[0]?.localId).toBe(guest.uid);

    const stored = JSON.parse(localStorage.getItem(storageKey()) ?? 'null');
    expect(storageKey()).toBe(`firebase:authUser:${API_KEY}:[DEFAULT]`);
    expect(stored).toMatchObject({
      uid: guest.uid,
      isAnonymous: true,
      emailVerified: false,
      stsTokenManager: { accessToken: token },
    });
    expect(stored.stsTokenManager.expirationTime).toBeGreaterThan(Date.now() + 50 * 60_000);
    // A page opened again finds the same account, and the same token while it is fresh.
    const again = savedGuest();
    expect(again?.uid).toBe(guest.uid);
    await expect(again?.getIdToken()).resolves.toBe(token);
  });

  it('refreshes an expiring token from its refresh token (once for concurrent callers) and saves it', async () => {
    const first = savedGuest();
    if (!first) throw new Error('no saved guest');
    const before = JSON.parse(localStorage.getItem(storageKey()) ?? 'null');
    // (The emulator's tokens differ by their issue time, in seconds.)
    await new Promise((r) => setTimeout(r, 1100));
    // An hour and a half later: the saved token has expired.
    const later = savedGuest(localStorage, () => Date.now() + 90 * 60_000);
    const [a, b] = await Promise.all([later?.getIdToken(), later?.getIdToken()]);
    expect(a).toBe(b);
    expect(a).not.toBe(before.stsTokenManager.accessToken);
    expect(claims(a ?? '')).toMatchObject({ user_id: first.uid });
    const after = JSON.parse(localStorage.getItem(storageKey()) ?? 'null');
    expect(after.stsTokenManager.accessToken).toBe(a);
    expect(after.stsTokenManager.expirationTime).toBeGreaterThan(before.stsTokenManager.expirationTime);
    // The first instance (another part of the page) takes the newer stored token rather than refreshing again.
    await expect(first.getIdToken()).resolves.toBe(a);
  });

  it('is taken over by the Firebase Auth SDK (same uid), which links it keeping uid and name', async () => {
    const guest = savedGuest();
    if (!guest) throw new Error('no saved guest');
    const { adoptGuest, linkGuestAccount, nameGuest } = await import('./guest-auth');
    const user = await adoptGuest(guest);
    expect(user?.uid).toBe(guest.uid);
    expect(user?.isAnonymous).toBe(true);
    if (!user) return;
    nameGuest(user, '손님 하나');
    // After the hand-over the SDK answers for the session.
    await expect(guest.getIdToken()).resolves.toBe(await user.getIdToken());

    const email = `guest-${Date.now().toString(36)}@example.test`;
    const linked = await linkGuestAccount(user, email, 'correct horse 7', '손님 하나');
    expect(linked.uid).toBe(guest.uid);
    expect(linked.isAnonymous).toBe(false);
    expect(linked.displayName).toBe('손님 하나');
    // The SDK saved the linked user where the web room looks: a reload comes back as that reader, without the SDK.
    const back = savedGuest();
    expect(back).toMatchObject({ uid: guest.uid, isAnonymous: false, email, displayName: '손님 하나' });
  });

  it("forgets a session whose account is gone, so the next Join signs up anew; never another account's", async () => {
    const deleteAccount = async (idToken: string) => {
      const res = await fetch(`${AUTH_URL}/identitytoolkit.googleapis.com/v1/accounts:delete?key=${API_KEY}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ idToken }),
      });
      expect(res.ok).toBe(true);
    };
    localStorage.clear();
    const gone = await signUpGuest();
    await deleteAccount(await gone.getIdToken());
    const err = await gone.getIdToken(true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuestAuthError);
    // (USER_NOT_FOUND from Google; the emulator says INVALID_REFRESH_TOKEN.)
    expect((err as InstanceType<typeof GuestAuthError>).code).toMatch(/^(USER_NOT_FOUND|INVALID_REFRESH_TOKEN)$/);
    expect(savedGuest()).toBeNull();

    // An old session refused after a newer account took the storage: the newer one stays.
    const old = await signUpGuest();
    const oldToken = await old.getIdToken();
    const newer = await signUpGuest();
    await deleteAccount(oldToken);
    await expect(old.getIdToken(true)).rejects.toBeInstanceOf(GuestAuthError);
    expect(savedGuest()?.uid).toBe(newer.uid);
  });

  it('reads a damaged stored session as none, without throwing', () => {
    localStorage.setItem(storageKey(), '{not json');
    expect(savedGuest()).toBeNull();
    localStorage.setItem(storageKey(), JSON.stringify({ uid: 'x', isAnonymous: true, stsTokenManager: { accessToken: 1 } }));
    expect(savedGuest()).toBeNull();
    localStorage.removeItem(storageKey());
  });
});
