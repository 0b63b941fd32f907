import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { createRoomStore, type RoomStore } from './room-store';

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
    const rooms = make();
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
