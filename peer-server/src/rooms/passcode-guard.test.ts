import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { createRoomStore, type RoomStore } from './room-store';

// Per-room passcode attempt limit: counted across every uid/IP, growing lock-outs, refused before scrypt.
let store: RoomStore | undefined;
afterEach(() => store?.close());

function make() {
  let t = 1_000_000;
  const calls = { verify: 0 };
  const rooms = createRoomStore({
    defaultCapacity: 6,
    idleTtlMs: 60 * 60_000,
    graceMs: 60_000,
    now: () => t,
    hashPasscode: async (p: string) => ({ salt: Buffer.alloc(1), hash: Buffer.from(p), N: 1, r: 1, p: 1 }),
    // Counts every passcode verification (each would be one scrypt run on the real server).
    verifyPasscode: (p: string, s: { hash: Buffer }) => {
      calls.verify++;
      return new Promise<boolean>((r) => setTimeout(() => r(Buffer.from(p).equals(s.hash)), 1));
    },
  });
  store = rooms;
  const advance = (ms: number) => {
    t += ms;
  };
  return { rooms, calls, advance };
}
const outcome = async (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'ok' as string, retryAfterSeconds: undefined as number | undefined }),
    (e: unknown) =>
      e instanceof ApiError
        ? { code: e.code as string, retryAfterSeconds: e.retryAfterSeconds }
        : { code: String(e), retryAfterSeconds: undefined },
  );
const guess = (rooms: RoomStore, code: string, uid: string, passcode: string) =>
  outcome(rooms.join(code, uid, { displayName: uid, passcode }));

describe('per-room passcode attempt limit', () => {
  it('locks the room after 5 failures from different users, refusing further guesses before any scrypt run', async () => {
    const { rooms, calls } = make();
    const room = await rooms.create('host', { passcode: 'river-stone-42' });
    for (let i = 0; i < 5; i++) expect((await guess(rooms, room.code, `guesser${i}`, `wrong-${i}`)).code).toBe('wrong_passcode');
    expect(calls.verify).toBe(5);
    const locked = await guess(rooms, room.code, 'fresh-account', 'river-stone-42');
    expect(locked).toEqual({ code: 'room_locked', retryAfterSeconds: 30 });
    // The check endpoint's path is guarded the same way.
    expect((await outcome(rooms.check(room.code, 'another', { passcode: 'x-guess-1' }))).code).toBe('room_locked');
    expect(calls.verify).toBe(5);
  });

  it('grows the lock-out (30 s doubling, capped at 15 min) and resets on the right passcode after it ends', async () => {
    const { rooms, advance } = make();
    const room = await rooms.create('host', { passcode: 'river-stone-42' });
    for (let i = 0; i < 5; i++) await guess(rooms, room.code, 'g', `wrong-${i}`);
    const seen: number[] = [];
    for (let round = 0; round < 7; round++) {
      const locked = await guess(rooms, room.code, 'g', 'wrong-again');
      expect(locked.code).toBe('room_locked');
      seen.push(locked.retryAfterSeconds ?? -1);
      advance((locked.retryAfterSeconds ?? 0) * 1000);
      // After a lock-out one more failure locks again, for twice as long.
      expect((await guess(rooms, room.code, 'g', 'wrong-again')).code).toBe('wrong_passcode');
    }
    expect(seen).toEqual([30, 60, 120, 240, 480, 900, 900]);
    advance(900_000);
    expect((await guess(rooms, room.code, 'member', 'river-stone-42')).code).toBe('ok');
    // Reset: the next failure does not lock; it takes 5 again.
    for (let i = 0; i < 4; i++) expect((await guess(rooms, room.code, 'g', `w${i}`)).code).toBe('wrong_passcode');
    expect(rooms.passcodeGuard(room.code, 'host')).toEqual({ failedAttempts: 4, lockedUntil: null, retryAfterSeconds: null });
  });

  it('lets members already in the room through while it is locked', async () => {
    const { rooms, calls } = make();
    const room = await rooms.create('host', { passcode: 'river-stone-42' });
    expect((await guess(rooms, room.code, 'member', 'river-stone-42')).code).toBe('ok');
    for (let i = 0; i < 5; i++) await guess(rooms, room.code, 'g', `wrong-${i}`);
    const before = calls.verify;
    expect((await outcome(rooms.join(room.code, 'member', { displayName: 'M' }))).code).toBe('ok');
    expect((await outcome(rooms.check(room.code, 'member', {}))).code).toBe('ok');
    expect(calls.verify).toBe(before);
  });

  it('a burst of parallel guesses cannot all run scrypt: verifications run one at a time per room', async () => {
    const { rooms, calls } = make();
    const room = await rooms.create('host', { passcode: 'river-stone-42' });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => guess(rooms, room.code, `bot${i}`, `guess-${i}`)));
    expect(results.filter((r) => r.code === 'wrong_passcode')).toHaveLength(5);
    expect(results.filter((r) => r.code === 'room_locked')).toHaveLength(35);
    expect(calls.verify).toBe(5);
  });

  it('shows the count and the lock to the room’s host only', async () => {
    const { rooms, advance } = make();
    const room = await rooms.create('host', { passcode: 'river-stone-42' });
    expect(rooms.passcodeGuard(room.code, 'host')).toEqual({ failedAttempts: 0, lockedUntil: null, retryAfterSeconds: null });
    for (let i = 0; i < 5; i++) await guess(rooms, room.code, 'g', `wrong-${i}`);
    expect(rooms.passcodeGuard(room.code, 'host')).toEqual({
      failedAttempts: 5,
      lockedUntil: expect.any(Number),
      retryAfterSeconds: 30,
    });
    expect(rooms.passcodeGuard(room.code, 'someone-else')).toBe(null);
    expect(rooms.get(room.code, 'host').passcodeGuard).toMatchObject({ failedAttempts: 5, retryAfterSeconds: 30 });
    expect(rooms.get(room.code, 'g').passcodeGuard).toBeUndefined();
    advance(31_000);
    expect(rooms.passcodeGuard(room.code, 'host')).toMatchObject({ failedAttempts: 5, lockedUntil: null });
  });

  it('check verifies the passcode without taking a seat', async () => {
    const { rooms } = make();
    const room = await rooms.create('host', { passcode: 'river-stone-42' });
    expect((await outcome(rooms.check(room.code, 'a', {}))).code).toBe('wrong_passcode');
    // A missing passcode is not a guess: it does not count toward the limit.
    expect(rooms.passcodeGuard(room.code, 'host')?.failedAttempts).toBe(0);
    expect((await outcome(rooms.check(room.code, 'a', { passcode: 'nope-nope' }))).code).toBe('wrong_passcode');
    expect(rooms.passcodeGuard(room.code, 'host')?.failedAttempts).toBe(1);
    expect((await outcome(rooms.check('ZZZZZZ', 'a', {}))).code).toBe('room_not_found');
    const ok = await rooms.check(room.code, 'a', { passcode: 'river-stone-42' });
    expect(ok.room).toMatchObject({ code: room.code, memberCount: 0, hasPasscode: true });
    expect(rooms.roomOf('a')).toBeUndefined();
    expect(rooms.passcodeGuard(room.code, 'host')?.failedAttempts).toBe(0);
  });
});
