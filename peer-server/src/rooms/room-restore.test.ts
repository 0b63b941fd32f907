import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { createRoomStore, type RoomStore } from './room-store';

const fakeHash = {
  hashPasscode: async (p: string) => ({ salt: Buffer.alloc(1), hash: Buffer.from(p), N: 1, r: 1, p: 1 }),
  verifyPasscode: async (p: string, s: { hash: Buffer }) => Buffer.from(p).equals(s.hash),
};
let store: RoomStore | undefined;
afterEach(() => store?.close());
const make = () => {
  store = createRoomStore({ defaultCapacity: 6, idleTtlMs: 1000, graceMs: 50, ...fakeHash });
  return store;
};
const errorCode = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof ApiError ? e.code : String(e)),
  );

describe('room restore after a peer-server restart', () => {
  it('a returning member re-creates a forgotten room under its code, with its capacity and passcode', async () => {
    const restored: string[] = [];
    store = createRoomStore({
      defaultCapacity: 6,
      idleTtlMs: 1000,
      graceMs: 50,
      ...fakeHash,
      onRestore: ({ code }) => restored.push(code),
    });
    const joined = await store.join('ABC234', 'alice', {
      displayName: 'Alice',
      passcode: 'secret',
      restore: { capacity: 2, name: null },
    });
    expect(joined.room).toMatchObject({ code: 'ABC234', capacity: 2, hasPasscode: true, memberCount: 1 });
    expect(restored).toEqual(['ABC234']);
    // The restored passcode and capacity hold for everyone after.
    expect(await errorCode(store.join('ABC234', 'bob', { displayName: 'Bob', passcode: 'nope' }))).toBe('wrong_passcode');
    expect(await errorCode(store.join('ABC234', 'bob', { displayName: 'Bob', passcode: 'secret' }))).toBe('ok');
    expect(await errorCode(store.join('ABC234', 'carol', { displayName: 'Carol', passcode: 'secret' }))).toBe('room_full');
  });

  it('restore is ignored when the room exists (no one can reset a live room)', async () => {
    const rooms = make();
    const room = await rooms.create('owner', { passcode: 'owner-pass', capacity: 3 });
    expect(
      await errorCode(
        rooms.join(room.code, 'mallory', { displayName: 'M', passcode: 'mine', restore: { capacity: 12, name: 'x' } }),
      ),
    ).toBe('wrong_passcode');
    expect(rooms.get(room.code, 'owner').room.capacity).toBe(3);
  });

  it('without restore, a forgotten room is still "not found"', async () => {
    const rooms = make();
    expect(await errorCode(rooms.join('ABC234', 'alice', { displayName: 'Alice' }))).toBe('room_not_found');
  });

  it('two members restoring at once end up in one room', async () => {
    const rooms = make();
    const [a, b] = await Promise.all([
      rooms.join('XYZ789', 'alice', { displayName: 'A', restore: { capacity: 6, name: null } }),
      rooms.join('XYZ789', 'bob', { displayName: 'B', restore: { capacity: 6, name: null } }),
    ]);
    expect(a.room.code).toBe(b.room.code);
    expect(rooms.get('XYZ789', 'alice').room.memberCount).toBe(2);
  });
});
