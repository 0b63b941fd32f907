// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ICE_RECOVERY } from './ice-recovery';
import { RoomSession, type RoomSnapshot, WATCHDOG } from './room-session';
import type { JoinResult, RoomsClient } from './rooms-client';

/**
 * The engine's network-path recovery and relay policy with a fake PeerJS whose connections carry a fake
 * RTCPeerConnection (ICE state driven by the test) and whose signalling socket records what is sent.
 */
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

class FakePC extends EventTarget {
  iceConnectionState: RTCIceConnectionState = 'connected';
  signalingState: RTCSignalingState = 'stable';
  iceGatheringState: RTCIceGatheringState = 'complete';
  connectionState: RTCPeerConnectionState = 'connected';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  offers: (RTCOfferOptions | undefined)[] = [];
  async createOffer(options?: RTCOfferOptions) {
    this.offers.push(options);
    return { type: 'offer' as const, sdp: `v=0 restart-offer ${this.offers.length}` };
  }
  async createAnswer() {
    return { type: 'answer' as const, sdp: 'v=0 restart-answer' };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit) {
    if (d.type === 'rollback') {
      this.signalingState = 'stable';
      return;
    }
    this.localDescription = d;
    this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit) {
    this.remoteDescription = d;
    this.signalingState = d.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  ice(state: RTCIceConnectionState) {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }
}

let ids = 0;
class FakeData extends Emitter {
  open = false;
  connectionId = `dc_${++ids}`;
  peerConnection = new FakePC();
  sent: unknown[] = [];
  constructor(readonly peer: string) {
    super();
  }
  send(m: unknown) {
    this.sent.push(m);
  }
  close() {
    this.open = false;
    this.emit('close');
  }
  openNow() {
    this.open = true;
    this.emit('open');
  }
}
class FakeCall extends Emitter {
  open = true;
  connectionId = `mc_${++ids}`;
  peerConnection = new FakePC();
  constructor(readonly peer: string) {
    super();
  }
  answer() {}
  remoteAnswers(stream = new MediaStream()) {
    this.emit('stream', stream);
    return stream;
  }
  close() {
    this.emit('close');
  }
}
class FakeSocket extends Emitter {
  sent: { type: string; dst: string; payload: Record<string, unknown> }[] = [];
  send(m: { type: string; dst: string; payload: Record<string, unknown> }) {
    this.sent.push(m);
  }
}
class FakePeer extends Emitter {
  options: { config?: RTCConfiguration } = {};
  destroyed = false;
  disconnected = false;
  open = false;
  socket = new FakeSocket();
  data: FakeData[] = [];
  calls: FakeCall[] = [];
  constructor(readonly id: string) {
    super();
    queueMicrotask(() => {
      this.open = true;
      this.emit('open', id);
    });
  }
  connect(id: string) {
    const d = new FakeData(id);
    this.data.push(d);
    return d;
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

const member = (uid: string, name: string) => ({
  uid,
  peerId: uid,
  displayName: name,
  badge: null,
  level: 2,
  joinedAt: 1,
  connected: true,
  guest: false,
});
const TURN: RTCIceServer = { urls: ['turn:127.0.0.1:3478?transport=udp'], username: '1:me', credential: 'x' };

function rooms(members: ReturnType<typeof member>[], iceServers: RTCIceServer[] = []): RoomsClient {
  const room = { code: 'ABC234', name: null, capacity: 6, memberCount: members.length, hasPasscode: false, createdAt: 1 };
  return {
    members: async () => members,
    create: async () => room,
    check: async () => room,
    get: async () => ({ room, members }),
    join: async (code: string): Promise<JoinResult> => ({
      code,
      room,
      peerId: 'me',
      members,
      iceServers: iceServers as JoinResult['iceServers'],
      peer: { host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' },
      restoreTicket: null,
    }),
    leave: async () => {},
    peerOptions: async () => ({ host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' }),
  } as RoomsClient;
}

let session: RoomSession | null = null;
afterEach(() => {
  session?.dispose(0);
  session = null;
  vi.useRealTimers();
});

/** A session of 'me' in a room with `other` (whose id decides who restarts: the smaller one). */
async function start(other: string, { relayOnly = false, iceServers = [] as RTCIceServer[] } = {}) {
  const peers: FakePeer[] = [];
  let last!: RoomSnapshot;
  session = new RoomSession({
    rooms: rooms([member('me', 'Me'), member(other, 'Other')], iceServers),
    self: { uid: 'me', displayName: 'Me', level: 1 },
    localStream: new MediaStream(),
    relayOnly,
    createPeer: (id) => {
      const p = new FakePeer(id);
      peers.push(p);
      return p as never;
    },
  });
  session.subscribe((s) => {
    last = s;
  });
  await session.join('ABC234');
  const peer = peers[0]!;
  const call = peer.calls[0]!;
  call.remoteAnswers();
  // Its first frame shows: the data connection follows the call.
  session.mediaShown(call.peer);
  return { peer, call, pc: call.peerConnection, snap: () => last, s: session };
}

const restartFrames = (peer: FakePeer) => peer.socket.sent.filter((m) => m.payload.chaekbang === 'ice-restart');

describe('the network coming back', () => {
  it('rejoins at once on "online", not when a backed-off reconnect attempt comes round', async () => {
    vi.useFakeTimers();
    let joins = 0;
    const { peer } = await start('zed');
    const rooms = (session as unknown as { deps: { rooms: RoomsClient } }).deps.rooms;
    const join = rooms.join.bind(rooms);
    rooms.join = (...args: Parameters<RoomsClient['join']>) => {
      joins += 1;
      return joins <= 3 ? Promise.reject(new Error('offline')) : join(...args);
    };
    peer.disconnected = true;
    peer.emit('disconnected');
    await vi.advanceTimersByTimeAsync(250 + 500 + 1000 + 50); // three failed attempts; the next one is 2 s away
    expect(joins).toBe(3);
    dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(10);
    expect(joins).toBe(4);
  });
});

describe('always relay (strict networks)', () => {
  it('sets iceTransportPolicy relay for new connections when the server offers a TURN relay', async () => {
    const { peer, snap } = await start('zed', { relayOnly: true, iceServers: [TURN] });
    expect(peer.options.config).toEqual({ iceServers: [TURN], iceTransportPolicy: 'relay' });
    expect(snap().relay).toBe('on');
  });

  it('falls back to direct connections, and says so, when no TURN relay is offered (relay-only would never connect)', async () => {
    const { peer, snap } = await start('zed', { relayOnly: true, iceServers: [{ urls: ['stun:127.0.0.1:3478'] }] });
    expect(peer.options.config?.iceTransportPolicy).toBeUndefined();
    expect(snap().relay).toBe('unavailable');
  });

  it('leaves the policy to the browser when the setting is off, TURN or not', async () => {
    const { peer, snap } = await start('zed', { iceServers: [TURN] });
    expect(peer.options.config).toEqual({ iceServers: [TURN] });
    expect(snap().relay).toBe('off');
  });
});

describe('network drops: ICE restart first, then a redial', () => {
  it('a path that comes back by itself within restartAfterMs needs no restart', async () => {
    vi.useFakeTimers();
    const { peer, pc, snap } = await start('zed');
    pc.ice('disconnected');
    expect(snap().members[0]!.media).toBe('connecting');
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.restartAfterMs - 100);
    pc.ice('connected');
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.restartAfterMs * 2);
    expect(restartFrames(peer)).toEqual([]);
    expect(snap().members[0]!.media).toBe('live');
  });

  it('the smaller id restarts ICE through the signalling socket; the answer heals the same call (no redial, one tile)', async () => {
    vi.useFakeTimers();
    const { peer, call, pc, snap, s } = await start('zed');
    pc.ice('disconnected');
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.restartAfterMs + 10);
    expect(pc.offers).toEqual([{ iceRestart: true }]);
    const [frame] = restartFrames(peer);
    expect(frame).toMatchObject({
      type: 'CANDIDATE',
      dst: 'zed',
      payload: { chaekbang: 'ice-restart', connection: call.connectionId, description: { type: 'offer' } },
    });
    // PeerJS ignores it: no connectionId in the payload.
    expect(frame!.payload.connectionId).toBeUndefined();
    peer.socket.emit('message', {
      type: 'CANDIDATE',
      src: 'zed',
      payload: {
        chaekbang: 'ice-restart',
        connection: call.connectionId,
        description: { type: 'answer', sdp: 'v=0 their-answer' },
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(pc.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 their-answer' });
    pc.ice('connected');
    expect(s.iceRecoveryStats).toMatchObject({ restarts: 1, offersSent: 1, healed: 1 });
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.resendMs * 2);
    expect(restartFrames(peer)).toHaveLength(1);
    expect(peer.calls).toHaveLength(1);
    expect(snap().members.map((m) => [m.peerId, m.media])).toEqual([['zed', 'live']]);
  });

  it('the larger id waits for the offer and answers it through the signalling socket', async () => {
    vi.useFakeTimers();
    const { peer, call, pc, s } = await start('bob'); // 'bob' < 'me': bob restarts
    pc.ice('disconnected');
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.restartAfterMs * 3);
    expect(restartFrames(peer)).toEqual([]);
    peer.socket.emit('message', {
      type: 'CANDIDATE',
      src: 'bob',
      payload: { chaekbang: 'ice-restart', connection: call.connectionId, description: { type: 'offer', sdp: 'v=0 theirs' } },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(pc.remoteDescription).toEqual({ type: 'offer', sdp: 'v=0 theirs' });
    expect(restartFrames(peer)).toEqual([
      {
        type: 'CANDIDATE',
        dst: 'bob',
        payload: {
          chaekbang: 'ice-restart',
          connection: call.connectionId,
          description: { type: 'answer', sdp: 'v=0 restart-answer' },
        },
      },
    ]);
    expect(s.iceRecoveryStats.answered).toBe(1);
    expect(peer.calls).toHaveLength(1);
  });

  it('an unanswered offer stays pending and is sent again (the same offer) every resendMs; its late answer heals; never a redial', async () => {
    vi.useFakeTimers();
    const { peer, call, pc, snap, s } = await start('zed');
    peer.data[0]!.openNow(); // a member who was there: the watchdog grants a call under recovery its grace
    pc.ice('disconnected');
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.restartAfterMs + 10);
    expect(restartFrames(peer)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.resendMs * 2);
    const frames = restartFrames(peer);
    expect(frames).toHaveLength(3);
    expect(new Set(frames.map((f) => (f.payload.description as { sdp: string }).sdp)).size).toBe(1); // one generation
    expect(pc.offers).toEqual([{ iceRestart: true }]);
    expect(pc.signalingState).toBe('have-local-offer'); // never rolled back
    expect(peer.calls).toHaveLength(1);
    expect(snap().members.map((m) => [m.peerId, m.media])).toEqual([['zed', 'connecting']]);
    peer.socket.emit('message', {
      type: 'CANDIDATE',
      src: 'zed',
      payload: { chaekbang: 'ice-restart', connection: call.connectionId, description: { type: 'answer', sdp: 'v=0 late' } },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(pc.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 late' });
    pc.ice('connected');
    expect(s.iceRecoveryStats).toMatchObject({ restarts: 1, offersSent: 3, healed: 1 });
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.resendMs * 2);
    expect(restartFrames(peer)).toHaveLength(3);
    expect(snap().members.map((m) => [m.peerId, m.media])).toEqual([['zed', 'live']]);
  });

  it('a path back by itself while the offer is pending: the offer is still sent until answered (both end on one generation)', async () => {
    vi.useFakeTimers();
    const { peer, call, pc } = await start('zed');
    peer.data[0]!.openNow();
    pc.ice('disconnected');
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.restartAfterMs + 10);
    pc.ice('connected');
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.resendMs + 10);
    expect(restartFrames(peer)).toHaveLength(2);
    peer.socket.emit('message', {
      type: 'CANDIDATE',
      src: 'zed',
      payload: { chaekbang: 'ice-restart', connection: call.connectionId, description: { type: 'answer', sdp: 'v=0 a' } },
    });
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.resendMs * 2);
    expect(pc.signalingState).toBe('stable');
    expect(restartFrames(peer)).toHaveLength(2);
  });

  it('the answerer answers an offer sent again with the same answer, without a second negotiation', async () => {
    vi.useFakeTimers();
    const { peer, call, pc, s } = await start('bob');
    const offer = {
      type: 'CANDIDATE',
      src: 'bob',
      payload: { chaekbang: 'ice-restart', connection: call.connectionId, description: { type: 'offer', sdp: 'v=0 o1' } },
    };
    peer.socket.emit('message', offer);
    await vi.advanceTimersByTimeAsync(0);
    peer.socket.emit('message', offer);
    await vi.advanceTimersByTimeAsync(0);
    const answers = restartFrames(peer).map((f) => f.payload.description);
    expect(answers).toEqual([
      { type: 'answer', sdp: 'v=0 restart-answer' },
      { type: 'answer', sdp: 'v=0 restart-answer' },
    ]);
    expect(s.iceRecoveryStats.answered).toBe(1);
    expect(pc.remoteDescription).toEqual({ type: 'offer', sdp: 'v=0 o1' });
  });

  it('a reader whose browser is offline neither restarts nor answers; once online it restarts', async () => {
    vi.useFakeTimers();
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    try {
      const { peer, call, pc } = await start('zed');
      pc.ice('disconnected');
      await vi.advanceTimersByTimeAsync(ICE_RECOVERY.restartAfterMs * 3 + 10);
      expect(restartFrames(peer)).toEqual([]);
      online.mockReturnValue(true);
      await vi.advanceTimersByTimeAsync(ICE_RECOVERY.restartAfterMs + 10);
      expect(restartFrames(peer)).toHaveLength(1);
      expect(restartFrames(peer)[0]!.payload).toMatchObject({ connection: call.connectionId });
    } finally {
      online.mockRestore();
    }
    const other = await start('bob');
    const offline = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    try {
      other.peer.socket.emit('message', {
        type: 'CANDIDATE',
        src: 'bob',
        payload: {
          chaekbang: 'ice-restart',
          connection: other.call.connectionId,
          description: { type: 'offer', sdp: 'v=0 theirs' },
        },
      });
      await vi.advanceTimersByTimeAsync(10);
      expect(other.pc.remoteDescription).toBeNull();
      expect(restartFrames(other.peer)).toEqual([]);
    } finally {
      offline.mockRestore();
    }
  });

  it('a silent member whose call is under recovery keeps its tile ("connecting") through the watchdog grace, no longer', async () => {
    vi.useFakeTimers();
    const { peer, pc, snap } = await start('bob'); // bob restarts; his offer never comes (his network is gone)
    peer.data[0]!.openNow();
    pc.ice('disconnected');
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + 2 * WATCHDOG.pingEveryMs);
    expect(snap().members.map((m) => [m.peerId, m.media])).toEqual([['bob', 'connecting']]);
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs * (WATCHDOG.graceRounds + 1));
    expect(snap().members).toEqual([]);
  });

  it('while the signalling socket is down nothing is sent; the pending offer goes out once it is back', async () => {
    vi.useFakeTimers();
    const { peer, pc } = await start('zed');
    peer.data[0]!.openNow();
    peer.disconnected = true;
    pc.ice('disconnected');
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.restartAfterMs + ICE_RECOVERY.resendMs * 2 + 10);
    expect(restartFrames(peer)).toEqual([]);
    expect(pc.offers).toHaveLength(1); // made once, kept pending
    peer.disconnected = false;
    await vi.advanceTimersByTimeAsync(ICE_RECOVERY.resendMs + 10);
    expect(restartFrames(peer)).toHaveLength(1);
    expect(pc.offers).toHaveLength(1);
  });

  it('ignores restart frames that are malformed, for another connection, from a stranger or out of turn', async () => {
    vi.useFakeTimers();
    const { peer, call, pc } = await start('zed');
    const send = (src: string, payload: unknown) => peer.socket.emit('message', { type: 'CANDIDATE', src, payload });
    const offer = { type: 'offer', sdp: 'v=0 x' };
    send('zed', { chaekbang: 'ice-restart', connection: call.connectionId, description: offer }); // zed > me: zed never offers
    send('zed', { chaekbang: 'ice-restart', connection: 'mc_other', description: offer });
    send('mallory', { chaekbang: 'ice-restart', connection: call.connectionId, description: offer });
    send('zed', { chaekbang: 'ice-restart', connection: call.connectionId, description: { type: 'pranswer', sdp: 'x' } });
    send('zed', {
      chaekbang: 'ice-restart',
      connection: call.connectionId,
      description: { type: 'answer', sdp: 'x'.repeat(30_000) },
    });
    send('zed', { chaekbang: 'ice-restart', connection: '../../x', description: offer, extra: 1 });
    send('zed', null);
    peer.socket.emit('message', 'garbage');
    peer.socket.emit('message', {
      type: 'CANDIDATE',
      src: 'zed',
      payload: { chaekbang: 'ice-restart', connection: call.connectionId, description: { type: 'answer', sdp: 'v=0' } },
    }); // no offer out
    await vi.advanceTimersByTimeAsync(10);
    expect(pc.remoteDescription).toBeNull();
    expect(restartFrames(peer)).toEqual([]);
  });
});
