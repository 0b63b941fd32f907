// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GRANT_REFRESH_MS, RoomSession } from './room-session';
import type { JoinResult, RoomsClient } from './rooms-client';

/** Just enough PeerJS for a join with nobody else in the room. */
class FakePeer {
  private handlers = new Map<string, ((...a: unknown[]) => void)[]>();
  options: { config?: RTCConfiguration } = {};
  destroyed = false;
  disconnected = false;
  open = false;
  constructor(readonly id: string) {
    queueMicrotask(() => {
      this.open = true;
      for (const fn of this.handlers.get('open') ?? []) fn(id);
    });
  }
  on(event: string, fn: (...a: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  destroy() {
    this.destroyed = true;
  }
}

/** A rooms API that hands out numbered grants and records what each join sent. */
function rooms() {
  let n = 0;
  const joins: Record<string, unknown>[] = [];
  const lookups: string[] = [];
  const client = {
    joins,
    lookups,
    join: async (code: string, options: Record<string, unknown>): Promise<JoinResult> => {
      joins.push(options);
      return {
        code,
        room: { code, name: null, capacity: 4, memberCount: 1, hasPasscode: true, createdAt: 1 },
        peerId: 'me',
        members: [
          { uid: 'me', peerId: 'me', displayName: 'Me', badge: null, level: 1, joinedAt: 1, connected: true, guest: false },
        ],
        iceServers: [],
        peer: { host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' },
        restoreTicket: null,
        rejoinGrant: `join-grant-${++n}`,
      };
    },
    rejoinGrant: async (code: string) => {
      lookups.push(code);
      return `fresh-grant-${++n}`;
    },
    members: async () => null,
    leave: async () => {},
    peerOptions: async () => ({ host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' }),
  };
  return client as unknown as RoomsClient & { joins: Record<string, unknown>[]; lookups: string[] };
}
const noMedia = { getTracks: () => [], getAudioTracks: () => [], getVideoTracks: () => [] } as unknown as MediaStream;
const session = (client: RoomsClient, rejoinGrant?: string) =>
  new RoomSession({
    rooms: client,
    self: { uid: 'me', displayName: 'Me', level: 1 },
    localStream: noMedia,
    ...(rejoinGrant ? { rejoinGrant } : {}),
    createPeer: (id) => new FakePeer(id) as never,
  });

afterEach(() => vi.useRealTimers());

describe('rejoin grant in the room session', () => {
  it('a rejoin sends the kept grant and no passcode; the session then holds the grant from the join', async () => {
    const client = rooms();
    const s = session(client, 'kept-grant');
    await s.join('ABC234');
    expect(client.joins[0]).toMatchObject({ rejoinGrant: 'kept-grant' });
    expect(client.joins[0]).not.toHaveProperty('passcode', expect.anything());
    expect(s.rejoinGrant).toBe('join-grant-1');
    await s.leave();
  });

  it('a first join with the passcode sends no grant', async () => {
    const client = rooms();
    const s = session(client);
    await s.join('ABC234', 'river-stone-42');
    expect(client.joins[0]).toMatchObject({ passcode: 'river-stone-42' });
    expect(client.joins[0]).not.toHaveProperty('rejoinGrant');
    expect(s.rejoinGrant).toBe('join-grant-1');
    await s.leave();
  });

  it('in a long call the grant is refreshed every GRANT_REFRESH_MS (well within its 15 minutes), and not after leaving', async () => {
    vi.useFakeTimers();
    const client = rooms();
    const s = session(client);
    await s.join('ABC234', 'river-stone-42');
    expect(GRANT_REFRESH_MS).toBeLessThan(15 * 60_000);
    await vi.advanceTimersByTimeAsync(GRANT_REFRESH_MS);
    expect(client.lookups).toEqual(['ABC234']);
    expect(s.rejoinGrant).toBe('fresh-grant-2');
    await vi.advanceTimersByTimeAsync(GRANT_REFRESH_MS);
    expect(s.rejoinGrant).toBe('fresh-grant-3');
    await s.leave();
    await vi.advanceTimersByTimeAsync(GRANT_REFRESH_MS * 2);
    expect(client.lookups).toHaveLength(2);
  });
});
