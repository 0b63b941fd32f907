import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';
import { type PasscodeHash, verifyPasscode } from '../src/rooms/passcode';
import { peerSocket, signUp, type TestUser } from './helpers';

// "Rejoin" after an unplanned exit from a passcode room, through the real server, real ID tokens and the
// real PeerJS socket: the member comes back with the grant from the join response, never the passcode.
type Json = any;
const GRACE_MS = 150;
const PASSCODE = 'river-stone-42';
let server: ChaekbangPeerServer;
let port = 0;
let scryptRuns = 0;
let host: TestUser;
let reader: TestUser;
let stranger: TestUser;

async function api(path: string, token: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const join = (user: TestUser, code: string, body: Record<string, unknown>) =>
  api(`/api/rooms/${code}/join`, user.idToken, { displayName: user.email.slice(0, 8), ...body });
/** Wait on a condition (polling the server), never a fixed sleep. */
async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  server = createServer(
    { ...loadConfig({ FIREBASE_PROJECT_ID: process.env.GCLOUD_PROJECT ?? 'demo-chaekbang' }), reconnectGraceMs: GRACE_MS },
    {
      verifyPasscode: (passcode: string, stored: PasscodeHash) => {
        scryptRuns++;
        return verifyPasscode(passcode, stored);
      },
    },
  );
  ({ port } = await server.listen(0, '127.0.0.1'));
  [host, reader, stranger] = await Promise.all([signUp('host'), signUp('reader'), signUp('stranger')]);
});
afterAll(async () => {
  await server?.close();
});

describe('rejoin grant over HTTP', () => {
  it('join, drop, lose the seat after the grace period, come back with the grant and no passcode', async () => {
    const created = await api('/api/rooms', host.idToken, { passcode: PASSCODE });
    expect(created.status).toBe(201);
    const code = created.body.room.code as string;
    expect((await join(host, code, { passcode: PASSCODE })).status).toBe(200);
    // The host stays connected throughout (a seat without a live socket frees after the grace period).
    const hostSocket = peerSocket(port, { id: host.uid, token: host.idToken });
    expect((await hostSocket.first).type).toBe('OPEN');

    const first = await join(reader, code, { passcode: PASSCODE });
    expect(first.status).toBe(200);
    const grant = first.body.rejoinGrant as string;
    expect(grant).toEqual(expect.any(String));
    expect(grant).not.toContain(PASSCODE);
    // The reader's PeerJS socket opens, then the panel closes (no Leave).
    const socket = peerSocket(port, { id: reader.uid, token: reader.idToken });
    expect((await socket.first).type).toBe('OPEN');
    socket.ws.close();
    await socket.closed;
    // Past the grace period the server frees the seat (the host's member list no longer has the reader).
    await until(
      () => api(`/api/rooms/${code}`, host.idToken),
      (r) => r.status === 200 && !(r.body.members as Json[]).some((m) => m.uid === reader.uid),
    );
    const runsBefore = scryptRuns;

    // Without the grant, the passcode is asked for again.
    const asked = await join(reader, code, {});
    expect([asked.status, asked.body.error?.code]).toEqual([403, 'wrong_passcode']);
    // Someone else's grant is no grant.
    const stolen = await join(stranger, code, { rejoinGrant: grant });
    expect([stolen.status, stolen.body.error?.code]).toEqual([403, 'wrong_passcode']);
    // The reader's own grant, no passcode: back in the room, with no scrypt run.
    const back = await join(reader, code, { rejoinGrant: grant });
    expect(back.status).toBe(200);
    expect(back.body.self.uid).toBe(reader.uid);
    expect((back.body.members as Json[]).map((m) => m.uid).sort()).toEqual([host.uid, reader.uid].sort());
    expect(scryptRuns).toBe(runsBefore);
    // A fresh grant with the join, and one with the member's room lookup (to keep it fresh in a long call).
    expect(back.body.rejoinGrant).toEqual(expect.any(String));
    const looked = await api(`/api/rooms/${code}`, reader.idToken);
    expect(looked.body.rejoinGrant).toEqual(expect.any(String));
    expect((await api(`/api/rooms/${code}`, stranger.idToken)).body.rejoinGrant).toBeUndefined();
    hostSocket.ws.close();
  });

  it('refuses a grant that is not a bounded string with a clear 400', async () => {
    const created = await api('/api/rooms', host.idToken, { passcode: PASSCODE });
    const code = created.body.room.code as string;
    for (const bad of [42, 'x'.repeat(513), '']) {
      const res = await join(reader, code, { rejoinGrant: bad });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
      expect(res.body.error.message).toMatch(/rejoinGrant/);
    }
  });
});
