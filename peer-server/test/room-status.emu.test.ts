import { randomUUID } from 'node:crypto';
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { doc, type Firestore, setDoc, Timestamp } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesEnv } from '../../firebase/tests/rules-env';
import { generateRoomCode } from '../../shared/room-code';
import { ApiErrorResponseSchema, GetRoomResponseSchema, RoomStatusResponseSchema } from '../../shared/schemas/rooms-api';
import { loadConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer, ROOM_STATUS_PER_IP_PER_MINUTE } from '../src/create-server';
import { signUp, signUpAnonymously } from './helpers';

// GET /api/rooms/<CODE>/status (issue 15): the web room asks it at page load, before anyone signs in, so the page can
// say "no such room" or "this room needs a passcode" before Join and no account is made for a dead link. Real server,
// real ID tokens (Auth emulator) for the readers and guests who make and fill the rooms, the Firestore emulator for a
// club's room.
type Json = any;
type Caller = { uid: string; idToken: string };
const PROJECT = process.env.CHAEKBANG_PROJECT_ID ?? process.env.GCLOUD_PROJECT ?? 'demo-chaekbang';

let server: ChaekbangPeerServer;
let port = 0;
let env: RulesTestEnvironment;

async function call(p: number, path: string, user: Caller | null, body?: unknown, method?: string) {
  const res = await fetch(`http://127.0.0.1:${p}/api${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${user.idToken}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    cacheControl: res.headers.get('cache-control'),
    body: text ? (JSON.parse(text) as Json) : null,
  };
}
const api = (path: string, user: Caller | null, body?: unknown) => call(port, path, user, body);
const status = (code: string, p = port) => call(p, `/rooms/${code}/status`, null);
const errorCode = (res: { body: Json }) => ApiErrorResponseSchema.parse(res.body).error.code;
async function roomOf(owner: Caller, settings: Record<string, unknown> = {}) {
  const created = await api('/rooms', owner, settings);
  expect(created.status).toBe(201);
  return created.body.room.code as string;
}

beforeAll(async () => {
  env = await rulesEnv();
  server = createServer({ ...loadConfig({ FIREBASE_PROJECT_ID: PROJECT }), reconnectGraceMs: 60_000 });
  ({ port } = await server.listen(0, '127.0.0.1'));
});
afterAll(async () => {
  await server?.close();
  await env?.cleanup();
});

describe('the room status an invite link may see, without a token', () => {
  it('says open / not_found and whether a passcode is needed, and nothing else (no name, members, count or host)', async () => {
    const host = await signUp('host');
    const open = await roomOf(host, { name: '목요 독서모임' });
    expect((await api(`/rooms/${open}/join`, host, { displayName: 'Host Minji' })).status).toBe(200);
    const res = await status(open);
    expect(res.status).toBe(200);
    expect(res.cacheControl).toBe('no-store');
    // Exactly these two fields: the room's name, its members and its host stay with those who joined.
    expect(res.body).toEqual({ status: 'open', passcode: false });
    expect(JSON.stringify(res.body)).not.toMatch(/Minji|독서모임|memberCount|capacity/);
    expect(RoomStatusResponseSchema.parse(res.body).status).toBe('open');

    const locked = await roomOf(host, { passcode: 'river-book-77' });
    expect((await status(locked)).body).toEqual({ status: 'open', passcode: true });
    // Any form people share the code in; an unknown code is not_found (200: the look-up itself worked).
    expect((await status(`${locked.slice(0, 3)}-${locked.slice(3)}`.toLowerCase())).body).toEqual({
      status: 'open',
      passcode: true,
    });
    let unknown = generateRoomCode();
    while (unknown === open || unknown === locked) unknown = generateRoomCode();
    expect((await status(unknown)).body).toEqual({ status: 'not_found', passcode: false });
  });

  it('a malformed code is a clear 400, never a crash; only GET is token-free', async () => {
    for (const bad of ['not-a-code', 'ABC1234', 'I0O111', '%E0%A4%A', '<script>']) {
      const res = await status(encodeURIComponent(bad));
      expect(res.status, bad).toBe(400);
      expect(errorCode(res), bad).toBe('invalid_request');
    }
    const host = await signUp('host');
    const code = await roomOf(host);
    // A POST to the same path is the authenticated API's (and there is no such route): no token, no answer.
    const post = await call(port, `/rooms/${code}/status`, null, {});
    expect(post.status).toBe(401);
    expect(errorCode(post)).toBe('unauthenticated');
  });

  it('full while every seat is taken (guests count like anyone), open again when one leaves', async () => {
    const host = await signUp('host');
    const guest = await signUpAnonymously();
    const code = await roomOf(host, { capacity: 2, passcode: 'open-sesame-2' });
    expect((await api(`/rooms/${code}/join`, host, { displayName: 'Host', passcode: 'open-sesame-2' })).status).toBe(200);
    expect((await status(code)).body).toEqual({ status: 'open', passcode: true });
    expect((await api(`/rooms/${code}/join`, guest, { displayName: 'Guest', passcode: 'open-sesame-2' })).status).toBe(200);
    expect((await status(code)).body).toEqual({ status: 'full', passcode: true });
    expect((await api(`/rooms/${code}/leave`, guest, {})).body).toEqual({ left: true });
    expect((await status(code)).body).toEqual({ status: 'open', passcode: true });
  });

  it('tries no passcode and counts toward no limit: the host’s passcode guard stays at zero', async () => {
    const host = await signUp('host');
    const code = await roomOf(host, { passcode: 'river-book-77' });
    for (let i = 0; i < 8; i++) {
      // Whatever a caller adds, the status route reads no passcode.
      const res = await call(port, `/rooms/${code}/status?passcode=guess-${i}`, null);
      expect(res.body).toEqual({ status: 'open', passcode: true });
    }
    const guard = GetRoomResponseSchema.parse((await api(`/rooms/${code}`, host)).body).passcodeGuard;
    expect(guard?.failedAttempts).toBe(0);
    expect(guard?.lockedUntil).toBeNull();
  });

  it('a club’s room is members_only (guests cannot join it), without saying whose club it is', async () => {
    const host = await signUp('host');
    const clubId = `club-${randomUUID().slice(0, 8)}`;
    const code = generateRoomCode();
    await env.withSecurityRulesDisabled(async (ctx) => {
      const db = ctx.firestore() as unknown as Firestore;
      await setDoc(doc(db, 'clubs', clubId), {
        name: '목요 독서모임',
        description: '',
        hostUid: host.uid,
        coHostUids: [],
        roomCode: code,
        visibility: 'public',
      });
      await setDoc(doc(db, 'clubs', clubId, 'members', host.uid), {
        uid: host.uid,
        displayName: 'Host',
        role: 'host',
        joinedAt: Timestamp.now(),
      });
    });
    expect((await status(code)).body).toEqual({ status: 'not_found', passcode: false });
    expect((await api(`/rooms/club/${clubId}`, host, {})).status).toBe(200);
    const res = await status(code);
    expect(res.body).toEqual({ status: 'members_only', passcode: false });
    expect(JSON.stringify(res.body)).not.toContain(clubId);
  });
});

describe('limits: look-ups are rate-limited per address and admit no guest', () => {
  it(`past ${ROOM_STATUS_PER_IP_PER_MINUTE} look-ups a minute from one address: 429 rate_limited with Retry-After; the API with a token carries on`, async () => {
    const t0 = Date.now();
    const limited = createServer(
      { ...loadConfig({ FIREBASE_PROJECT_ID: PROJECT }), reconnectGraceMs: 60_000 },
      // A clock that stands still: the bucket does not refill during the test, however slow the machine.
      { now: () => t0 },
    );
    const { port: p } = await limited.listen(0, '127.0.0.1');
    try {
      const host = await signUp('host');
      const code = (await call(p, '/rooms', host, {})).body.room.code as string;
      for (let i = 0; i < ROOM_STATUS_PER_IP_PER_MINUTE; i++)
        expect((await status(code, p)).status, `look-up ${i + 1}`).toBe(200);
      const refused = await status(code, p);
      expect(refused.status).toBe(429);
      expect(errorCode(refused)).toBe('rate_limited');
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      // Unknown codes are refused too (probing codes is what the limit is for).
      expect((await status(generateRoomCode(), p)).status).toBe(429);
      expect((await call(p, `/rooms/${code}/join`, host, { displayName: 'Host' })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('status look-ups admit no guest: with one guest an hour, the first guest to join still gets in, the next does not', async () => {
    const limited = createServer({
      ...loadConfig({ FIREBASE_PROJECT_ID: PROJECT, GUEST_ADMISSIONS_PER_IP_HOUR: '1' }),
      reconnectGraceMs: 60_000,
    });
    const { port: p } = await limited.listen(0, '127.0.0.1');
    try {
      const host = await signUp('host');
      const code = (await call(p, '/rooms', host, {})).body.room.code as string;
      for (let i = 0; i < 5; i++) expect((await status(code, p)).body).toEqual({ status: 'open', passcode: false });
      const [g1, g2] = await Promise.all([signUpAnonymously(), signUpAnonymously()]);
      expect((await call(p, `/rooms/${code}/join`, g1, { displayName: 'G1' })).status).toBe(200);
      const refused = await call(p, `/rooms/${code}/join`, g2, { displayName: 'G2' });
      expect(refused.status).toBe(429);
      expect(errorCode(refused)).toBe('guest_limit');
    } finally {
      await limited.close();
    }
  });
});
