import { randomUUID } from 'node:crypto';
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { doc, type Firestore, setDoc, Timestamp } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesEnv } from '../../firebase/tests/rules-env';
import { generateRoomCode } from '../../shared/room-code';
import {
  ApiErrorResponseSchema,
  ClubRoomResponseSchema,
  GetRoomResponseSchema,
  RoomUpdateResponseSchema,
} from '../../shared/schemas/rooms-api';
import { loadConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';
import { signUp, type TestUser } from './helpers';

// Club standing rooms, pinning and sprints on the real server: firebase-admin token checks against the Auth
// emulator and club membership read with firebase-admin from the Firestore emulator. The club documents are
// seeded with the rules off (the clubs' own rules are tested in firebase/tests).
type Json = any;
const PROJECT = process.env.CHAEKBANG_PROJECT_ID ?? process.env.GCLOUD_PROJECT ?? 'demo-chaekbang';

let server: ChaekbangPeerServer;
let port = 0;
let env: RulesTestEnvironment;
let host: TestUser;
let cohost: TestUser;
let member: TestUser;
let outsider: TestUser;
const clubId = `club-${randomUUID().slice(0, 8)}`;
const roomCode = generateRoomCode();

async function api(path: string, user: TestUser | null, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${user.idToken}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : null };
}
const errorCode = (res: { body: Json }) => ApiErrorResponseSchema.parse(res.body).error.code;
const join = (user: TestUser, code: string) => api(`/rooms/${code}/join`, user, { displayName: user.email.slice(0, 12) });

async function seedClub(id: string, code: string, members: Array<[TestUser, 'host' | 'cohost' | 'member']>) {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    const hostUid = members.find(([, r]) => r === 'host')?.[0].uid ?? 'nobody';
    await setDoc(doc(db, 'clubs', id), {
      name: '수요 독서모임',
      description: '',
      hostUid,
      coHostUids: members.filter(([, r]) => r === 'cohost').map(([u]) => u.uid),
      roomCode: code,
      visibility: 'private',
    });
    for (const [user, role] of members) {
      await setDoc(doc(db, 'clubs', id, 'members', user.uid), {
        uid: user.uid,
        displayName: user.email.slice(0, 12),
        role,
        joinedAt: Timestamp.now(),
      });
    }
  });
}

beforeAll(async () => {
  env = await rulesEnv();
  server = createServer({ ...loadConfig({ FIREBASE_PROJECT_ID: PROJECT }), reconnectGraceMs: 60_000 }); // no PeerJS sockets here: keep seats
  ({ port } = await server.listen(0, '127.0.0.1'));
  [host, cohost, member, outsider] = await Promise.all([signUp('host'), signUp('cohost'), signUp('member'), signUp('outsider')]);
  await seedClub(clubId, roomCode, [
    [host, 'host'],
    [cohost, 'cohost'],
    [member, 'member'],
  ]);
});
afterAll(async () => {
  await server?.close();
  await env?.cleanup();
});

describe('POST /api/rooms/club/:clubId', () => {
  it('a member gets the club’s room under the club’s own code; a second call returns the same room', async () => {
    const first = await api(`/rooms/club/${clubId}`, member, {});
    expect(first.status).toBe(200);
    const parsed = ClubRoomResponseSchema.parse(first.body);
    expect(parsed.room).toMatchObject({ code: roomCode, clubId, hasPasscode: false, capacity: 12, name: '수요 독서모임' });
    expect(Math.abs(parsed.now - Date.now())).toBeLessThan(5000);
    const again = ClubRoomResponseSchema.parse((await api(`/rooms/club/${clubId}`, host, {})).body);
    expect(again.room.code).toBe(roomCode);
    expect(again.room.createdAt).toBe(parsed.room.createdAt);
  });

  it('a non-member is refused (not_a_member, 403), and cannot join the room by its code either', async () => {
    const res = await api(`/rooms/club/${clubId}`, outsider, {});
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('not_a_member');
    const byCode = await join(outsider, roomCode);
    expect(byCode.status).toBe(403);
    expect(errorCode(byCode)).toBe('not_a_member');
    const check = await api(`/rooms/${roomCode}/check`, outsider, {});
    expect(errorCode(check)).toBe('not_a_member');
  });

  it('an unknown club, a malformed id and a signed-out call are refused with clear errors', async () => {
    const missing = await api('/rooms/club/no-such-club', member, {});
    expect(missing.status).toBe(404);
    expect(errorCode(missing)).toBe('club_not_found');
    const bad = await api(`/rooms/club/${encodeURIComponent('a/b c')}`, member, {});
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const signedOut = await api(`/rooms/club/${clubId}`, null, {});
    expect(signedOut.status).toBe(401);
  });

  it('a club whose room code is not a valid code is reported, not crashed on', async () => {
    const broken = `club-${randomUUID().slice(0, 8)}`;
    await seedClub(broken, 'not-a-code', [[member, 'member']]);
    const res = await api(`/rooms/club/${broken}`, member, {});
    expect(errorCode(res)).toBe('club_not_found');
  });

  it('members join without a passcode; the room info says it is the club’s', async () => {
    for (const user of [host, cohost, member]) expect((await join(user, roomCode)).status).toBe(200);
    const info = GetRoomResponseSchema.parse((await api(`/rooms/${roomCode}`, member)).body);
    expect(info.room).toMatchObject({ clubId, pinnedMarathonId: null, sprint: null, memberCount: 3 });
    expect(info.isHost).toBe(false);
    expect(GetRoomResponseSchema.parse((await api(`/rooms/${roomCode}`, cohost)).body).isHost).toBe(true);
  });
});

describe('pinning a marathon', () => {
  it('a non-host cannot pin (not_host, 403); the host pins and everyone sees it in the room info; unpin', async () => {
    const refused = await api(`/rooms/${roomCode}/pin`, member, { marathonId: 'marathon-1' });
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe('not_host');
    const pinned = RoomUpdateResponseSchema.parse((await api(`/rooms/${roomCode}/pin`, host, { marathonId: 'marathon-1' })).body);
    expect(pinned.room.pinnedMarathonId).toBe('marathon-1');
    const seen = GetRoomResponseSchema.parse((await api(`/rooms/${roomCode}`, member)).body);
    expect(seen.room.pinnedMarathonId).toBe('marathon-1');
    const cleared = RoomUpdateResponseSchema.parse((await api(`/rooms/${roomCode}/pin`, cohost, { marathonId: null })).body);
    expect(cleared.room.pinnedMarathonId).toBeNull();
  });

  it('hostile pins are refused: bad ids, extra fields, not JSON', async () => {
    for (const body of [{ marathonId: '../x' }, { marathonId: 'x'.repeat(200) }, { marathonId: 'a', extra: 1 }, {}]) {
      const res = await api(`/rooms/${roomCode}/pin`, host, body);
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('invalid_request');
    }
  });
});

describe('reading sprints over HTTP', () => {
  it('host only, 10–60 minutes, a running one blocks another, the host cancels by id', async () => {
    for (const minutes of [9, 61, 10.5, '20', null]) {
      const res = await api(`/rooms/${roomCode}/sprint`, host, { minutes });
      expect(res.status).toBe(400);
    }
    expect(errorCode(await api(`/rooms/${roomCode}/sprint`, member, { minutes: 20 }))).toBe('not_host');
    const before = Date.now();
    const started = RoomUpdateResponseSchema.parse((await api(`/rooms/${roomCode}/sprint`, host, { minutes: 20 })).body);
    const sprint = started.room.sprint;
    if (!sprint) throw new Error('no sprint');
    expect(sprint.endsAt - sprint.startedAt).toBe(20 * 60_000);
    expect(sprint.startedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(errorCode(await api(`/rooms/${roomCode}/sprint`, cohost, { minutes: 10 }))).toBe('sprint_running');
    // A late joiner's room info carries the running sprint.
    expect(GetRoomResponseSchema.parse((await api(`/rooms/${roomCode}`, member)).body).room.sprint).toEqual(sprint);
    expect(errorCode(await api(`/rooms/${roomCode}/sprint/cancel`, member, { sprintId: sprint.id }))).toBe('not_host');
    expect(errorCode(await api(`/rooms/${roomCode}/sprint/cancel`, host, { sprintId: 'stale' }))).toBe('no_sprint');
    const cancelled = RoomUpdateResponseSchema.parse(
      (await api(`/rooms/${roomCode}/sprint/cancel`, host, { sprintId: sprint.id })).body,
    );
    expect(cancelled.room.sprint).toBeNull();
  });
});

describe('after a server restart (rooms are in memory)', () => {
  it('a restore of the club’s code brings back the club’s room for a member and refuses an outsider', async () => {
    const restartedClub = `club-${randomUUID().slice(0, 8)}`;
    const code = generateRoomCode();
    await seedClub(restartedClub, code, [
      [host, 'host'],
      [member, 'member'],
    ]);
    const fresh = createServer({ ...loadConfig({ FIREBASE_PROJECT_ID: PROJECT }), reconnectGraceMs: 60_000 });
    const { port: freshPort } = await fresh.listen(0, '127.0.0.1');
    const call = (user: TestUser, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${freshPort}/api${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${user.idToken}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as Json }));
    try {
      const restore = { capacity: 6, name: null };
      const outsiderTry = await call(outsider, `/rooms/${code}/join`, { displayName: 'Outsider', restore });
      expect(outsiderTry.status).toBe(403);
      expect(outsiderTry.body.error.code).toBe('not_a_member');
      const back = await call(member, `/rooms/${code}/join`, { displayName: 'Member', restore });
      expect(back.status).toBe(200);
      expect(back.body.room).toMatchObject({ code, clubId: restartedClub, hasPasscode: false, capacity: 12 });
      // The restoring member does not become the room's host: the club's host is.
      const seen = GetRoomResponseSchema.parse((await call(member, `/rooms/${code}`)).body);
      expect(seen.isHost).toBe(false);
      expect((await call(outsider, `/rooms/${code}/join`, { displayName: 'Outsider' })).body.error.code).toBe('not_a_member');
    } finally {
      await fresh.close();
    }
  });
});
