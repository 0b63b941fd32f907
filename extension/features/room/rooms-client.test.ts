import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRoomsClient, extractRoomCode, peerServerOptions, RoomsApiError } from './rooms-client';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('rooms client', () => {
  it('sends a fresh ID token and parses the response', async () => {
    const seen: { url: string; auth: string | null; body: unknown }[] = [];
    const client = createRoomsClient(
      'http://127.0.0.1:9000',
      async () => 'token-1',
      async (url, init) => {
        seen.push({
          url: String(url),
          auth: new Headers(init?.headers).get('authorization'),
          body: JSON.parse(String(init?.body)),
        });
        return json(201, { room: { code: 'ABC234', name: null, capacity: 6, memberCount: 0, hasPasscode: true, createdAt: 1 } });
      },
    );
    const room = await client.create({ passcode: 'secret' });
    expect(room.code).toBe('ABC234');
    expect(seen).toHaveLength(1);
    // The panel proposes the code (so a load balancer creates the room on the node that will serve it).
    expect(seen[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:9000\/api\/rooms\/[2-9A-HJKMNP-Z]{6}$/);
    expect(seen[0]).toMatchObject({ auth: 'Bearer token-1', body: { passcode: 'secret' } });
  });

  it('create proposes another code when the server says the proposed one is taken (409 room_code_taken)', async () => {
    const codes = ['AAAAAA', 'BBBBBB', 'CCCCCC'];
    const urls: string[] = [];
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      async (url) => {
        urls.push(String(url));
        if (urls.length < 3) return json(409, { error: { code: 'room_code_taken', message: 'taken' } });
        return json(201, { room: { code: 'CCCCCC', name: null, capacity: 6, memberCount: 0, hasPasscode: false, createdAt: 1 } });
      },
      () => codes.shift() ?? 'ZZZZZZ',
    );
    expect((await client.create({})).code).toBe('CCCCCC');
    expect(urls).toEqual(['http://x/api/rooms/AAAAAA', 'http://x/api/rooms/BBBBBB', 'http://x/api/rooms/CCCCCC']);
  });

  it('create gives up with a typed error after five taken codes', async () => {
    let calls = 0;
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      async () => {
        calls++;
        return json(409, { error: { code: 'room_code_taken', message: 'taken' } });
      },
    );
    await expect(client.create({})).rejects.toMatchObject({ code: 'internal' });
    expect(calls).toBe(5);
  });

  it("a club's room request carries the club's room code as ?room= (HAProxy routes on it)", async () => {
    const urls: string[] = [];
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      async (url) => {
        urls.push(String(url));
        return json(200, {
          room: { code: 'ABC234', name: null, capacity: 12, memberCount: 0, hasPasscode: false, createdAt: 1, clubId: 'club1' },
          now: 1,
        });
      },
    );
    await client.clubRoom('club1', 'ABC234').catch(() => {});
    await client.clubRoom('club1').catch(() => {});
    expect(urls).toEqual(['http://x/api/rooms/club/club1?room=ABC234', 'http://x/api/rooms/club/club1']);
  });

  it('the signalling path carries the room code once a room is known', () => {
    expect(peerServerOptions('https://rooms.example/', 't').path).toBe('/peerjs');
    expect(peerServerOptions('https://rooms.example/', 't', 'ABC234').path).toBe('/peerjs/rooms/ABC234');
    expect(peerServerOptions('http://127.0.0.1:8080/base', 't', 'ABC234')).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      path: '/base/peerjs/rooms/ABC234',
      secure: false,
    });
  });

  it.each([
    [404, 'room_not_found'],
    [409, 'room_full'],
    [403, 'wrong_passcode'],
    [401, 'unauthenticated'],
    [429, 'rate_limited'],
    [429, 'room_locked'],
  ] as const)('turns HTTP %i {code: %s} into a typed error the panel can translate', async (status, code) => {
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      async () => json(status, { error: { code, message: 'm' } }),
    );
    await expect(client.join('ABC234', { displayName: 'A', level: null })).rejects.toMatchObject({ code });
  });

  it('treats a network failure or a non-JSON 5xx as "server unreachable", and a malformed 200 as internal', async () => {
    const down = createRoomsClient(
      'http://x',
      async () => 't',
      async () => {
        throw new TypeError('Failed to fetch');
      },
    );
    await expect(down.leave('ABC234')).rejects.toMatchObject({ code: 'server_unreachable' });
    const proxy = createRoomsClient(
      'http://x',
      async () => 't',
      async () => new Response('<html>Bad gateway</html>', { status: 502 }),
    );
    await expect(proxy.leave('ABC234')).rejects.toMatchObject({ code: 'server_unreachable' });
    const weird = createRoomsClient(
      'http://x',
      async () => 't',
      async () => json(200, { left: 'yes' }),
    );
    await expect(weird.leave('ABC234')).rejects.toBeInstanceOf(RoomsApiError);
  });

  it('sends a rejoin grant with a join, returns the grant from the response, and fetches a fresh one for a member', async () => {
    const sent: unknown[] = [];
    const room = { code: 'ABC234', name: null, capacity: 6, memberCount: 1, hasPasscode: true, createdAt: 1 };
    const self = {
      uid: 'u1',
      peerId: 'u1',
      displayName: 'A',
      badge: null,
      level: null,
      joinedAt: 1,
      connected: true,
      guest: false,
    };
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      async (_url, init) => {
        if (init?.method === 'GET') return json(200, { room, members: [self], rejoinGrant: 'fresh.grant' });
        sent.push(JSON.parse(String(init?.body)));
        return json(200, {
          room,
          members: [self],
          self,
          ice: { iceServers: [], expiresAt: null },
          restoreTicket: null,
          rejoinGrant: 'new.grant',
        });
      },
    );
    const joined = await client.join('ABC234', { displayName: 'A', level: null, rejoinGrant: 'old.grant' });
    expect(sent).toEqual([{ displayName: 'A', rejoinGrant: 'old.grant' }]);
    expect(joined.rejoinGrant).toBe('new.grant');
    expect(await client.rejoinGrant?.('ABC234')).toBe('fresh.grant');
  });

  it('finds a room code in what people paste', () => {
    expect(extractRoomCode('K7P-2QX')).toBe('K7P2QX');
    expect(extractRoomCode('책방 독서방에 초대합니다. 코드: k7p-2qx')).toBe('K7P2QX');
    expect(extractRoomCode('Join my Chaekbang reading room: code ABC 234')).toBe('ABC234');
    expect(extractRoomCode('no code here')).toBeNull();
    expect(extractRoomCode('O0I1L0')).toBeNull();
  });

  it('derives PeerJS connection options from the server URL', () => {
    expect(peerServerOptions('https://peer.example.org', 'tok')).toEqual({
      host: 'peer.example.org',
      port: 443,
      path: '/peerjs',
      secure: true,
      key: 'peerjs',
      token: 'tok',
    });
    expect(peerServerOptions('http://127.0.0.1:9000', 'tok')).toMatchObject({ port: 9000, secure: false, path: '/peerjs' });
    expect(peerServerOptions('https://x.org/chaekbang/', 'tok').path).toBe('/chaekbang/peerjs');
  });

  const noClub = { clubId: null, pinnedMarathonId: null, sprint: null };

  it('checks a code and passcode before the camera (no seat), and reports a locked room with its wait', async () => {
    const seen: { url: string; body: unknown }[] = [];
    const room = { code: 'ABC234', name: null, capacity: 6, memberCount: 1, hasPasscode: true, createdAt: 1 };
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      async (url, init) => {
        seen.push({ url: String(url), body: JSON.parse(String(init?.body)) });
        return seen.length === 1
          ? json(200, { room })
          : json(429, { error: { code: 'room_locked', message: 'paused', retryAfterSeconds: 90 } });
      },
    );
    // A server from before club rooms: the new fields read as absent (null).
    expect(await client.check('ABC234', 'river-stone-42')).toEqual({ ...room, ...noClub });
    expect(seen[0]).toEqual({ url: 'http://x/api/rooms/ABC234/check', body: { passcode: 'river-stone-42' } });
    const locked = await client.check('ABC234', undefined).catch((e: unknown) => e);
    expect(locked).toMatchObject({ code: 'room_locked', retryAfterSeconds: 90 });
    expect(seen[1]?.body).toEqual({});
  });

  it('reads a room, with the passcode guard the host sees', async () => {
    const room = { code: 'ABC234', name: null, capacity: 6, memberCount: 1, hasPasscode: true, createdAt: 1 };
    const passcodeGuard = { failedAttempts: 5, lockedUntil: 123, retryAfterSeconds: 30 };
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      async () => json(200, { room, members: null, passcodeGuard }),
    );
    expect(await client.get('abc-234')).toEqual({ room: { ...room, ...noClub }, members: null, passcodeGuard, isHost: false });
  });

  it('an invite to a passcode room says a passcode is needed, and still carries a code people can paste', () => {
    for (const [lang, word] of [
      ['en', /passcode/],
      ['ko', /비밀번호/],
    ] as const) {
      const catalogue = JSON.parse(
        readFileSync(join(import.meta.dirname, '..', '..', 'public', '_locales', lang, 'messages.json'), 'utf8'),
      ) as Record<string, { message: string }>;
      const plain = catalogue.roomInviteText?.message.replace('$CODE$', 'K7P-2QX') ?? '';
      const withPasscode = catalogue.roomInviteTextPasscode?.message.replace('$CODE$', 'K7P-2QX') ?? '';
      expect(extractRoomCode(plain)).toBe('K7P2QX');
      expect(extractRoomCode(withPasscode)).toBe('K7P2QX');
      expect(withPasscode).toMatch(word);
      expect(plain).not.toMatch(word);
    }
  });
});

describe('rooms client: club rooms, pins and sprints', () => {
  const room = {
    code: 'K7P2QX',
    name: '수요 독서모임',
    capacity: 12,
    memberCount: 0,
    hasPasscode: false,
    createdAt: 1,
    clubId: 'club1',
    pinnedMarathonId: null,
    sprint: null,
  };
  it('calls the club room, pin and sprint routes with their bodies and parses the answers', async () => {
    const seen: { method: string; url: string; body: unknown }[] = [];
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      async (url, init) => {
        seen.push({ method: String(init?.method), url: String(url), body: JSON.parse(String(init?.body)) });
        return json(200, { room, now: 1_800_000_000_000 });
      },
    );
    expect((await client.clubRoom('club1')).room.code).toBe('K7P2QX');
    await client.pin('K7P2QX', 'marathon-1');
    await client.startSprint('K7P2QX', 25);
    await client.cancelSprint('K7P2QX', 'sprint1');
    expect(seen).toEqual([
      { method: 'POST', url: 'http://x/api/rooms/club/club1', body: {} },
      { method: 'POST', url: 'http://x/api/rooms/K7P2QX/pin', body: { marathonId: 'marathon-1' } },
      { method: 'POST', url: 'http://x/api/rooms/K7P2QX/sprint', body: { minutes: 25 } },
      { method: 'POST', url: 'http://x/api/rooms/K7P2QX/sprint/cancel', body: { sprintId: 'sprint1' } },
    ]);
  });
  it('reports the club and host refusals by their codes', async () => {
    for (const code of ['not_a_member', 'club_not_found', 'not_host', 'sprint_running', 'no_sprint'] as const) {
      const client = createRoomsClient(
        'http://x',
        async () => 't',
        async () => json(403, { error: { code, message: 'no' } }),
      );
      await expect(client.clubRoom('club1')).rejects.toMatchObject({ code });
    }
  });
});
