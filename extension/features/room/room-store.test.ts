// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

// The store's production wiring (build-time config, Firebase) is replaced; everything else is real.
vi.mock('../../data/config', () => ({ config: { peerServerUrl: 'http://127.0.0.1:1' } }));
vi.mock('../../data/firebase-app', () => ({ firebase: () => ({ db: {} }) }));

const { currentRoom, endRoomUnlessSignedInAs, enterRoom } = await import('./room-store');
const { confirmAccountOrSignOut, settleProfileGone, whenProfileGone } = await import('../session');

/** Just enough of PeerJS for the engine (see room-session.test.ts for the fuller fake). */
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
class FakeData extends Emitter {
  open = false;
  sent: unknown[] = [];
  constructor(readonly peer: string) {
    super();
  }
  send(m: unknown) {
    this.sent.push(m);
  }
  close() {
    this.open = false;
  }
}
class FakeCall extends Emitter {
  closed = false;
  constructor(readonly peer: string) {
    super();
  }
  close() {
    this.closed = true;
  }
}
class FakePeer extends Emitter {
  options = {};
  destroyed = false;
  disconnected = false;
  data: FakeData[] = [];
  calls: FakeCall[] = [];
  constructor(readonly id: string) {
    super();
    queueMicrotask(() => this.emit('open', id));
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

function fakeStream() {
  const track = () => ({
    readyState: 'live',
    enabled: true,
    stop() {
      this.readyState = 'ended';
    },
  });
  const tracks = [track(), track()];
  return { tracks, getTracks: () => tracks, getAudioTracks: () => [tracks[0]], getVideoTracks: () => [tracks[1]] };
}

const member = (uid: string, displayName: string) => ({
  uid,
  peerId: uid,
  displayName,
  badge: null,
  level: null,
  joinedAt: 1,
  connected: true,
  guest: false,
});

async function inRoom(uid = 'me') {
  const peers: FakePeer[] = [];
  const left: string[] = [];
  const stream = fakeStream();
  const summary = (code: string) => ({ code, name: null, capacity: 6, memberCount: 2, hasPasscode: false, createdAt: 1 });
  const rooms = {
    create: async () => {
      throw new Error('unused');
    },
    check: async (code: string) => summary(code),
    get: async (code: string) => ({ room: summary(code), members: null }),
    join: async (code: string) => ({
      code,
      room: summary(code),
      peerId: uid,
      members: [member(uid, 'Me'), member('bob', 'Bob')],
      iceServers: [],
      peer: { host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' },
      restoreTicket: null,
    }),
    leave: async (code: string) => {
      left.push(code);
    },
    members: async () => null,
    peerOptions: async () => ({ host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' }),
  };
  await enterRoom(
    { uid, getIdToken: async () => 'token' },
    { uid, displayName: 'Me', level: null },
    stream as never,
    'ABC234',
    undefined,
    {
      rooms,
      levels: { watch: () => () => {} },
      createPeer: (id) => {
        const p = new FakePeer(id);
        peers.push(p);
        return p as never;
      },
    },
  );
  const peer = peers[0]!;
  // Bob answers the call and his first frame shows; the data connection follows it.
  peer.calls.find((c) => c.peer === 'bob')!.emit('stream', new MediaStream());
  currentRoom()!.session.mediaShown('bob');
  const bob = peer.data.find((d) => d.peer === 'bob')!;
  bob.open = true;
  bob.emit('open');
  return { peer, bob, stream, left, session: currentRoom()!.session };
}

describe('the call ends with the sign-in', () => {
  it('auth state becoming null (signed out, token revoked, account deleted) leaves: goodbye, tracks stopped, peer closed', async () => {
    const r = await inRoom();
    await endRoomUnlessSignedInAs('me');
    expect(currentRoom()).not.toBeNull();
    await endRoomUnlessSignedInAs(null);
    expect(currentRoom()).toBeNull();
    expect(r.bob.sent.at(-1)).toEqual({ type: 'goodbye' });
    expect(r.stream.tracks.map((t) => t.readyState)).toEqual(['ended', 'ended']);
    expect(r.left).toEqual(['ABC234']);
    expect(r.session.snapshot.phase).toBe('left');
    await vi.waitFor(() => expect(r.peer.destroyed).toBe(true));
    expect(r.peer.calls.every((c) => c.closed)).toBe(true);
  });

  it('another reader signing in on this panel ends the previous reader’s call', async () => {
    const r = await inRoom('me');
    await endRoomUnlessSignedInAs('someone-else');
    expect(currentRoom()).toBeNull();
    expect(r.bob.sent.at(-1)).toEqual({ type: 'goodbye' });
    expect(r.stream.tracks.every((t) => t.readyState === 'ended')).toBe(true);
  });
});

describe('whenProfileGone', () => {
  it('fires once a profile that was seen is reported deleted, not for a profile that never existed yet', () => {
    const gone = vi.fn();
    const onProfile = whenProfileGone(gone);
    onProfile(null); // a brand-new account before its profile is written
    expect(gone).not.toHaveBeenCalled();
    onProfile({} as never);
    onProfile(null);
    expect(gone).toHaveBeenCalledTimes(1);
  });
});

describe('confirmAccountOrSignOut (a profile reported gone)', () => {
  const failing = (code: string) => ({ getIdToken: () => Promise.reject(Object.assign(new Error(code), { code })) });

  it.each(['auth/user-not-found', 'auth/user-disabled', 'auth/user-token-expired'])(
    'signs out when the account is gone (%s), which ends the call',
    async (code) => {
      const signOut = vi.fn(async () => {});
      await expect(confirmAccountOrSignOut(failing(code), signOut)).resolves.toBe('signed-out');
      expect(signOut).toHaveBeenCalledTimes(1);
    },
  );

  it('keeps the call while the account stands (a spurious "missing" snapshot) or the network is down', async () => {
    const signOut = vi.fn(async () => {});
    const refreshed = vi.fn(async (_force: boolean) => 'token');
    await expect(confirmAccountOrSignOut({ getIdToken: refreshed }, signOut)).resolves.toBe('account-ok');
    expect(refreshed).toHaveBeenCalledWith(true);
    await expect(confirmAccountOrSignOut(failing('auth/network-request-failed'), signOut)).resolves.toBe('unknown');
    expect(signOut).not.toHaveBeenCalled();
  });
});

describe('settleProfileGone (the profile reported deleted during a call)', () => {
  const run = (account: ('account-ok' | 'signed-out' | 'unknown')[], server: (boolean | null)[]) => {
    const endCall = vi.fn(async () => {});
    const waits: number[] = [];
    const result = settleProfileGone(
      {
        checkAccount: async () => account.shift() ?? 'account-ok',
        profileOnServer: async () => (server.length > 0 ? (server.shift() as boolean | null) : false),
        endCall,
        wait: async (ms) => {
          waits.push(ms);
        },
        cancelled: () => false,
      },
      [3000, 10_000],
    );
    return { result, endCall, waits };
  };

  it('signs out once the account is gone, even when the deletion of the account follows the profile', async () => {
    const { result, endCall, waits } = run(['account-ok', 'signed-out'], [false, false]);
    await expect(result).resolves.toBe('signed-out');
    expect(waits).toEqual([3000]);
    expect(endCall).not.toHaveBeenCalled();
  });

  it('keeps the call when the server shows the profile again (a false alarm)', async () => {
    const { result, endCall } = run([], [false, true]);
    await expect(result).resolves.toBe('false-alarm');
    expect(endCall).not.toHaveBeenCalled();
  });

  it('ends the call when the profile stays gone at every check while the account stands', async () => {
    const { result, endCall, waits } = run([], [false, false, false]);
    await expect(result).resolves.toBe('call-ended');
    expect(waits).toEqual([3000, 10_000]);
    expect(endCall).toHaveBeenCalledTimes(1);
  });

  it('ends nothing on what it could not check (offline)', async () => {
    const { result, endCall } = run([], [false, null, false]);
    await expect(result).resolves.toBe('cancelled');
    expect(endCall).not.toHaveBeenCalled();
  });
});
