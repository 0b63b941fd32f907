import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { createRoomStore, type RoomStore } from './room-store';
import { createRoomTickets } from './room-ticket';

const fakeHash = {
  hashPasscode: async (p: string) => ({ salt: Buffer.alloc(1), hash: Buffer.from(p), N: 1, r: 1, p: 1 }),
  // Resolves on a later tick, like scrypt, so concurrent joins really interleave.
  verifyPasscode: (p: string, s: { hash: Buffer }) =>
    new Promise<boolean>((r) => setTimeout(() => r(Buffer.from(p).equals(s.hash)), Math.random() * 5)),
};

let store: RoomStore | undefined;
afterEach(() => store?.close());

const make = (over: Partial<Parameters<typeof createRoomStore>[0]> = {}) => {
  store = createRoomStore({ defaultCapacity: 6, idleTtlMs: 1000, graceMs: 50, ...fakeHash, ...over });
  return store;
};
const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof ApiError ? e.code : String(e)),
  );

describe('room store', () => {
  it('admits exactly capacity of many concurrent joins (passcode checks interleave)', async () => {
    // A long grace: the ten verifications run one at a time (up to ~50 ms on a loaded machine), and a seat whose
    // member has no socket yet must not free up meanwhile (with the default 50 ms grace a seventh got in).
    const rooms = make({ graceMs: 60_000 });
    const room = await rooms.create('owner', { passcode: 'open-sesame' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        code(rooms.join(room.code, `u${i}`, { displayName: `U${i}`, passcode: 'open-sesame' })),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(6);
    expect(results.filter((r) => r === 'room_full')).toHaveLength(4);
    expect(rooms.get(room.code, 'u0').room.memberCount).toBe(6);
  });

  it('refuses wrong or missing passcodes and unknown rooms', async () => {
    const rooms = make();
    const room = await rooms.create('owner', { passcode: 'right-one' });
    expect(await code(rooms.join(room.code, 'a', { displayName: 'A' }))).toBe('wrong_passcode');
    expect(await code(rooms.join(room.code, 'a', { displayName: 'A', passcode: 'wrong-one' }))).toBe('wrong_passcode');
    expect(await code(rooms.join('ZZZZZZ', 'a', { displayName: 'A' }))).toBe('room_not_found');
    expect(await code(rooms.join(room.code, 'a', { displayName: 'A', passcode: 'right-one' }))).toBe('ok');
  });

  it('rejoining is idempotent and updates the profile; a uid is in one room at a time', async () => {
    const rooms = make({ defaultCapacity: 2 });
    const r1 = await rooms.create('o', {});
    const r2 = await rooms.create('o', {});
    await rooms.join(r1.code, 'a', { displayName: 'A' });
    await rooms.join(r1.code, 'b', { displayName: 'B' });
    const again = await rooms.join(r1.code, 'a', { displayName: 'A2', badge: 'reader-1', level: 3 });
    expect(again.self).toMatchObject({ displayName: 'A2', badge: 'reader-1', level: 3 });
    expect(again.room.memberCount).toBe(2);
    await rooms.join(r2.code, 'a', { displayName: 'A' });
    expect(rooms.roomOf('a')).toBe(r2.code);
    expect(rooms.get(r1.code, 'b').members?.map((m) => m.uid)).toEqual(['b']);
    expect(rooms.get(r1.code, 'a').members).toBe(null); // no longer a member: summary only
  });

  it('keeps the seat across a reconnect within the grace period, frees it after', async () => {
    const rooms = make({ graceMs: 40 });
    const room = await rooms.create('o', {});
    rooms.peerConnected('a');
    await rooms.join(room.code, 'a', { displayName: 'A' });
    rooms.peerDisconnected('a');
    await new Promise((r) => setTimeout(r, 20));
    rooms.peerConnected('a');
    await new Promise((r) => setTimeout(r, 60));
    expect(rooms.roomOf('a')).toBe(room.code);
    rooms.peerDisconnected('a');
    await new Promise((r) => setTimeout(r, 80));
    expect(rooms.roomOf('a')).toBeUndefined();
  });

  it('frees the seat of a member who never connects', async () => {
    const rooms = make({ graceMs: 30 });
    const room = await rooms.create('o', {});
    await rooms.join(room.code, 'ghost', { displayName: 'G' });
    await new Promise((r) => setTimeout(r, 60));
    expect(rooms.get(room.code, 'x').room.memberCount).toBe(0);
  });

  it('relays signalling only between room-mates', async () => {
    const rooms = make();
    const r1 = await rooms.create('o', {});
    const r2 = await rooms.create('o', {});
    await rooms.join(r1.code, 'a', { displayName: 'A' });
    await rooms.join(r1.code, 'b', { displayName: 'B' });
    await rooms.join(r2.code, 'c', { displayName: 'C' });
    expect(rooms.sameRoom('a', 'b')).toBe(true);
    expect(rooms.sameRoom('a', 'c')).toBe(false);
    expect(rooms.sameRoom('a', 'nobody')).toBe(false);
    expect(rooms.sameRoom('x', 'y')).toBe(false);
  });

  it('sweeps rooms that stay empty past the idle TTL', async () => {
    let t = 1_000_000;
    const rooms = make({ now: () => t, idleTtlMs: 1000 });
    const kept = await rooms.create('o', {});
    const dropped = await rooms.create('o', {});
    await rooms.join(kept.code, 'a', { displayName: 'A' });
    t += 1000;
    expect(rooms.sweep()).toBe(1);
    expect(() => rooms.get(dropped.code, 'a')).toThrow(ApiError);
    rooms.leave(kept.code, 'a');
    t += 999;
    expect(rooms.sweep()).toBe(0);
    t += 1;
    expect(rooms.sweep()).toBe(1);
  });

  it('limits how many rooms one user keeps open', async () => {
    const rooms = make({ maxRoomsPerUid: 2 });
    await rooms.create('o', {});
    await rooms.create('o', {});
    expect(await code(rooms.create('o', {}))).toBe('rate_limited');
  });
});

describe('guests (anonymous accounts) in the room store', () => {
  const guest = { guest: true };

  it('seats a guest with the name they typed, no badge or level, marked as a guest; readers are not', async () => {
    const rooms = make();
    const room = await rooms.create('owner', {});
    const g = await rooms.join(room.code, 'anon1', { displayName: '민지', badge: 'reader-1', level: 7 }, guest);
    expect(g.self).toMatchObject({ uid: 'anon1', peerId: 'anon1', displayName: '민지', badge: null, level: null, guest: true });
    const r = await rooms.join(room.code, 'reader', { displayName: 'Reader', badge: 'reader-1', level: 3 });
    expect(r.self).toMatchObject({ badge: 'reader-1', level: 3, guest: false });
    expect(r.members.map((m) => [m.uid, m.guest])).toEqual([
      ['anon1', true],
      ['reader', false],
    ]);
  });

  it('counts guests against capacity like anyone (concurrent guests and readers)', async () => {
    const rooms = make({ defaultCapacity: 3 });
    const room = await rooms.create('owner', { passcode: 'open-sesame' });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        code(rooms.join(room.code, `u${i}`, { displayName: `U${i}`, passcode: 'open-sesame' }, { guest: i % 2 === 0 })),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
    expect(results.filter((r) => r === 'room_full')).toHaveLength(3);
    expect(await code(rooms.check(room.code, 'late-guest', { passcode: 'open-sesame' }))).toBe('room_full');
  });

  it('asks a guest for the passcode like anyone', async () => {
    const rooms = make();
    const room = await rooms.create('owner', { passcode: 'right-one' });
    expect(await code(rooms.join(room.code, 'g', { displayName: 'G' }, guest))).toBe('wrong_passcode');
    expect(await code(rooms.join(room.code, 'g', { displayName: 'G', passcode: 'wrong-one' }, guest))).toBe('wrong_passcode');
    expect(await code(rooms.join(room.code, 'g', { displayName: 'G', passcode: 'right-one' }, guest))).toBe('ok');
  });

  it('wrong passcodes from guests count toward the room’s lock-out, which then holds for readers too', async () => {
    const rooms = make();
    const room = await rooms.create('owner', { passcode: 'right-one' });
    for (let i = 0; i < 5; i++) {
      expect(await code(rooms.join(room.code, `anon${i}`, { displayName: 'G', passcode: `guess-${i}` }, guest))).toBe(
        'wrong_passcode',
      );
    }
    expect(await code(rooms.join(room.code, 'anon9', { displayName: 'G', passcode: 'right-one' }, guest))).toBe('room_locked');
    expect(await code(rooms.join(room.code, 'reader', { displayName: 'R', passcode: 'right-one' }))).toBe('room_locked');
    expect(rooms.passcodeGuard(room.code, 'owner')?.failedAttempts).toBe(5);
  });

  it('a guest is never a host: no pin, no sprint, even in a room they restored', async () => {
    const tickets = createRoomTickets({ secret: 'x'.repeat(40) });
    const rooms = make({ tickets });
    const room = await rooms.create('owner', {});
    const joined = await rooms.join(room.code, 'g', { displayName: 'G' }, guest);
    expect(await code(Promise.resolve().then(() => rooms.pin(room.code, 'g', 'm1')))).toBe('not_host');
    expect(await code(Promise.resolve().then(() => rooms.startSprint(room.code, 'g', 25)))).toBe('not_host');
    expect(rooms.get(room.code, 'g').isHost).toBe(false);

    // After a restart the guest comes back first with the room's signed ticket: the room returns, hostless.
    store?.close();
    const restarted = make({ tickets });
    const back = await restarted.join(
      room.code,
      'g',
      { displayName: 'G', restore: { capacity: 6, name: null, ticket: joined.restoreTicket ?? '' } },
      guest,
    );
    expect(back.self.guest).toBe(true);
    expect(restarted.get(room.code, 'g').isHost).toBe(false);
    expect(await code(Promise.resolve().then(() => restarted.pin(room.code, 'g', 'm1')))).toBe('not_host');
  });

  it('without room tickets a guest’s restore re-creates nothing (a reader’s still does)', async () => {
    const rooms = make();
    const restore = { capacity: 4, name: null };
    expect(await code(rooms.join('ABCDEF', 'g', { displayName: 'G', restore }, guest))).toBe('room_not_found');
    expect(await code(rooms.join('ABCDEF', 'reader', { displayName: 'R', restore }))).toBe('ok');
  });

  it('an account linked later (same uid) becomes a reader on its next join', async () => {
    const rooms = make();
    const room = await rooms.create('owner', {});
    await rooms.join(room.code, 'u', { displayName: 'Guest name' }, guest);
    const linked = await rooms.join(room.code, 'u', { displayName: 'Guest name', badge: 'reader-1', level: 1 });
    expect(linked.self).toMatchObject({ guest: false, badge: 'reader-1', displayName: 'Guest name' });
    expect(linked.room.memberCount).toBe(1);
  });
});

describe('room store: client-proposed codes (room affinity behind a load balancer)', () => {
  it('creates the room under the proposed code, refuses an open one with room_code_taken, and two racing creates get one room', async () => {
    const rooms = make();
    const first = await rooms.create('alice', {}, 'ABC234');
    expect(first.code).toBe('ABC234');
    expect(await code(rooms.create('bob', {}, 'ABC234'))).toBe('room_code_taken');
    // Both hash a passcode (an await) before taking the code: only one gets it.
    const racing = await Promise.all([
      code(rooms.create('carol', { passcode: 'open-sesame-1' }, 'XYZ789')),
      code(rooms.create('dave', { passcode: 'open-sesame-2' }, 'XYZ789')),
    ]);
    expect(racing.sort()).toEqual(['ok', 'room_code_taken']);
    expect(rooms.stats().rooms).toBe(2);
  });
});
