import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { ApiError } from '../errors';
import { membershipFrom } from './club-directory';
import { createRoomStore, type RoomStore } from './room-store';

// Club standing rooms, pinned marathons and reading sprints in the room store (the routes are tested
// against the real server and the emulators in peer-server/test/club-room.emu.test.ts).
let store: RoomStore | undefined;
afterEach(() => store?.close());

let clock = 1_800_000_000_000;
const make = (over: Partial<Parameters<typeof createRoomStore>[0]> = {}) => {
  store = createRoomStore({ defaultCapacity: 6, idleTtlMs: 1000, graceMs: 50, now: () => clock, ...over });
  return store;
};
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof ApiError ? e.code : String(e);
  }
};
const CLUB_CODE = 'K7P2QX';

describe('club standing rooms', () => {
  it('creates the room under the club code once, then returns the same room (no passcode, largest capacity)', async () => {
    const rooms = make();
    const first = rooms.ensureClubRoom({ clubId: 'club1', code: CLUB_CODE, uid: 'host', host: true, name: '수요 독서모임' });
    expect(first).toMatchObject({ code: CLUB_CODE, clubId: 'club1', hasPasscode: false, capacity: 12, name: '수요 독서모임' });
    await rooms.join(CLUB_CODE, 'host', { displayName: 'Host' });
    const second = rooms.ensureClubRoom({ clubId: 'club1', code: CLUB_CODE, uid: 'member', host: false });
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.memberCount).toBe(1);
    expect(rooms.clubOf(CLUB_CODE)).toBe('club1');
  });

  it('refuses a club code already used by another club or a plain room', async () => {
    const rooms = make({ generateCode: () => CLUB_CODE });
    await rooms.create('someone', {});
    expect(codeOf(() => rooms.ensureClubRoom({ clubId: 'club1', code: CLUB_CODE, uid: 'a', host: true }))).toBe('internal');
  });

  it('does not count toward the reader’s own room limit', async () => {
    const rooms = make({ maxRoomsPerUid: 1 });
    rooms.ensureClubRoom({ clubId: 'club1', code: CLUB_CODE, uid: 'a', host: true });
    await expect(rooms.create('a', {})).resolves.toMatchObject({ clubId: null });
  });

  it('hosts of a club room are the club’s host and co-hosts, updated on every request', async () => {
    const rooms = make();
    rooms.ensureClubRoom({ clubId: 'club1', code: CLUB_CODE, uid: 'host', host: true });
    rooms.ensureClubRoom({ clubId: 'club1', code: CLUB_CODE, uid: 'member', host: false });
    await rooms.join(CLUB_CODE, 'host', { displayName: 'Host' });
    await rooms.join(CLUB_CODE, 'member', { displayName: 'Member' });
    expect(rooms.get(CLUB_CODE, 'host').isHost).toBe(true);
    expect(rooms.get(CLUB_CODE, 'member').isHost).toBe(false);
    expect(codeOf(() => rooms.pin(CLUB_CODE, 'member', 'm1'))).toBe('not_host');
    rooms.setClubHost(CLUB_CODE, 'member', true); // made a co-host
    expect(codeOf(() => rooms.pin(CLUB_CODE, 'member', 'm1'))).toBe('ok');
    rooms.setClubHost(CLUB_CODE, 'host', false); // host handed over
    expect(codeOf(() => rooms.pin(CLUB_CODE, 'host', null))).toBe('not_host');
  });
});

describe('membership from the club documents', () => {
  const club = { name: 'Club', hostUid: 'h', coHostUids: ['c'], roomCode: CLUB_CODE, visibility: 'private' };
  it('a member gets the room code and role', () => {
    expect(membershipFrom('club1', 'h', club, { role: 'host' })).toEqual({
      clubId: 'club1',
      roomCode: CLUB_CODE,
      name: 'Club',
      host: true,
    });
    expect(membershipFrom('club1', 'c', club, { role: 'cohost' }).host).toBe(true);
    expect(membershipFrom('club1', 'm', club, { role: 'member' }).host).toBe(false);
  });
  it('no member document: not_a_member; no club or no valid room code: club_not_found', () => {
    expect(codeOf(() => membershipFrom('club1', 'x', club, undefined))).toBe('not_a_member');
    expect(codeOf(() => membershipFrom('club1', 'x', undefined, { role: 'member' }))).toBe('club_not_found');
    expect(codeOf(() => membershipFrom('club1', 'x', { ...club, roomCode: 'nope' }, { role: 'member' }))).toBe('club_not_found');
    expect(codeOf(() => membershipFrom('club1', 'x', { ...club, roomCode: 42 }, { role: 'member' }))).toBe('club_not_found');
  });
  it('the club document says who leads: a member document claiming host is not believed', () => {
    expect(membershipFrom('club1', 'm', { roomCode: CLUB_CODE }, {}).host).toBe(false);
    expect(membershipFrom('club1', 'm', club, { role: 'host' }).host).toBe(false);
    expect(membershipFrom('club1', 'c', club, { role: 'member' }).host).toBe(true);
  });
});

describe('pinned marathon', () => {
  it('the host of a plain room (its creator) pins and unpins; others, and non-members, cannot', async () => {
    const rooms = make();
    const room = await rooms.create('host', {});
    await rooms.join(room.code, 'host', { displayName: 'Host' });
    await rooms.join(room.code, 'guest', { displayName: 'Guest' });
    expect(codeOf(() => rooms.pin(room.code, 'guest', 'm1'))).toBe('not_host');
    expect(codeOf(() => rooms.pin(room.code, 'outsider', 'm1'))).toBe('not_a_member');
    expect(rooms.pin(room.code, 'host', 'm1').pinnedMarathonId).toBe('m1');
    expect(rooms.get(room.code, 'guest').room.pinnedMarathonId).toBe('m1');
    expect(rooms.pin(room.code, 'host', null).pinnedMarathonId).toBeNull();
    expect(codeOf(() => rooms.pin('ZZZZZZ', 'host', 'm1'))).toBe('room_not_found');
  });
});

describe('reading sprints', () => {
  it('the host starts one; it ends minutes × the sprint minute later on the server clock; members see it', async () => {
    const rooms = make();
    const room = await rooms.create('host', {});
    await rooms.join(room.code, 'host', { displayName: 'Host' });
    await rooms.join(room.code, 'guest', { displayName: 'Guest' });
    const started = rooms.startSprint(room.code, 'host', 25).sprint;
    expect(started).toMatchObject({ startedBy: 'host', startedAt: clock, endsAt: clock + 25 * 60_000, minutes: 25 });
    const seen = rooms.get(room.code, 'guest');
    expect(seen.room.sprint).toEqual(started);
    expect(seen.now).toBe(clock);
  });

  it('only the host, one at a time; a new one once the last has ended', async () => {
    const rooms = make();
    const room = await rooms.create('host', {});
    await rooms.join(room.code, 'host', { displayName: 'Host' });
    await rooms.join(room.code, 'guest', { displayName: 'Guest' });
    expect(codeOf(() => rooms.startSprint(room.code, 'guest', 10))).toBe('not_host');
    const first = rooms.startSprint(room.code, 'host', 10).sprint;
    expect(codeOf(() => rooms.startSprint(room.code, 'host', 10))).toBe('sprint_running');
    clock += 10 * 60_000;
    const second = rooms.startSprint(room.code, 'host', 15).sprint;
    expect(second?.id).not.toBe(first?.id);
  });

  it('the host cancels the running sprint by id; a stale id, an ended sprint or a guest cannot', async () => {
    const rooms = make();
    const room = await rooms.create('host', {});
    await rooms.join(room.code, 'host', { displayName: 'Host' });
    await rooms.join(room.code, 'guest', { displayName: 'Guest' });
    const sprint = rooms.startSprint(room.code, 'host', 10).sprint;
    if (!sprint) throw new Error('no sprint');
    expect(codeOf(() => rooms.cancelSprint(room.code, 'guest', sprint.id))).toBe('not_host');
    expect(codeOf(() => rooms.cancelSprint(room.code, 'host', 'other'))).toBe('no_sprint');
    expect(rooms.cancelSprint(room.code, 'host', sprint.id).sprint).toBeNull();
    expect(codeOf(() => rooms.cancelSprint(room.code, 'host', sprint.id))).toBe('no_sprint');
    const next = rooms.startSprint(room.code, 'host', 10).sprint;
    clock += 10 * 60_000;
    expect(codeOf(() => rooms.cancelSprint(room.code, 'host', next?.id ?? ''))).toBe('no_sprint');
  });

  it('a shortened sprint minute (test-only setting) shortens the sprint', async () => {
    const rooms = make({ sprintMinuteMs: 2000 });
    const room = await rooms.create('host', {});
    await rooms.join(room.code, 'host', { displayName: 'Host' });
    const sprint = rooms.startSprint(room.code, 'host', 10).sprint;
    expect((sprint?.endsAt ?? 0) - (sprint?.startedAt ?? 0)).toBe(20_000);
  });
});

describe('SPRINT_MINUTE_MS (test-only)', () => {
  const production = { NODE_ENV: 'production', CORS_ORIGINS: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' };
  it('defaults to a real minute, and a test run may shorten it', () => {
    expect(loadConfig({}).sprintMinuteMs).toBe(60_000);
    expect(loadConfig({ SPRINT_MINUTE_MS: '2000' }).sprintMinuteMs).toBe(2000);
    expect(loadConfig(production).sprintMinuteMs).toBe(60_000);
    expect(loadConfig({ ...production, SPRINT_MINUTE_MS: '60000' }).sprintMinuteMs).toBe(60_000);
  });
  it('the production config refuses it, naming the variable', () => {
    expect(() => loadConfig({ ...production, SPRINT_MINUTE_MS: '2000' })).toThrowError(/SPRINT_MINUTE_MS is a test-only/);
  });
  it('refuses nonsense', () => {
    expect(() => loadConfig({ SPRINT_MINUTE_MS: '0' })).toThrowError(/SPRINT_MINUTE_MS/);
    expect(() => loadConfig({ SPRINT_MINUTE_MS: '120000' })).toThrowError(/SPRINT_MINUTE_MS/);
    expect(() => loadConfig({ SPRINT_MINUTE_MS: 'fast' })).toThrowError(/SPRINT_MINUTE_MS/);
  });
});
