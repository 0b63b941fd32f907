// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { RoomSession } from './room-session';
import type { JoinResult, RoomsClient } from './rooms-client';

/** Just enough PeerJS for a join and one call (room-session.test.ts has the fuller fake). */
class Emitter {
  private handlers = new Map<string, ((...a: unknown[]) => void)[]>();
  on(event: string, fn: (...a: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
  removeAllListeners(event?: string) {
    if (event) this.handlers.delete(event);
    else this.handlers.clear();
    return this;
  }
}
/** A transceiver whose sender records the track it is given. */
function transceiver(kind: 'audio' | 'video') {
  const sender = { sent: [] as unknown[], replaceTrack: async (t: unknown) => void sender.sent.push(t) };
  return { receiver: { track: { kind } }, sender, currentDirection: 'sendrecv' };
}
class FakeCall extends Emitter {
  open = true;
  transceivers = [transceiver('audio'), transceiver('video')];
  peerConnection = { getTransceivers: () => this.transceivers, addEventListener() {} };
  constructor(readonly peer: string) {
    super();
  }
  answer() {}
  close() {}
}
class FakeData extends Emitter {
  open = false;
  constructor(readonly peer: string) {
    super();
  }
  send() {}
  close() {}
}
class FakePeer extends Emitter {
  options: { config?: RTCConfiguration } = {};
  destroyed = false;
  disconnected = false;
  open = false;
  calls: FakeCall[] = [];
  constructor(readonly id: string) {
    super();
    queueMicrotask(() => {
      this.open = true;
      this.emit('open', id);
    });
  }
  connect(id: string) {
    return new FakeData(id);
  }
  call(id: string) {
    const c = new FakeCall(id);
    this.calls.push(c);
    return c;
  }
  destroy() {
    this.destroyed = true;
  }
}

type FakeTrack = { kind: string; id: string; enabled: boolean; readyState: string; stop(): void };
const track = (kind: string, id: string): FakeTrack => ({
  kind,
  id,
  enabled: true,
  readyState: 'live',
  stop() {
    this.readyState = 'ended';
  },
});
function stream(tracks: FakeTrack[]) {
  return {
    tracks,
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    removeTrack: (t: FakeTrack) => tracks.splice(tracks.indexOf(t), 1),
    addTrack: (t: FakeTrack) => tracks.push(t),
  };
}

function rooms(ticket: string | null) {
  const requests: unknown[] = [];
  const client = {
    requests,
    join: async (code: string, options: unknown): Promise<JoinResult> => {
      requests.push(options);
      return {
        code,
        room: { code, name: '수요 독서회', capacity: 4, memberCount: 2, hasPasscode: false, createdAt: 1 },
        peerId: 'me',
        members: [
          { uid: 'me', peerId: 'me', displayName: 'Me', badge: null, level: 1, joinedAt: 1, connected: true, guest: false },
          { uid: 'bob', peerId: 'bob', displayName: 'Bob', badge: null, level: 1, joinedAt: 1, connected: true, guest: false },
        ],
        iceServers: [],
        peer: { host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' },
        restoreTicket: ticket,
      };
    },
    members: async () => null,
    leave: async () => {},
    peerOptions: async () => ({ host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' }),
  };
  return client as unknown as RoomsClient & { requests: unknown[] };
}

function session(
  client: RoomsClient,
  local: ReturnType<typeof stream>,
  restore?: ConstructorParameters<typeof RoomSession>[0]['restore'],
) {
  const peers: FakePeer[] = [];
  const s = new RoomSession({
    rooms: client,
    self: { uid: 'me', displayName: 'Me', level: 1 },
    localStream: local as unknown as MediaStream,
    ...(restore ? { restore } : {}),
    createPeer: (id) => {
      const p = new FakePeer(id);
      peers.push(p);
      return p as never;
    },
  });
  return { s, peers };
}

describe('rejoining: what the session remembers and sends', () => {
  it('a fresh join sends no restore; afterwards the session knows the room and its latest ticket', async () => {
    const client = rooms('ticket-1');
    const { s } = session(client, stream([track('audio', 'a1'), track('video', 'v1')]));
    await s.join('ABC234');
    expect(client.requests[0]).not.toHaveProperty('restore');
    expect(s.roomRestore).toEqual({ capacity: 4, name: '수요 독서회', ticket: 'ticket-1' });
    s.dispose(0);
  });

  it('a rejoin sends what the earlier session knew with its first join (so a forgotten room comes back)', async () => {
    const client = rooms(null);
    const restore = { capacity: 4, name: '수요 독서회', ticket: 'ticket-1' };
    const { s } = session(client, stream([track('audio', 'a1')]), restore);
    await s.join('ABC234');
    expect(client.requests[0]).toMatchObject({ restore });
    s.dispose(0);
  });
});

describe('a camera picked again after the old one ended', () => {
  it('replaces the video track in the local stream (the old one stopped) and in every call, without redialling', async () => {
    const local = stream([track('audio', 'a1'), track('video', 'v1')]);
    const { s, peers } = session(rooms(null), local);
    await s.join('ABC234');
    const call = peers[0]!.calls[0]!;
    const old = local.tracks[1]!;
    const fresh = track('video', 'v2');
    await s.replaceVideoTrack(fresh as unknown as MediaStreamTrack);
    expect(local.getVideoTracks()).toEqual([fresh]);
    expect(old.readyState).toBe('ended');
    expect(call.transceivers[1]!.sender.sent).toEqual([fresh]);
    expect(call.transceivers[0]!.sender.sent).toEqual([]); // the microphone is untouched
    expect(peers[0]!.calls).toHaveLength(1); // same call, no redial
    s.dispose(0);
  });

  it('the room hears "camera off" when the camera is gone, and "on" again once it is replaced', async () => {
    const local = stream([track('audio', 'a1'), track('video', 'v1')]);
    const { s } = session(rooms(null), local);
    await s.join('ABC234');
    s.setCameraOff(true);
    expect(s.snapshot.cameraOff).toBe(true);
    await s.replaceVideoTrack(track('video', 'v2') as unknown as MediaStreamTrack);
    expect(local.getVideoTracks()[0]!.enabled).toBe(false); // stays off until the reader turns it on
    s.setCameraOff(false);
    expect(s.snapshot.cameraOff).toBe(false);
    expect(local.getVideoTracks()[0]!.enabled).toBe(true);
    s.dispose(0);
  });
});
