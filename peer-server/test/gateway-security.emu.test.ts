import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';
import { type PeerSocket, peerSocket, signIn, signUp, sleep, type TestUser } from './helpers';

// Peer-id takeover through a repeated query parameter, against the real server with real Auth-emulator
// ID tokens. `peer` reads the query with Object.fromEntries (the LAST value wins); the gateway must
// never let it see anything but the values it verified.
let server: ChaekbangPeerServer;
let port = 0;
const open: PeerSocket[] = [];
const connect = (params: Parameters<typeof peerSocket>[1]) => {
  const s = peerSocket(port, params);
  open.push(s);
  return s;
};
const q = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

async function api(path: string, token: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
const offer = (dst: string, connectionId: string) =>
  JSON.stringify({ type: 'OFFER', dst, payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'media', connectionId } });

/** Victim, room-mate and attacker, all members of one open room, victim and mate connected. */
async function openRoom() {
  const [victim, mate, attacker] = await Promise.all([signUp('victim'), signUp('mate'), signUp('attacker')]);
  const created = await api('/api/rooms', victim.idToken, {});
  const code = created.body.room.code as string;
  for (const u of [victim, mate, attacker]) {
    expect((await api(`/api/rooms/${code}/join`, u.idToken, { displayName: u.email.slice(0, 8) })).status).toBe(200);
  }
  const v = connect({ id: victim.uid, token: victim.idToken });
  const m = connect({ id: mate.uid, token: mate.idToken });
  expect((await v.first).type).toBe('OPEN');
  expect((await m.first).type).toBe('OPEN');
  return { victim, mate, attacker, v, m };
}

/** The victim's socket is still theirs: open, and a room-mate's offer reaches it with the mate as src. */
async function victimKeepsSocket(v: PeerSocket, m: PeerSocket, victim: TestUser, mate: TestUser, tag: string) {
  await sleep(100);
  expect(v.ws.readyState).toBe(v.ws.OPEN);
  expect(v.messages.filter((x) => x.type === 'ERROR')).toEqual([]);
  m.ws.send(offer(victim.uid, tag));
  const got = await v.next(
    (x) => x.type === 'OFFER' && (x as { payload?: { connectionId?: string } }).payload?.connectionId === tag,
  );
  expect(got.src).toBe(mate.uid);
}

beforeAll(async () => {
  server = createServer({ ...loadConfig({ FIREBASE_PROJECT_ID: process.env.GCLOUD_PROJECT ?? 'demo-chaekbang' }) });
  ({ port } = await server.listen(0, '127.0.0.1'));
});
afterAll(async () => {
  for (const s of open) s.ws.terminate();
  await server?.close();
});

describe('repeated query parameters on the PeerJS socket', () => {
  it('refuses a second `id` (own token, victim’s uid last) and the victim keeps their socket', async () => {
    const { victim, mate, attacker, v, m } = await openRoom();
    const a = connect({
      query: q([
        ['key', 'peerjs'],
        ['id', attacker.uid],
        ['token', attacker.idToken],
        ['id', victim.uid],
      ]),
    });
    expect(await a.first).toEqual({ type: 'ERROR', payload: { msg: expect.stringMatching(/^invalid_parameters: .*\bid\b/) } });
    expect((await a.closed).code).toBe(1008);
    await victimKeepsSocket(v, m, victim, mate, 'after-dup-id');
  });

  it('refuses a second `key` (a wrong one first, so no token is checked) and the victim keeps their socket', async () => {
    const { victim, mate, v, m } = await openRoom();
    const a = connect({
      query: q([
        ['key', 'not-the-key'],
        ['id', victim.uid],
        ['token', 'verified'],
        ['key', 'peerjs'],
      ]),
    });
    expect(await a.first).toEqual({ type: 'ERROR', payload: { msg: expect.stringMatching(/^invalid_parameters: .*\bkey\b/) } });
    expect((await a.closed).code).toBe(1008);
    await victimKeepsSocket(v, m, victim, mate, 'after-dup-key');
  });

  it('refuses a second `token`, even when the first one is valid', async () => {
    const { victim, mate, attacker, v, m } = await openRoom();
    const a = connect({
      query: q([
        ['key', 'peerjs'],
        ['id', attacker.uid],
        ['token', attacker.idToken],
        ['token', 'verified'],
      ]),
    });
    expect(await a.first).toEqual({ type: 'ERROR', payload: { msg: expect.stringMatching(/^invalid_parameters: .*\btoken\b/) } });
    expect((await a.closed).code).toBe(1008);
    await victimKeepsSocket(v, m, victim, mate, 'after-dup-token');
  });

  it('answers a wrong key or a missing id itself, without handing the raw URL to peer', async () => {
    const { victim, mate, v, m } = await openRoom();
    const wrongKey = connect({
      query: q([
        ['key', 'nope'],
        ['id', victim.uid],
        ['token', 'x'],
      ]),
    });
    expect(await wrongKey.first).toEqual({ type: 'ERROR', payload: { msg: 'Invalid key provided' } });
    const noId = connect({ query: q([['key', 'peerjs']]) });
    expect(await noId.first).toEqual({ type: 'ERROR', payload: { msg: 'No id, token, or key supplied to websocket server' } });
    await victimKeepsSocket(v, m, victim, mate, 'after-bad-key');
  });
});

describe('per-socket tokens', () => {
  it('gives every socket its own random token (never the ID token, never shared), and a new one on reconnect', async () => {
    const [a, b] = await Promise.all([signUp('tok-a'), signUp('tok-b')]);
    const sa = connect({ id: a.uid, token: a.idToken });
    const sb = connect({ id: b.uid, token: b.idToken });
    expect((await sa.first).type).toBe('OPEN');
    expect((await sb.first).type).toBe('OPEN');
    const ta = server.peerToken(a.uid);
    const tb = server.peerToken(b.uid);
    expect(ta).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(tb).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(ta).not.toBe(tb);
    expect([ta, tb]).not.toContain(a.idToken);
    const again = connect({ id: a.uid, token: await signIn(a) });
    expect((await again.first).type).toBe('OPEN');
    await sa.closed;
    const ta2 = server.peerToken(a.uid);
    expect(ta2).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(ta2).not.toBe(ta);
  });
});
