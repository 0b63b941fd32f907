import { randomUUID } from 'node:crypto';
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { doc, type Firestore, setDoc, Timestamp } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesEnv } from '../../firebase/tests/rules-env';
import { generateRoomCode } from '../../shared/room-code';
import { ApiErrorResponseSchema, GetRoomResponseSchema, JoinRoomResponseSchema } from '../../shared/schemas/rooms-api';
import { loadConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';
import { type PeerSocket, peerSocket, signUp, signUpAnonymously, sleep } from './helpers';

// Guests (Firebase anonymous accounts, the web room's visitors) on the real server: ID tokens issued by the Auth
// emulator and verified by firebase-admin, club membership read from the Firestore emulator, PeerJS over real
// WebSockets. A guest takes a seat like any reader and can do nothing a signed-in room-mate cannot.
type Json = any;
type Caller = { uid: string; idToken: string };
const PROJECT = process.env.CHAEKBANG_PROJECT_ID ?? process.env.GCLOUD_PROJECT ?? 'demo-chaekbang';

let server: ChaekbangPeerServer;
let port = 0;
let env: RulesTestEnvironment;
const sockets: PeerSocket[] = [];

async function call(p: number, path: string, user: Caller | null, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${p}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${user.idToken}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: text ? (JSON.parse(text) as Json) : null };
}
const api = (path: string, user: Caller | null, body?: unknown) => call(port, path, user, body);
const errorCode = (res: { body: Json }) => ApiErrorResponseSchema.parse(res.body).error.code;
const connect = (id: string, token: string) => {
  const s = peerSocket(port, { id, token });
  sockets.push(s);
  return s;
};
async function roomOf(owner: Caller, settings: Record<string, unknown> = {}) {
  const created = await api('/rooms', owner, settings);
  expect(created.status).toBe(201);
  return created.body.room.code as string;
}

beforeAll(async () => {
  env = await rulesEnv();
  // No PeerJS sockets for most seats here: keep them for the whole file.
  server = createServer({ ...loadConfig({ FIREBASE_PROJECT_ID: PROJECT }), reconnectGraceMs: 60_000 });
  ({ port } = await server.listen(0, '127.0.0.1'));
});
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await server?.close();
  await env?.cleanup();
});

describe('a guest joins with an anonymous ID token', () => {
  it('is seated under the name they typed, marked guest, with no badge or level (whatever they send)', async () => {
    const reader = await signUp('host');
    const guest = await signUpAnonymously();
    const code = await roomOf(reader);
    expect((await api(`/rooms/${code}/join`, reader, { displayName: '지은', badge: 'reader-1', level: 4 })).status).toBe(200);
    const joined = await api(`/rooms/${code}/join`, guest, { displayName: '손님 민수', badge: 'reader-1', level: 9 });
    expect(joined.status).toBe(200);
    const parsed = JoinRoomResponseSchema.parse(joined.body);
    expect(parsed.self).toMatchObject({
      uid: guest.uid,
      peerId: guest.uid,
      displayName: '손님 민수',
      badge: null,
      level: null,
      guest: true,
    });
    const seen = GetRoomResponseSchema.parse((await api(`/rooms/${code}`, reader)).body);
    expect(seen.members?.map((m) => [m.displayName, m.guest, m.badge])).toEqual([
      ['지은', false, 'reader-1'],
      ['손님 민수', true, null],
    ]);
    // The raw JSON carries `guest` for every member (not only the schema default).
    expect((await api(`/rooms/${code}`, guest)).body.members.map((m: Json) => m.guest)).toEqual([false, true]);
    expect((await api('/ice', guest)).status).toBe(200);
  });

  it('a guest’s join is checked like anyone’s: bad names and unknown rooms are clear errors', async () => {
    const guest = await signUpAnonymously();
    const reader = await signUp('host');
    const code = await roomOf(reader);
    for (const displayName of ['', 'a\nb', 'x'.repeat(500)]) {
      const res = await api(`/rooms/${code}/join`, guest, { displayName });
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('invalid_request');
    }
    expect(errorCode(await api('/rooms/ABCDEF/join', guest, { displayName: 'G' }))).toBe('room_not_found');
    expect((await api(`/rooms/${code}/join`, null, { displayName: 'G' })).status).toBe(401);
  });
});

describe('a guest can do nothing a signed-in room-mate cannot', () => {
  it('creates no room (account_required, 403)', async () => {
    const guest = await signUpAnonymously();
    const res = await api('/rooms', guest, { name: 'Mine' });
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('account_required');
    const proposed = await api(`/rooms/${generateRoomCode()}`, guest, {});
    expect(proposed.status).toBe(403);
    expect(errorCode(proposed)).toBe('account_required');
  });

  it('pins no marathon and runs no sprint in a reader’s room (not_host); the host still can', async () => {
    const reader = await signUp('host');
    const guest = await signUpAnonymously();
    const code = await roomOf(reader);
    await api(`/rooms/${code}/join`, reader, { displayName: 'Host' });
    await api(`/rooms/${code}/join`, guest, { displayName: 'Guest' });
    expect(GetRoomResponseSchema.parse((await api(`/rooms/${code}`, guest)).body).isHost).toBe(false);
    expect(errorCode(await api(`/rooms/${code}/pin`, guest, { marathonId: 'm1' }))).toBe('not_host');
    expect(errorCode(await api(`/rooms/${code}/sprint`, guest, { minutes: 20 }))).toBe('not_host');
    expect((await api(`/rooms/${code}/sprint`, reader, { minutes: 20 })).status).toBe(200);
    const sprintId = (await api(`/rooms/${code}`, reader)).body.room.sprint.id as string;
    expect(errorCode(await api(`/rooms/${code}/sprint/cancel`, guest, { sprintId }))).toBe('not_host');
  });

  it('never enters a club’s room: not by the club route, the code, the check or a restore', async () => {
    const host = await signUp('host');
    const guest = await signUpAnonymously();
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
    // Before the room is open: a restore of the club's code by a guest re-creates nothing.
    const restore = await api(`/rooms/${code}/join`, guest, { displayName: 'G', restore: { capacity: 6, name: null } });
    expect(errorCode(restore)).toBe('room_not_found');
    expect((await api(`/rooms/club/${clubId}`, host, {})).status).toBe(200);
    expect((await api(`/rooms/${code}/join`, host, { displayName: 'Host' })).status).toBe(200);
    for (const res of [
      await api(`/rooms/club/${clubId}`, guest, {}),
      await api(`/rooms/${code}/join`, guest, { displayName: 'G' }),
      await api(`/rooms/${code}/check`, guest, {}),
    ]) {
      expect(res.status).toBe(403);
      expect(errorCode(res)).toBe('not_a_member');
    }
    expect(GetRoomResponseSchema.parse((await api(`/rooms/${code}`, host)).body).room.memberCount).toBe(1);
  });

  it('takes a seat against capacity: a full room refuses the next guest and the next reader alike', async () => {
    const reader = await signUp('host');
    const [g1, g2] = await Promise.all([signUpAnonymously(), signUpAnonymously()]);
    const late = await signUp('late');
    const code = await roomOf(reader, { capacity: 2 });
    expect((await api(`/rooms/${code}/join`, reader, { displayName: 'Host' })).status).toBe(200);
    expect((await api(`/rooms/${code}/join`, g1, { displayName: 'G1' })).status).toBe(200);
    for (const user of [g2, late]) {
      expect(errorCode(await api(`/rooms/${code}/check`, user, {}))).toBe('room_full');
      const res = await api(`/rooms/${code}/join`, user, { displayName: 'Late' });
      expect(res.status).toBe(409);
      expect(errorCode(res)).toBe('room_full');
    }
    // The guest leaves: their seat is free for the next one.
    expect((await api(`/rooms/${code}/leave`, g1, {})).body).toEqual({ left: true });
    expect((await api(`/rooms/${code}/join`, g2, { displayName: 'G2' })).status).toBe(200);
  });

  it('goes through the room’s passcode attempt limit: guests’ wrong guesses lock the room for everyone', async () => {
    const reader = await signUp('host');
    const code = await roomOf(reader, { passcode: 'river-book-77' });
    expect(errorCode(await api(`/rooms/${code}/join`, await signUpAnonymously(), { displayName: 'G' }))).toBe('wrong_passcode');
    const guests = await Promise.all(Array.from({ length: 5 }, () => signUpAnonymously()));
    for (const [i, g] of guests.entries()) {
      expect(errorCode(await api(`/rooms/${code}/check`, g, { passcode: `guess-${i}-x` }))).toBe('wrong_passcode');
    }
    const locked = await api(`/rooms/${code}/join`, await signUpAnonymously(), { displayName: 'G', passcode: 'river-book-77' });
    expect(locked.status).toBe(429);
    expect(errorCode(locked)).toBe('room_locked');
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    const reader2 = await signUp('friend');
    expect(errorCode(await api(`/rooms/${code}/join`, reader2, { displayName: 'F', passcode: 'river-book-77' }))).toBe(
      'room_locked',
    );
    expect(GetRoomResponseSchema.parse((await api(`/rooms/${code}`, reader)).body).passcodeGuard?.failedAttempts).toBe(5);
  });
});

describe('a guest’s PeerJS id is bound to their uid', () => {
  it('a guest connects as themself and signals a reader in the room; neither can take the other’s id', async () => {
    const reader = await signUp('host');
    const guest = await signUpAnonymously();
    const code = await roomOf(reader);
    await api(`/rooms/${code}/join`, reader, { displayName: 'Host' });
    await api(`/rooms/${code}/join`, guest, { displayName: 'Guest' });

    const g = connect(guest.uid, guest.idToken);
    const r = connect(reader.uid, reader.idToken);
    expect((await g.first).type).toBe('OPEN');
    expect((await r.first).type).toBe('OPEN');

    // The guest's token with the reader's uid as peer id, and the other way round: refused, sockets kept.
    const stealReader = connect(reader.uid, guest.idToken);
    expect(await stealReader.first).toEqual({ type: 'ERROR', payload: { msg: expect.stringMatching(/^peer_id_not_yours: /) } });
    expect((await stealReader.closed).code).toBe(1008);
    const stealGuest = connect(guest.uid, reader.idToken);
    expect(await stealGuest.first).toEqual({ type: 'ERROR', payload: { msg: expect.stringMatching(/^peer_id_not_yours: /) } });
    await sleep(50);
    expect(g.ws.readyState).toBe(g.ws.OPEN);
    expect(r.ws.readyState).toBe(r.ws.OPEN);

    // Signalling flows between the room-mates, with the server-bound ids as src.
    const offer = (dst: string, connectionId: string) =>
      JSON.stringify({ type: 'OFFER', dst, payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'media', connectionId } });
    g.ws.send(offer(reader.uid, 'from-guest'));
    expect((await r.next((m) => m.type === 'OFFER')).src).toBe(guest.uid);
    r.ws.send(offer(guest.uid, 'from-reader'));
    expect((await g.next((m) => m.type === 'OFFER')).src).toBe(reader.uid);

    // A guest outside the room reaches no one.
    const stranger = await signUpAnonymously();
    const s = connect(stranger.uid, stranger.idToken);
    expect((await s.first).type).toBe('OPEN');
    s.ws.send(offer(reader.uid, 'from-stranger'));
    await sleep(150);
    expect(r.messages.filter((m) => m.src === stranger.uid)).toEqual([]);
  });
});

describe('new guests per address per hour (GUEST_ADMISSIONS_PER_IP_HOUR)', () => {
  it('past the limit a new guest gets 429 guest_limit with Retry-After; admitted guests and readers carry on', async () => {
    const limited = createServer({
      ...loadConfig({ FIREBASE_PROJECT_ID: PROJECT, GUEST_ADMISSIONS_PER_IP_HOUR: '2' }),
      reconnectGraceMs: 60_000,
    });
    const { port: p } = await limited.listen(0, '127.0.0.1');
    try {
      const reader = await signUp('host');
      const [g1, g2, g3] = await Promise.all([signUpAnonymously(), signUpAnonymously(), signUpAnonymously()]);
      const code = (await call(p, '/rooms', reader, {})).body.room.code as string;
      expect((await call(p, `/rooms/${code}/join`, g1, { displayName: 'G1' })).status).toBe(200);
      expect((await call(p, `/rooms/${code}`, g2)).status).toBe(200);
      const refused = await call(p, `/rooms/${code}/join`, g3, { displayName: 'G3' });
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        error: {
          code: 'guest_limit',
          message: expect.stringMatching(/Too many guests .* network/),
          retryAfterSeconds: expect.any(Number),
        },
      });
      expect(Number(refused.retryAfter)).toBeGreaterThan(3500);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(3600);
      // Every route: the limit is about admitting the uid, not about joining.
      expect(errorCode(await call(p, '/ice', g3))).toBe('guest_limit');
      // Admitted guests carry on; readers are not counted.
      expect((await call(p, `/rooms/${code}/join`, g2, { displayName: 'G2' })).status).toBe(200);
      expect((await call(p, `/rooms/${code}/join`, g1, { displayName: 'G1 again' })).status).toBe(200);
      expect((await call(p, `/rooms/${code}/join`, reader, { displayName: 'Host' })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('0 turns every guest away with a message that says so', async () => {
    const closed = createServer(loadConfig({ FIREBASE_PROJECT_ID: PROJECT, GUEST_ADMISSIONS_PER_IP_HOUR: '0' }));
    const { port: p } = await closed.listen(0, '127.0.0.1');
    try {
      const res = await call(p, '/ice', await signUpAnonymously());
      expect(res.status).toBe(429);
      expect(res.body.error).toMatchObject({ code: 'guest_limit', message: expect.stringMatching(/does not admit guests/) });
      expect((await call(p, '/ice', await signUp('reader'))).status).toBe(200);
    } finally {
      await closed.close();
    }
  });
});
