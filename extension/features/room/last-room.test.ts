import { describe, expect, it, vi } from 'vitest';
import {
  LAST_ROOM_HEARTBEAT_MS,
  LAST_ROOM_KEY,
  type LastRoom,
  loadLastRoom,
  REJOIN_WINDOW_MS,
  type StorageArea,
  saveLastRoom,
  trackLastRoom,
} from './last-room';
import type { RoomSnapshot } from './room-session';

/** An in-memory storage area with the same get/set/remove contract as browser.storage.session. */
function memoryArea(): StorageArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    async get(key) {
      return data.has(key) ? { [key]: structuredClone(data.get(key)) } : {};
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(key) {
      data.delete(key);
    },
  };
}

const room: LastRoom = {
  uid: 'reader-1',
  code: 'ABC234',
  name: '수요 독서회',
  rejoinGrant: 'signed.grant',
  restore: { capacity: 6, name: '수요 독서회', ticket: 'signed.ticket' },
  seenAt: 1_000_000,
};

/** Just the part of a session the tracker reads. */
function fakeSession() {
  const listeners = new Set<(s: RoomSnapshot) => void>();
  let snap = { phase: 'joining', code: 'ABC234' } as RoomSnapshot;
  return {
    roomRestore: { capacity: 6, name: null, ticket: 't1' } as LastRoom['restore'],
    rejoinGrant: 'grant-1' as string | undefined,
    subscribe(l: (s: RoomSnapshot) => void) {
      listeners.add(l);
      l(snap);
      return () => listeners.delete(l);
    },
    set(phase: RoomSnapshot['phase']) {
      snap = { ...snap, phase };
      for (const l of listeners) l(snap);
    },
    listeners,
  };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('last room (rejoin offer)', () => {
  it('is offered to the same reader within the window, and dropped after it', async () => {
    const area = memoryArea();
    await saveLastRoom(area, room);
    expect(await loadLastRoom(area, 'reader-1', room.seenAt + REJOIN_WINDOW_MS)).toEqual(room);
    expect(await loadLastRoom(area, 'reader-1', room.seenAt + REJOIN_WINDOW_MS + 1)).toBeNull();
    expect(area.data.has(LAST_ROOM_KEY)).toBe(false);
  });

  it('is not offered to another reader signed in to the panel', async () => {
    const area = memoryArea();
    await saveLastRoom(area, room);
    expect(await loadLastRoom(area, 'reader-2', room.seenAt)).toBeNull();
  });

  it('a malformed or future-dated record is removed, never trusted', async () => {
    const area = memoryArea();
    await area.set({ [LAST_ROOM_KEY]: { ...room, code: '<b>x</b>' } });
    expect(await loadLastRoom(area, 'reader-1', room.seenAt)).toBeNull();
    expect(area.data.has(LAST_ROOM_KEY)).toBe(false);
    await area.set({ [LAST_ROOM_KEY]: { ...room, seenAt: room.seenAt + 3_600_000 } });
    expect(await loadLastRoom(area, 'reader-1', room.seenAt)).toBeNull();
  });

  it('tracking writes the room on entering, refreshes it while in the call, and keeps it when the panel closes', async () => {
    const area = memoryArea();
    const session = fakeSession();
    let now = 5_000;
    trackLastRoom(area, session, { uid: 'reader-1' }, () => now);
    await flush();
    expect(area.data.has(LAST_ROOM_KEY)).toBe(false); // not before the room is joined
    session.set('in-room');
    await flush();
    expect(area.data.get(LAST_ROOM_KEY)).toMatchObject({
      uid: 'reader-1',
      code: 'ABC234',
      rejoinGrant: 'grant-1',
      restore: { ticket: 't1' },
      seenAt: 5_000,
    });
    expect(LAST_ROOM_HEARTBEAT_MS).toBeLessThan(REJOIN_WINDOW_MS);
    now = 9_000;
    session.set('left'); // pagehide: the panel closed
    await flush();
    expect(area.data.get(LAST_ROOM_KEY)).toMatchObject({ seenAt: 5_000 });
    expect(session.listeners.size).toBe(0);
  });

  it('a session that ends in an error (replaced by another panel) leaves no offer', async () => {
    const area = memoryArea();
    const session = fakeSession();
    trackLastRoom(area, session, { uid: 'reader-1' }, () => 1);
    session.set('in-room');
    await flush();
    expect(area.data.has(LAST_ROOM_KEY)).toBe(true);
    session.set('error');
    await flush();
    expect(area.data.has(LAST_ROOM_KEY)).toBe(false);
  });

  it('never writes a passcode, even if one is handed to it: the rejoin grant (kept fresh) stands in for it', async () => {
    vi.useFakeTimers();
    try {
      const area = memoryArea();
      const session = fakeSession();
      let now = 1;
      // A caller from before grants still passing the passcode along: it must not reach storage.
      const who = { uid: 'reader-1', passcode: 'open-sesame' } as { uid: string };
      const stop = trackLastRoom(area, session, who, () => now);
      session.set('in-room');
      await vi.advanceTimersByTimeAsync(0);
      expect(area.data.get(LAST_ROOM_KEY)).not.toHaveProperty('passcode');
      expect(JSON.stringify(area.data.get(LAST_ROOM_KEY))).not.toContain('open-sesame');
      expect(area.data.get(LAST_ROOM_KEY)).toMatchObject({ rejoinGrant: 'grant-1' });
      // The session refreshed its grant: the next heartbeat keeps the new one.
      session.rejoinGrant = 'grant-2';
      now = 1 + LAST_ROOM_HEARTBEAT_MS;
      await vi.advanceTimersByTimeAsync(LAST_ROOM_HEARTBEAT_MS);
      expect(area.data.get(LAST_ROOM_KEY)).toMatchObject({ rejoinGrant: 'grant-2', seenAt: now });
      expect(JSON.stringify(area.data.get(LAST_ROOM_KEY))).not.toContain('open-sesame');
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a room without a grant (an old server) is still offered, with neither grant nor passcode', async () => {
    const area = memoryArea();
    const session = fakeSession();
    session.rejoinGrant = undefined;
    trackLastRoom(area, session, { uid: 'reader-1' }, () => 1);
    session.set('in-room');
    await flush();
    const stored = area.data.get(LAST_ROOM_KEY);
    expect(stored).toMatchObject({ uid: 'reader-1', code: 'ABC234' });
    expect(stored).not.toHaveProperty('passcode');
    expect(stored).not.toHaveProperty('rejoinGrant');
  });

  it('a record from before grants, holding a passcode, is dropped and not offered', async () => {
    const area = memoryArea();
    const { rejoinGrant: _, ...old } = room;
    await area.set({ [LAST_ROOM_KEY]: { ...old, passcode: 'open-sesame' } });
    expect(await loadLastRoom(area, 'reader-1', room.seenAt)).toBeNull();
    expect(area.data.has(LAST_ROOM_KEY)).toBe(false);
    // And the schema refuses to write one.
    await expect(saveLastRoom(area, { ...room, passcode: 'open-sesame' } as LastRoom)).rejects.toThrow();
    expect(area.data.has(LAST_ROOM_KEY)).toBe(false);
  });
});
