import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type PeerServerConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';
import { type PeerSocket, peerSocket, signIn, signUp, sleep, type TestUser, tamperToken } from './helpers';

// The real server (firebase-admin verifyIdToken in emulator mode) on 127.0.0.1, port 0.
type Json = any;
const GRACE_MS = 200;
const baseConfig = (): PeerServerConfig => ({
  ...loadConfig({ FIREBASE_PROJECT_ID: process.env.GCLOUD_PROJECT ?? 'demo-chaekbang' }),
  reconnectGraceMs: GRACE_MS,
});

let server: ChaekbangPeerServer;
let port = 0;
let alice: TestUser;
let bob: TestUser;
const open: PeerSocket[] = [];
const url = (path: string) => `http://127.0.0.1:${port}${path}`;

async function api(
  path: string,
  init: { method?: string; token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url(path), {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : null };
}
const createRoom = async (user: TestUser, body: Record<string, unknown> = {}) => {
  const res = await api('/api/rooms', { token: user.idToken, body });
  expect(res.status).toBe(201);
  return res.body?.room.code as string;
};
const join = (user: TestUser, code: string, body: Record<string, unknown> = {}) =>
  api(`/api/rooms/${code}/join`, { token: user.idToken, body: { displayName: user.email.slice(0, 10), ...body } });
const connect = (params: Parameters<typeof peerSocket>[1], headers?: Record<string, string>) => {
  const s = peerSocket(port, params, headers);
  open.push(s);
  return s;
};

beforeAll(async () => {
  server = createServer(baseConfig());
  ({ port } = await server.listen(0, '127.0.0.1'));
  [alice, bob] = await Promise.all([signUp('alice'), signUp('bob')]);
});
afterAll(async () => {
  for (const s of open) s.ws.terminate();
  await server?.close();
});

describe('health and metrics', () => {
  it('GET /health reports status, uptime, rooms, peers, version and the catalog providers', async () => {
    const res = await api('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      uptimeSeconds: expect.any(Number),
      rooms: expect.any(Number),
      peers: expect.any(Number),
      version: '0.0.0-dev',
      catalog: expect.any(Array),
      // One process: the counters are in memory (a cluster's nodes say redis, or redis-unavailable).
      sharedCounter: 'memory',
    });
  });

  it('GET /metrics as JSON and as Prometheus text', async () => {
    const json = await api('/metrics');
    expect(json.body).toMatchObject({
      rooms: expect.any(Number),
      peers: expect.any(Number),
      joins: expect.any(Number),
      rejections: expect.any(Object),
      droppedMessages: expect.any(Object),
    });
    const text = await (await fetch(url('/metrics?format=prometheus'))).text();
    expect(text).toMatch(/^# HELP chaekbang_rooms /m);
    expect(text).toMatch(/^chaekbang_peers \d+$/m);
  });
});

describe('authentication', () => {
  it('refuses missing, garbage, wrong-project, expired and badly signed tokens on the rooms API', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, string | null> = {
      missing: null,
      garbage: 'not-a-jwt',
      'garbage jwt': 'aaa.bbb.ccc',
      'wrong project (aud/iss)': tamperToken(alice.idToken, (p) => {
        p.aud = 'demo-someone-else';
        p.iss = 'https://securetoken.google.com/demo-someone-else';
      }),
      'wrong project (aud only)': tamperToken(alice.idToken, (p) => {
        p.aud = 'demo-someone-else';
      }),
      expired: tamperToken(alice.idToken, (p) => {
        p.iat = now - 7200;
        p.auth_time = now - 7200;
        p.exp = now - 3600;
      }),
      'no subject': tamperToken(alice.idToken, (p) => {
        delete p.sub;
      }),
      'RS256 with a forged signature': tamperToken(
        alice.idToken,
        () => {},
        { alg: 'RS256', kid: 'forged', typ: 'JWT' },
        Buffer.from('forged-signature').toString('base64url'),
      ),
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await api('/api/rooms', { token, body: {} });
      expect({ name, status: res.status, code: res.body?.error?.code }).toEqual({ name, status: 401, code: 'unauthenticated' });
    }
    const expired = await api('/api/ice', { token: cases.expired });
    expect(expired.body?.error.message).toMatch(/expired/);
    // …and the real token works.
    expect((await api('/api/rooms', { token: alice.idToken, body: {} })).status).toBe(201);
  });

  it('refuses a PeerJS socket with a missing, forged or expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens = [
      '',
      'garbage',
      tamperToken(alice.idToken, (p) => {
        p.exp = now - 10;
      }),
      tamperToken(alice.idToken, (p) => {
        p.aud = 'demo-x';
      }),
    ];
    for (const token of tokens) {
      const s = connect({ id: alice.uid, token });
      expect(await s.first).toEqual({ type: 'ERROR', payload: { msg: expect.stringMatching(/^unauthenticated: /) } });
      expect((await s.closed).code).toBe(1008);
    }
  });

  it('refuses taking another user’s peer id', async () => {
    const s = connect({ id: bob.uid, token: alice.idToken });
    expect(await s.first).toEqual({ type: 'ERROR', payload: { msg: expect.stringMatching(/^peer_id_not_yours: /) } });
    expect((await s.closed).code).toBe(1008);
  });

  it('accepts a same-uid reconnect (fresh token) and closes the stale socket instead of answering ID-TAKEN', async () => {
    const first = connect({ id: bob.uid, token: bob.idToken });
    expect((await first.first).type).toBe('OPEN');
    const fresh = await signIn(bob);
    const second = connect({ id: bob.uid, token: fresh });
    expect((await second.first).type).toBe('OPEN');
    expect(await first.closed).toEqual({ code: 4000, reason: 'session_replaced' });
    expect(first.messages.at(-1)?.payload?.msg).toMatch(/^session_replaced: /);
    expect(second.ws.readyState).toBe(second.ws.OPEN);
    // the same token again (PeerJS reconnect() after a network change) works too
    const third = connect({ id: bob.uid, token: fresh });
    expect((await third.first).type).toBe('OPEN');
    await second.closed;
    const health = await api('/health');
    expect(health.body?.peers).toBeGreaterThanOrEqual(1);
    third.ws.close();
    await third.closed;
  });

  it('replaces a stale socket that no longer answers (a network change) within a moment', async () => {
    const erin = await signUp('erin');
    const old = connect({ id: erin.uid, token: erin.idToken });
    expect((await old.first).type).toBe('OPEN');
    // The old connection goes silent: it stops reading, so it never answers the close handshake.
    (old.ws as unknown as { _socket: { pause: () => void } })._socket.pause();
    const started = Date.now();
    const again = connect({ id: erin.uid, token: await signIn(erin) });
    expect((await again.first).type).toBe('OPEN');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('rooms', () => {
  it('admits exactly 6 of 10 concurrent joins into a 6-seat room; the others get room_full', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, (_, i) => signUp(`storm${i}`)));
    // Connected first, so no seat is freed by the short test grace period while scrypt runs.
    const sockets = users.map((u) => connect({ id: u.uid, token: u.idToken }));
    for (const s of sockets) expect((await s.first).type).toBe('OPEN');
    const code = await createRoom(alice, { capacity: 6, passcode: 'book-club' });
    const results = await Promise.all(users.map((u) => join(u, code, { passcode: 'book-club' })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body?.error.code).toBe('room_full');
    const ok = results.find((r) => r.status === 200);
    expect(ok?.body?.room.capacity).toBe(6);
    const member = users[results.findIndex((r) => r.status === 200)] as TestUser;
    const view = await api(`/api/rooms/${code}`, { token: member.idToken });
    expect(view.body?.room.memberCount).toBe(6);
    expect(view.body?.members).toHaveLength(6);
  });

  it('applies the passcode rules and shows members only to members', async () => {
    const carol = await signUp('carol');
    const code = await createRoom(alice, { name: '토요 독서모임', passcode: '비밀번호1234' });
    expect((await join(carol, code)).body?.error.code).toBe('wrong_passcode');
    const wrong = await join(carol, code, { passcode: '비밀번호1235' });
    expect([wrong.status, wrong.body?.error.code]).toEqual([403, 'wrong_passcode']);
    const before = await api(`/api/rooms/${code.toLowerCase().slice(0, 3)}-${code.slice(3)}`, { token: carol.idToken });
    expect(before.body).toMatchObject({
      room: { code, name: '토요 독서모임', hasPasscode: true, memberCount: 0 },
      members: null,
    });
    const ok = await join(carol, code, { passcode: '비밀번호1234', badge: 'bookworm-1', level: 2 });
    expect(ok.status).toBe(200);
    expect(ok.body?.self).toMatchObject({ uid: carol.uid, peerId: carol.uid, badge: 'bookworm-1', level: 2 });
    expect(ok.body?.ice).toEqual({ iceServers: [], expiresAt: null });
    const after = await api(`/api/rooms/${code}`, { token: carol.idToken });
    expect(after.body?.members).toEqual([expect.objectContaining({ uid: carol.uid })]);
    expect(JSON.stringify(after.body)).not.toContain('비밀번호');
    const left = await api(`/api/rooms/${code}/leave`, { token: carol.idToken, body: {} });
    expect(left.body).toEqual({ left: true });
  });

  it('reports typed errors for unknown rooms and invalid requests', async () => {
    const missing = await join(alice, 'ZZZ-ZZZ');
    expect([missing.status, missing.body?.error.code]).toEqual([404, 'room_not_found']);
    const badCode = await join(alice, 'ABC0EF');
    expect([badCode.status, badCode.body?.error.code]).toEqual([400, 'invalid_request']);
    const code = await createRoom(alice);
    const badBody = await api(`/api/rooms/${code}/join`, { token: alice.idToken, body: { displayName: '', isAdmin: true } });
    expect([badBody.status, badBody.body?.error.code]).toEqual([400, 'invalid_request']);
    const res = await fetch(url(`/api/rooms/${code}/join`), {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.idToken}`, 'content-type': 'application/json' },
      body: '{"displayName":',
    });
    expect([res.status, ((await res.json()) as Json).error.code]).toEqual([400, 'invalid_request']);
    const big = await api('/api/rooms', { token: alice.idToken, body: { name: 'x'.repeat(40_000) } });
    expect([big.status, big.body?.error.code]).toEqual([413, 'payload_too_large']);
  });

  it('keeps the seat across a quick reconnect and frees it after the grace period once the socket is gone', async () => {
    const dave = await signUp('dave');
    const code = await createRoom(alice);
    const s1 = connect({ id: dave.uid, token: dave.idToken });
    expect((await s1.first).type).toBe('OPEN');
    expect((await join(dave, code)).status).toBe(200);
    s1.ws.close();
    await s1.closed;
    await sleep(GRACE_MS / 2);
    const s2 = connect({ id: dave.uid, token: dave.idToken });
    expect((await s2.first).type).toBe('OPEN');
    await sleep(GRACE_MS * 2);
    let view = await api(`/api/rooms/${code}`, { token: dave.idToken });
    expect(view.body?.members).toEqual([expect.objectContaining({ uid: dave.uid, connected: true })]);
    s2.ws.close();
    await s2.closed;
    await sleep(20);
    view = await api(`/api/rooms/${code}`, { token: dave.idToken });
    expect(view.body?.members).toEqual([expect.objectContaining({ uid: dave.uid, connected: false })]);
    await sleep(GRACE_MS + 150);
    view = await api(`/api/rooms/${code}`, { token: dave.idToken });
    expect(view.body).toMatchObject({ room: { memberCount: 0 }, members: null });
  });

  it('returns time-limited TURN credentials when TURN is configured', async () => {
    const turnServer = createServer({
      ...baseConfig(),
      turnUrls: ['turn:127.0.0.1:3478'],
      turnSecret: 'test-secret-test-secret',
      stunUrls: ['stun:127.0.0.1:3478'],
    });
    const { port: p } = await turnServer.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${p}/api/ice`, { headers: { authorization: `Bearer ${alice.idToken}` } });
      const body = (await res.json()) as { iceServers: Array<{ urls: string[]; username?: string }>; expiresAt: number };
      expect(body.iceServers[0]).toEqual({ urls: ['stun:127.0.0.1:3478'] });
      expect(body.iceServers[1]?.username).toMatch(new RegExp(`^\\d{10}:${alice.uid}$`));
      expect(body.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    } finally {
      await turnServer.close();
    }
  });
});

describe('rooms after a restart', () => {
  it('with ROOM_TICKET_SECRET, a member’s ticket restores the room as it was; a stranger cannot claim it', async () => {
    const config = { ...baseConfig(), roomTicketSecret: 'emulator-test-room-ticket-secret-0123456789' };
    const first = createServer(config);
    const { port: p1 } = await first.listen(0, '127.0.0.1');
    const call = (p: number, path: string, token: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${p}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    const created = await call(p1, '/api/rooms', alice.idToken, { capacity: 3, passcode: 'members-only', name: '금요 모임' });
    const code = created.body.room.code as string;
    const joined = await call(p1, `/api/rooms/${code}/join`, alice.idToken, { displayName: 'Alice', passcode: 'members-only' });
    expect(joined.body.restoreTicket).toEqual(expect.any(String));
    await first.close();

    const second = createServer(config);
    const { port: p2 } = await second.listen(0, '127.0.0.1');
    try {
      const restore = { capacity: 12, name: 'taken over' };
      const stranger = await call(p2, `/api/rooms/${code}/join`, bob.idToken, {
        displayName: 'Bob',
        passcode: 'bobs-own',
        restore,
      });
      expect([stranger.status, stranger.body.error.code]).toEqual([404, 'room_not_found']);
      const member = await call(p2, `/api/rooms/${code}/join`, alice.idToken, {
        displayName: 'Alice',
        passcode: 'members-only',
        restore: { capacity: 6, name: null, ticket: joined.body.restoreTicket },
      });
      expect(member.status).toBe(200);
      expect(member.body.room).toMatchObject({ code, capacity: 3, name: '금요 모임', hasPasscode: true, memberCount: 1 });
      const late = await call(p2, `/api/rooms/${code}/join`, bob.idToken, { displayName: 'Bob', passcode: 'bobs-own' });
      expect(late.body.error.code).toBe('wrong_passcode');
      expect((await (await fetch(`http://127.0.0.1:${p2}/metrics`)).json()) as Json).toMatchObject({ roomsRestored: 1 });
    } finally {
      await second.close();
    }
  });
});

describe('signalling hardening', () => {
  async function roomOfThree() {
    const [a, b, c] = await Promise.all([signUp('ha'), signUp('hb'), signUp('hc')]);
    const code = await createRoom(a);
    const sockets = [a, b, c].map((u) => connect({ id: u.uid, token: u.idToken }));
    for (const s of sockets) expect((await s.first).type).toBe('OPEN');
    for (const u of [a, b, c]) expect((await join(u, code)).status).toBe(200);
    return { users: [a, b, c] as const, sockets: sockets as [PeerSocket, PeerSocket, PeerSocket] };
  }
  const offer = (dst: string) =>
    JSON.stringify({ type: 'OFFER', dst, payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'media', connectionId: 'mc_1' } });

  it('relays signalling between room-mates', async () => {
    const { users, sockets } = await roomOfThree();
    sockets[0].ws.send(offer(users[1].uid));
    const got = await sockets[1].next((m) => m.type === 'OFFER');
    expect(got.src).toBe(users[0].uid);
  });

  it('closes a socket that sends an oversized message, and keeps serving the others', async () => {
    const { users, sockets } = await roomOfThree();
    sockets[0].ws.send(JSON.stringify({ type: 'OFFER', dst: users[1].uid, payload: { sdp: 'x'.repeat(70 * 1024) } }));
    expect((await sockets[0].closed).code).toBe(1009);
    sockets[2].ws.send(offer(users[1].uid));
    expect((await sockets[1].next((m) => m.type === 'OFFER' && m.src === users[2].uid)).src).toBe(users[2].uid);
    expect(sockets[1].messages.some((m) => m.src === users[0].uid)).toBe(false);
    expect((await api('/metrics')).body?.droppedMessages.too_large).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['not JSON', '{"type":"OFFER",', 'malformed'],
    ['a JSON array', '[1,2,3]', 'malformed'],
    ['an unknown type', '{"type":"ID-TAKEN"}', 'unknown_type'],
    ['a bad dst', '{"type":"OFFER","dst":{"$ne":null},"payload":{}}', 'malformed'],
    ['binary', Buffer.from([0, 1, 2, 3]), 'binary'],
  ] as const)('closes a socket that sends %s (1008), and keeps serving the others', async (_name, data, reason) => {
    const { users, sockets } = await roomOfThree();
    sockets[0].ws.send(data);
    expect(await sockets[0].closed).toEqual({ code: 1008, reason });
    sockets[2].ws.send(offer(users[1].uid));
    expect((await sockets[1].next((m) => m.type === 'OFFER')).src).toBe(users[2].uid);
  });

  it('closes a socket that floods frames (per-socket rate limit), and keeps serving the others', async () => {
    const flood = createServer({ ...baseConfig(), maxWsMessagesPerSecond: 10 });
    const { port: p } = await flood.listen(0, '127.0.0.1');
    try {
      const [a, b] = await Promise.all([signUp('flood'), signUp('calm')]);
      const sa = peerSocket(p, { id: a.uid, token: a.idToken });
      const sb = peerSocket(p, { id: b.uid, token: b.idToken });
      open.push(sa, sb);
      expect((await sa.first).type).toBe('OPEN');
      expect((await sb.first).type).toBe('OPEN');
      for (let i = 0; i < 25; i++) sb.ws.send('{"type":"HEARTBEAT"}'); // within the 3 s burst (30)
      for (let i = 0; i < 100; i++) sa.ws.send('{"type":"HEARTBEAT"}');
      expect(await sa.closed).toEqual({ code: 1008, reason: 'rate_limited' });
      await sleep(50);
      expect(sb.ws.readyState).toBe(sb.ws.OPEN);
    } finally {
      await flood.close();
    }
  });

  it('drops signalling to someone outside the sender’s room', async () => {
    const { sockets } = await roomOfThree();
    const outsider = await signUp('outsider');
    const o = connect({ id: outsider.uid, token: outsider.idToken });
    expect((await o.first).type).toBe('OPEN');
    sockets[0].ws.send(offer(outsider.uid));
    await expect(o.next((m) => m.type === 'OFFER', 300)).rejects.toThrow(/timed out/);
    expect(sockets[0].ws.readyState).toBe(sockets[0].ws.OPEN);
  });
});

describe('CORS and rate limits', () => {
  it('refuses an unknown origin on the API, on preflight and on the WebSocket', async () => {
    const evil = await api('/api/rooms', { token: alice.idToken, body: {}, headers: { origin: 'https://evil.example' } });
    expect([evil.status, evil.body?.error.code]).toEqual([403, 'origin_not_allowed']);
    const pre = await fetch(url('/api/rooms'), {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBe(null);
    const ext = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const okPre = await fetch(url('/api/rooms'), {
      method: 'OPTIONS',
      headers: {
        origin: ext,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(okPre.status).toBe(204);
    expect(okPre.headers.get('access-control-allow-origin')).toBe(ext);
    expect(okPre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const s = connect({ id: alice.uid, token: alice.idToken }, { origin: 'https://evil.example' });
    const refused = await new Promise<number>((resolve) =>
      s.ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(refused).toBe(403);
    const good = connect({ id: alice.uid, token: alice.idToken }, { origin: ext });
    expect((await good.first).type).toBe('OPEN');
  });

  it('rate-limits a user with 429 rate_limited and Retry-After', async () => {
    const limited = createServer({ ...baseConfig(), rateLimitPerMinute: 3 });
    const { port: p } = await limited.listen(0, '127.0.0.1');
    try {
      const statuses: number[] = [];
      let last = new Response();
      for (let i = 0; i < 5; i++) {
        last = await fetch(`http://127.0.0.1:${p}/api/ice`, { headers: { authorization: `Bearer ${bob.idToken}` } });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(((await last.json()) as Json).error.code).toBe('rate_limited');
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      // another user is not affected
      expect(
        (await fetch(`http://127.0.0.1:${p}/api/ice`, { headers: { authorization: `Bearer ${alice.idToken}` } })).status,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('closes PeerJS sockets with 1001 and stops accepting connections', async () => {
    const s2 = createServer(baseConfig());
    const { port: p } = await s2.listen(0, '127.0.0.1');
    const sock = peerSocket(p, { id: alice.uid, token: alice.idToken });
    expect((await sock.first).type).toBe('OPEN');
    const started = Date.now();
    await s2.close();
    expect((await sock.closed).code).toBe(1001);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(fetch(`http://127.0.0.1:${p}/health`)).rejects.toThrow();
  });
});
