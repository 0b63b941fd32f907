import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomInfo } from '../../../shared/schemas/rooms-api';
import type { RoomEventMessage } from './room-session';
import { RoomSync, type RoomSyncApi } from './room-sync';
import { RoomsApiError } from './rooms-client';

// RoomSync against a scripted server (true time `t`, server clock t + SERVER_SKEW) and a panel whose own clock
// is minutes off; the network takes UP ms to the server and DOWN ms back (fake timers drive both).
vi.mock('../../data/firebase-app', () => ({ firebase: () => ({ auth: { currentUser: null } }) }));
vi.mock('./room-store', () => ({ roomsClientFor: () => null, roomUser: () => null, currentRoom: () => null }));

const SERVER_SKEW = 2_000;
const UP = 30;
const DOWN = 90;
const CODE = 'K7P2QX';

function setup(localSkew: number, host = true) {
  const base: RoomInfo = {
    code: CODE,
    name: null,
    capacity: 6,
    memberCount: 2,
    hasPasscode: false,
    createdAt: 1,
    clubId: null,
    pinnedMarathonId: null,
    sprint: null,
  };
  let room = { ...base };
  const serverNow = () => Date.now() + SERVER_SKEW;
  const roundTrip = async <T>(answer: () => T): Promise<T> => {
    await new Promise((r) => setTimeout(r, UP));
    const value = answer();
    await new Promise((r) => setTimeout(r, DOWN));
    return value;
  };
  let failGet: RoomsApiError | null = null;
  const api: RoomSyncApi = {
    get: () =>
      roundTrip(() => {
        if (failGet) throw failGet;
        return { room: { ...room }, members: null, isHost: host, now: serverNow() };
      }),
    pin: (_code, marathonId) =>
      roundTrip(() => {
        room = { ...room, pinnedMarathonId: marathonId };
        return { room: { ...room }, now: serverNow() };
      }),
    startSprint: (_code, minutes) =>
      roundTrip(() => {
        if (!host) throw new RoomsApiError('not_host', 'no');
        const t = serverNow();
        room = { ...room, sprint: { id: 'sprint1', startedBy: 'host', startedAt: t, endsAt: t + minutes * 60_000, minutes } };
        return { room: { ...room }, now: serverNow() };
      }),
    cancelSprint: () =>
      roundTrip(() => {
        room = { ...room, sprint: null };
        return { room: { ...room }, now: serverNow() };
      }),
  };
  const sent: RoomEventMessage[] = [];
  let listener: ((from: string, m: RoomEventMessage) => void) | null = null;
  const session = {
    onRoomEvent: (l: (from: string, m: RoomEventMessage) => void) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
    sendRoomEvent: (m: RoomEventMessage) => sent.push(m),
    snapshot: { members: [{ peerId: 'bob', displayName: 'Bob' }] } as never,
    roomLost: vi.fn(),
  };
  const sync = new RoomSync(session, api, CODE, {
    local: () => Date.now() + localSkew,
    instant: () => Date.now(),
    pollMs: 60_000,
  });
  return {
    sync,
    sent,
    deliver: (from: string, m: RoomEventMessage) => listener?.(from, m),
    serverNow,
    setRoom: (patch: Partial<RoomInfo>) => {
      room = { ...room, ...patch };
    },
    failGet: (err: RoomsApiError | null) => {
      failGet = err;
    },
    roomLost: session.roomLost,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const settle = async (ms = 1000) => {
  await vi.advanceTimersByTimeAsync(ms);
};
/** Run a request through the simulated network (fake timers) and return its outcome. */
const through = async <T>(p: Promise<T>): Promise<T> => {
  p.catch(() => {});
  await settle();
  return p;
};

describe('RoomSync', () => {
  it('estimates the server clock within half a round trip, whatever the panel’s own clock says', async () => {
    const { sync, serverNow } = setup(-7 * 60_000);
    void sync.start();
    await settle();
    expect(Math.abs(sync.clock.now() - serverNow())).toBeLessThanOrEqual((UP + DOWN) / 2);
    sync.dispose();
  });

  it('two panels, clocks minutes apart, end the same sprint within the error bound of each other', async () => {
    const a = setup(0);
    const b = setup(5 * 60_000, false);
    void a.sync.start();
    void b.sync.start();
    await settle();
    await through(a.sync.startSprint(10));
    expect(a.sent).toEqual([{ type: 'room-changed' }]);
    b.setRoom({ sprint: a.sync.snapshot.info?.sprint ?? null });
    b.deliver('host', { type: 'room-changed' });
    await settle();
    expect(b.sync.snapshot.seenRunning.has('sprint1')).toBe(true);
    await settle(10 * 60_000 + 1000);
    const endA = a.sync.snapshot.endedAt.get('sprint1');
    const endB = b.sync.snapshot.endedAt.get('sprint1');
    expect(endA).toBeDefined();
    expect(endB).toBeDefined();
    expect(Math.abs((endA ?? 0) - (endB ?? 0))).toBeLessThanOrEqual(UP + DOWN);
    // And at the server's end instant, not the panel's own clock's idea of it (5 minutes off for b).
    const endsAt = a.sync.snapshot.info?.sprint?.endsAt ?? 0;
    expect(Math.abs((endB ?? 0) + SERVER_SKEW - endsAt)).toBeLessThanOrEqual((UP + DOWN) / 2);
    a.sync.dispose();
    b.sync.dispose();
  });

  it('a late joiner sees the running sprint from the room info', async () => {
    const { sync, setRoom, serverNow } = setup(0, false);
    setRoom({ sprint: { id: 'late', startedBy: 'h', startedAt: serverNow(), endsAt: serverNow() + 20 * 60_000, minutes: 20 } });
    void sync.start();
    await settle();
    expect(sync.snapshot.seenRunning.has('late')).toBe(true);
    sync.dispose();
  });

  it('a sprint that vanishes before its end was cancelled; a results message for it is kept, others dropped', async () => {
    const host = setup(0);
    void host.sync.start();
    await settle();
    await through(host.sync.startSprint(10));
    host.deliver('bob', { type: 'sprint-result', sprintId: 'sprint1', pagesRead: 12, bookTitle: '채식주의자' });
    host.deliver('bob', { type: 'sprint-result', sprintId: 'unknown', pagesRead: 99, bookTitle: 'X' });
    expect(host.sync.snapshot.results.get('sprint1')).toEqual([
      { peerId: 'bob', name: 'Bob', pagesRead: 12, bookTitle: '채식주의자', self: false },
    ]);
    expect(host.sync.snapshot.results.has('unknown')).toBe(false);
    await through(host.sync.cancelSprint());
    expect(host.sync.snapshot.cancelled).toBe('sprint1');
    host.sync.dispose();
  });

  it('reporting adds the reader’s own row and sends it; a second result from the same reader replaces the first', async () => {
    const { sync, sent, deliver } = setup(0);
    void sync.start();
    await settle();
    await through(sync.startSprint(10));
    await settle(10 * 60_000 + 500);
    sync.report('sprint1', 23, '소년이 온다', 'me', '나');
    expect(sent.at(-1)).toEqual({ type: 'sprint-result', sprintId: 'sprint1', pagesRead: 23, bookTitle: '소년이 온다' });
    deliver('bob', { type: 'sprint-result', sprintId: 'sprint1', pagesRead: 5, bookTitle: 'A' });
    deliver('bob', { type: 'sprint-result', sprintId: 'sprint1', pagesRead: 7, bookTitle: 'A' });
    const rows = sync.snapshot.results.get('sprint1') ?? [];
    expect(rows.map((r) => [r.name, r.pagesRead, r.self])).toEqual([
      ['나', 23, true],
      ['Bob', 7, false],
    ]);
    expect(sync.snapshot.reported.has('sprint1')).toBe(true);
    sync.dispose();
  });

  it('a hint makes the panel ask the server (the pin shows), and a refused start surfaces the error', async () => {
    const guest = setup(0, false);
    void guest.sync.start();
    await settle();
    guest.setRoom({ pinnedMarathonId: 'm1' });
    guest.deliver('host', { type: 'room-changed' });
    await settle();
    expect(guest.sync.snapshot.info?.pinnedMarathonId).toBe('m1');
    await expect(through(guest.sync.startSprint(10))).rejects.toMatchObject({ code: 'not_host' });
    guest.sync.dispose();
  });

  it('a room the server no longer knows makes the session rejoin; being offline or refused does not', async () => {
    const panel = setup(0);
    void panel.sync.start();
    await settle();
    expect(panel.roomLost).not.toHaveBeenCalled();
    panel.failGet(new RoomsApiError('rate_limited', 'slow down'));
    await through(panel.sync.refresh());
    panel.failGet(new RoomsApiError('server_unreachable', 'offline'));
    await through(panel.sync.refresh());
    expect(panel.roomLost).not.toHaveBeenCalled();
    expect(panel.sync.snapshot.info?.code).toBe(CODE); // what we knew is kept
    panel.failGet(new RoomsApiError('room_not_found', 'gone'));
    await through(panel.sync.refresh());
    expect(panel.roomLost).toHaveBeenCalledTimes(1);
    panel.sync.dispose();
  });
});
