import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';
import { type PasscodeHash, verifyPasscode } from '../src/rooms/passcode';
import { signUp, type TestUser } from './helpers';

// The per-room passcode attempt limit over HTTP: the real server, real scrypt (counted), real ID tokens.
let server: ChaekbangPeerServer;
let port = 0;
let scryptRuns = 0;
let host: TestUser;
let guessers: TestUser[];

async function api(path: string, token: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

beforeAll(async () => {
  server = createServer(loadConfig({ FIREBASE_PROJECT_ID: process.env.GCLOUD_PROJECT ?? 'demo-chaekbang' }), {
    verifyPasscode: (passcode: string, stored: PasscodeHash) => {
      scryptRuns++;
      return verifyPasscode(passcode, stored);
    },
  });
  ({ port } = await server.listen(0, '127.0.0.1'));
  [host, ...guessers] = await Promise.all([signUp('host'), ...Array.from({ length: 6 }, (_, i) => signUp(`guess${i}`))]);
});
afterAll(async () => {
  await server?.close();
});

describe('passcode guessing', () => {
  it('refuses a weak passcode when creating a room, naming the rule', async () => {
    for (const weak of ['12345', '123456', 'aaaaaaa', 'password']) {
      const res = await api('/api/rooms', host.idToken, { passcode: weak });
      expect([weak, res.status, res.body.error.code]).toEqual([weak, 400, 'invalid_request']);
      expect(res.body.error.message).toMatch(/passcode/);
    }
  });

  it('checks code and passcode without joining, then locks the room after 5 wrong ones from 5 accounts', async () => {
    const created = await api('/api/rooms', host.idToken, { passcode: 'river-stone-42' });
    expect([created.status, created.body]).toEqual([201, expect.anything()]);
    const code = created.body.room.code as string;
    expect((await api('/api/rooms/ZZZ-ZZZ/check', host.idToken, {})).body.error.code).toBe('room_not_found');
    // No passcode: told it needs one; not a guess, so no scrypt run.
    const none = await api(`/api/rooms/${code}/check`, host.idToken, {});
    expect([none.status, none.body.error.code]).toEqual([403, 'wrong_passcode']);
    expect(scryptRuns).toBe(0);
    const right = await api(`/api/rooms/${code}/check`, guessers[5]!.idToken, { passcode: 'river-stone-42' });
    expect(right.status).toBe(200);
    expect(right.body.room).toMatchObject({ code, memberCount: 0, hasPasscode: true });

    for (let i = 0; i < 5; i++) {
      // Joins and checks count alike.
      const passcode = `wrong-guess-${i}`;
      const res =
        i % 2
          ? await api(`/api/rooms/${code}/check`, guessers[i]!.idToken, { passcode })
          : await api(`/api/rooms/${code}/join`, guessers[i]!.idToken, { displayName: 'G', passcode });
      expect(res.body.error.code).toBe('wrong_passcode');
    }
    const runs = scryptRuns;
    // Locked: even the right passcode from a new account is refused, before scrypt, with Retry-After.
    const locked = await api(`/api/rooms/${code}/join`, guessers[5]!.idToken, { displayName: 'F', passcode: 'river-stone-42' });
    expect([locked.status, locked.body.error.code, locked.body.error.retryAfterSeconds]).toEqual([429, 'room_locked', 30]);
    expect(locked.retryAfter).toBe('30');
    expect(scryptRuns).toBe(runs);

    // The host sees it; nobody else does.
    const hostView = await api(`/api/rooms/${code}`, host.idToken);
    expect(hostView.body.passcodeGuard).toEqual({ failedAttempts: 5, lockedUntil: expect.any(Number), retryAfterSeconds: 30 });
    const otherView = await api(`/api/rooms/${code}`, guessers[0]!.idToken);
    expect(otherView.body.passcodeGuard).toBeUndefined();
  });

  it('lets a member already in the room back in while it is locked', async () => {
    const created = await api('/api/rooms', host.idToken, { passcode: 'quiet-lake-17' });
    const code = created.body.room.code as string;
    expect((await api(`/api/rooms/${code}/join`, host.idToken, { displayName: 'H', passcode: 'quiet-lake-17' })).status).toBe(
      200,
    );
    for (let i = 0; i < 5; i++) await api(`/api/rooms/${code}/check`, guessers[i]!.idToken, { passcode: `nope-${i}-nope` });
    expect(
      (await api(`/api/rooms/${code}/join`, guessers[5]!.idToken, { displayName: 'F', passcode: 'quiet-lake-17' })).body.error
        .code,
    ).toBe('room_locked');
    const again = await api(`/api/rooms/${code}/join`, host.idToken, { displayName: 'H' });
    expect(again.status).toBe(200);
  });
});
