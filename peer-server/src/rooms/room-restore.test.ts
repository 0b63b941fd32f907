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

describe('restore hardening', () => {
  const hashes = {
    hashPasscode: async (p: string) => ({ salt: Buffer.alloc(1), hash: Buffer.from(p), N: 1, r: 1, p: 1 }),
    verifyPasscode: async (p: string, s: { hash: Buffer }) => Buffer.from(p).equals(s.hash),
  };

  it('with tickets, only a valid ticket restores, and the room comes back with its own passcode', async () => {
    const { createRoomTickets } = await import('./room-ticket');
    const tickets = createRoomTickets({ secret: 'x'.repeat(32) });
    const before = createRoomStore({ defaultCapacity: 6, idleTtlMs: 1000, graceMs: 50, ...hashes, tickets });
    const room = await before.create('owner', { passcode: 'members-only', capacity: 3 });
    const joined = await before.join(room.code, 'alice', { displayName: 'A', passcode: 'members-only' });
    before.close();
    expect(joined.restoreTicket).toEqual(expect.any(String));

    // "restart": a new store with the same secret
    store = createRoomStore({ defaultCapacity: 6, idleTtlMs: 1000, graceMs: 50, ...hashes, tickets });
    const restore = { capacity: 12, name: 'mine now' };
    // a stranger who knows only the code cannot claim the room with a passcode of their own
    expect(await errorCode(store.join(room.code, 'mallory', { displayName: 'M', passcode: 'mallorys', restore }))).toBe(
      'room_not_found',
    );
    expect(
      await errorCode(store.join(room.code, 'mallory', { displayName: 'M', restore: { ...restore, ticket: 'forged.ticket' } })),
    ).toBe('room_not_found');
    // a member's ticket brings it back as it was: capacity 3, the original passcode
    const back = await store.join(room.code, 'alice', {
      displayName: 'A',
      passcode: 'members-only',
      restore: { ...restore, ticket: joined.restoreTicket ?? '' },
    });
    expect(back.room).toMatchObject({ code: room.code, capacity: 3, name: null, hasPasscode: true });
    expect(await errorCode(store.join(room.code, 'mallory', { displayName: 'M', passcode: 'mallorys' }))).toBe('wrong_passcode');
  });

  it('without tickets, restores are accepted only shortly after start and within the room limit', async () => {
    let t = 0;
    store = createRoomStore({
      defaultCapacity: 6,
      idleTtlMs: 1000,
      graceMs: 50,
      ...hashes,
      now: () => t,
      restoreWindowMs: 1000,
      maxRoomsPerUid: 1,
    });
    const restore = { capacity: 4, name: null };
    expect(await errorCode(store.join('AB3DEF', 'alice', { displayName: 'A', restore }))).toBe('ok');
    expect(await errorCode(store.join('AB3DEG', 'alice', { displayName: 'A', restore }))).toBe('rate_limited');
    t = 1001;
    expect(await errorCode(store.join('AB3DEH', 'bob', { displayName: 'B', restore }))).toBe('room_not_found');
  });
});
