import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { createRejoinGrants, REJOIN_GRANT_TTL_MS } from './rejoin-grant';
import { createRoomStore, PASSCODE_GUARD, type RoomStore } from './room-store';
import { createRoomTickets } from './room-ticket';

// Rejoin grants: a member comes back to a passcode room without the client keeping the passcode.
const PASSCODE = 'river-stone-42';
let store: RoomStore | undefined;
afterEach(() => store?.close());

function make(graceMs = 50) {
  let t = 1_000_000;
  const calls = { verify: 0 };
  const now = () => t;
  const rooms = createRoomStore({
    defaultCapacity: 6,
    idleTtlMs: 60 * 60_000,
    graceMs,
    now,
    rejoinGrants: createRejoinGrants({ now }),
    hashPasscode: async (p: string) => ({ salt: Buffer.alloc(1), hash: Buffer.from(p), N: 1, r: 1, p: 1 }),
    // Counts every passcode verification (each would be one scrypt run on the real server).
    verifyPasscode: async (p: string, s: { hash: Buffer }) => {
      calls.verify++;
      return Buffer.from(p).equals(s.hash);
    },
  });
  store = rooms;
  return {
    rooms,
    calls,
    advance: (ms: number) => {
      t += ms;
    },
  };
}
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof ApiError ? e.code : String(e)),
  );
/** Join, take the grant, leave the seat the way a closed panel loses it (left: the seat is free at once). */
async function memberWithGrant(rooms: RoomStore, code: string, uid: string) {
  const joined = await rooms.join(code, uid, { displayName: uid, passcode: PASSCODE });
  expect(joined.rejoinGrant).toEqual(expect.any(String));
  rooms.leave(code, uid);
  return joined.rejoinGrant;
}

describe('rejoin grants', () => {
  it('bring the same member back to the same room without the passcode, with no scrypt run and no count', async () => {
    const { rooms, calls } = make();
    const room = await rooms.create('host', { passcode: PASSCODE });
    const grant = await memberWithGrant(rooms, room.code, 'reader');
    expect(calls.verify).toBe(1);
    const back = await rooms.join(room.code, 'reader', { displayName: 'reader', rejoinGrant: grant });
    expect(back.self.uid).toBe('reader');
    expect(calls.verify).toBe(1);
    expect(rooms.passcodeGuard(room.code, 'host')?.failedAttempts).toBe(0);
    // A fresh grant with each join; members also get one from the room lookup (to refresh it in a long call).
    expect(back.rejoinGrant).toEqual(expect.any(String));
    expect(rooms.get(room.code, 'reader').rejoinGrant).toEqual(expect.any(String));
    expect(rooms.get(room.code, 'stranger').rejoinGrant).toBeUndefined();
  });

  it('are refused for another uid, another room, once expired, tampered or junk: the passcode rules apply', async () => {
    const { rooms, calls, advance } = make();
    const room = await rooms.create('host', { passcode: PASSCODE });
    const other = await rooms.create('host', { passcode: 'other-room-77' });
    const grant = await memberWithGrant(rooms, room.code, 'reader');
    const otherGrant = await rooms
      .join(other.code, 'reader', { displayName: 'r', passcode: 'other-room-77' })
      .then((j) => j.rejoinGrant);
    rooms.leave(other.code, 'reader');
    calls.verify = 0;

    // Another uid holding the reader's grant.
    expect(await outcome(rooms.join(room.code, 'thief', { displayName: 'thief', rejoinGrant: grant }))).toBe('wrong_passcode');
    // A grant for another room.
    expect(await outcome(rooms.join(room.code, 'reader', { displayName: 'r', rejoinGrant: otherGrant }))).toBe('wrong_passcode');
    // Tampered: the body says another uid, or the signature is changed.
    const [body, mac] = grant.split('.') as [string, string];
    const wire = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...wire, u: 'thief' })).toString('base64url')}.${mac}`;
    expect(await outcome(rooms.join(room.code, 'thief', { displayName: 'thief', rejoinGrant: forged }))).toBe('wrong_passcode');
    const flipped = `${body}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(await outcome(rooms.join(room.code, 'reader', { displayName: 'r', rejoinGrant: flipped }))).toBe('wrong_passcode');
    for (const junk of ['', 'x', 'a.b.c', `${body}.`, '.'])
      expect(await outcome(rooms.join(room.code, 'reader', { displayName: 'r', rejoinGrant: junk }))).toBe('wrong_passcode');
    // No passcode sent: none of these was a guess.
    expect(calls.verify).toBe(0);
    // With a wrong passcode beside an invalid grant, it is an ordinary (counted) guess.
    expect(
      await outcome(rooms.join(room.code, 'thief', { displayName: 'thief', rejoinGrant: grant, passcode: 'nope-nope-1' })),
    ).toBe('wrong_passcode');
    expect(calls.verify).toBe(1);
    expect(rooms.passcodeGuard(room.code, 'host')?.failedAttempts).toBe(1);

    // Expired: valid for REJOIN_GRANT_TTL_MS (15 min, the client's rejoin window), not a moment longer.
    advance(REJOIN_GRANT_TTL_MS - 1);
    const fresh = await memberWithGrant(rooms, room.code, 'reader2');
    expect(await outcome(rooms.join(room.code, 'reader', { displayName: 'r', rejoinGrant: grant }))).toBe('ok');
    rooms.leave(room.code, 'reader');
    advance(1);
    expect(await outcome(rooms.join(room.code, 'reader', { displayName: 'r', rejoinGrant: grant }))).toBe('wrong_passcode');
    expect(await outcome(rooms.join(room.code, 'reader2', { displayName: 'r2', rejoinGrant: fresh }))).toBe('ok');
  });

  it('are bound to the room instance: a new room under the same code does not honour an old grant', async () => {
    let t = 1_000_000;
    const now = () => t;
    const make2 = () =>
      createRoomStore({
        defaultCapacity: 6,
        idleTtlMs: 1000,
        graceMs: 50,
        now,
        generateCode: () => 'AB3DEF',
        rejoinGrants: shared,
        hashPasscode: async (p: string) => ({ salt: Buffer.alloc(1), hash: Buffer.from(p), N: 1, r: 1, p: 1 }),
        verifyPasscode: async (p: string, s: { hash: Buffer }) => Buffer.from(p).equals(s.hash),
      });
    const shared = createRejoinGrants({ now });
    const rooms = make2();
    store = rooms;
    await rooms.create('host', { passcode: PASSCODE });
    const grant = await memberWithGrant(rooms, 'AB3DEF', 'reader');
    t += 2000;
    expect(rooms.sweep()).toBe(1);
    await rooms.create('someone-else', { passcode: 'their-own-99' });
    expect(await outcome(rooms.join('AB3DEF', 'reader', { displayName: 'r', rejoinGrant: grant }))).toBe('wrong_passcode');
  });

  it('a locked room refuses passcodes, but a member with a valid grant still comes back (the grant proves membership)', async () => {
    const { rooms, calls } = make();
    const room = await rooms.create('host', { passcode: PASSCODE });
    const grant = await memberWithGrant(rooms, room.code, 'reader');
    for (let i = 0; i < PASSCODE_GUARD.failuresBeforeLock; i++)
      expect(await outcome(rooms.join(room.code, `g${i}`, { displayName: 'g', passcode: `wrong-${i}` }))).toBe('wrong_passcode');
    const verifies = calls.verify;
    expect(await outcome(rooms.join(room.code, 'late', { displayName: 'late', passcode: PASSCODE }))).toBe('room_locked');
    expect(await outcome(rooms.join(room.code, 'thief', { displayName: 't', rejoinGrant: grant }))).toBe('room_locked');
    expect(await outcome(rooms.join(room.code, 'reader', { displayName: 'r', rejoinGrant: grant }))).toBe('ok');
    expect(calls.verify).toBe(verifies);
    // The lock stands for everyone else, and the grant did not reset the count the host sees.
    expect(await outcome(rooms.join(room.code, 'late', { displayName: 'late', passcode: PASSCODE }))).toBe('room_locked');
    expect(rooms.passcodeGuard(room.code, 'host')?.failedAttempts).toBe(PASSCODE_GUARD.failuresBeforeLock);
  });

  it('do not take a seat in a full room', async () => {
    const { rooms } = make();
    const room = await rooms.create('host', { passcode: PASSCODE, capacity: 2 });
    const grant = await memberWithGrant(rooms, room.code, 'reader');
    await rooms.join(room.code, 'a', { displayName: 'a', passcode: PASSCODE });
    await rooms.join(room.code, 'b', { displayName: 'b', passcode: PASSCODE });
    expect(await outcome(rooms.join(room.code, 'reader', { displayName: 'r', rejoinGrant: grant }))).toBe('room_full');
  });

  it('with room tickets, use the ticket secret and survive a restart with the restored room', async () => {
    let t = 1_000_000;
    const now = () => t;
    const hashes = {
      hashPasscode: async (p: string) => ({ salt: Buffer.alloc(1), hash: Buffer.from(p), N: 1, r: 1, p: 1 }),
      verifyPasscode: async (p: string, s: { hash: Buffer }) => Buffer.from(p).equals(s.hash),
    };
    const tickets = createRoomTickets({ secret: 'x'.repeat(32), now });
    const before = createRoomStore({ defaultCapacity: 6, idleTtlMs: 1000, graceMs: 50, now, ...hashes, tickets });
    const room = await before.create('host', { passcode: PASSCODE });
    const joined = await before.join(room.code, 'reader', { displayName: 'r', passcode: PASSCODE });
    before.close();
    t += 60_000;
    // "Restart": a new store with the same secret; the reader restores the room and comes back with the grant.
    store = createRoomStore({ defaultCapacity: 6, idleTtlMs: 1000, graceMs: 50, now, ...hashes, tickets });
    const back = await store.join(room.code, 'reader', {
      displayName: 'r',
      restore: { capacity: 6, name: null, ticket: joined.restoreTicket ?? '' },
      rejoinGrant: joined.rejoinGrant,
    });
    expect(back.room).toMatchObject({ code: room.code, hasPasscode: true });
    // A grant signed under another secret (a per-process one) is no grant here.
    const foreign = createRejoinGrants({ now }).issue({ code: room.code, roomId: 'x', uid: 'reader2' });
    expect(await outcome(store.join(room.code, 'reader2', { displayName: 'r2', rejoinGrant: foreign }))).toBe('wrong_passcode');
  });
});
