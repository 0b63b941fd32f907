// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoomSession, type RoomSnapshot, WATCHDOG } from './room-session';
import type { JoinResult, RoomsClient } from './rooms-client';

/** A minimal stand-in for PeerJS objects: enough surface for the session engine, driven by the test. */
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
    this.emit('close');
  }
  openNow() {
    this.open = true;
    this.emit('open');
  }
}
class FakeCall extends Emitter {
  open = true;
  peerConnection = undefined;
  constructor(readonly peer: string) {
    super();
  }
  answer() {}
  close() {
    this.emit('close');
  }
}
class FakePeer extends Emitter {
  options: { config?: RTCConfiguration } = {};
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

const member = (uid: string, name: string) => ({
  uid,
  peerId: uid,
  displayName: name,
  badge: null,
  level: 2,
  joinedAt: 1,
  connected: true,
});

function rooms(): RoomsClient & { left: string[] } {
  const left: string[] = [];
  return {
    left,
    create: async () => ({ code: 'ABC234', name: null, capacity: 6, memberCount: 0, hasPasscode: false, createdAt: 1 }),
    join: async (code): Promise<JoinResult> => ({
      code,
      room: { code, name: null, capacity: 6, memberCount: 2, hasPasscode: false, createdAt: 1 },
      peerId: 'me',
      members: [member('me', 'Me'), member('bob', 'Bob')],
      iceServers: [],
      peer: { host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' },
      restoreTicket: null,
    }),
    leave: async (code) => {
      left.push(code);
    },
    peerOptions: async () => ({ host: '127.0.0.1', port: 1, path: '/peerjs', secure: false, key: 'peerjs', token: 't' }),
  };
}

let peers: FakePeer[];
let session: RoomSession;
let last: RoomSnapshot;
let client: ReturnType<typeof rooms>;

beforeEach(async () => {
  peers = [];
  client = rooms();
  session = new RoomSession({
    rooms: client,
    self: { uid: 'me', displayName: 'Me', level: 3 },
    localStream: new MediaStream(),
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
});
afterEach(() => {
  session.dispose();
  vi.useRealTimers();
});

const bobData = () => peers[0]!.data.find((d) => d.peer === 'bob')!;

describe('RoomSession', () => {
  it('joins, calls the member already in the room, and greets them when the channel opens', () => {
    expect(last.phase).toBe('in-room');
    expect(peers).toHaveLength(1);
    expect(peers[0]!.id).toBe('me');
    expect(peers[0]!.options.config?.iceServers).toEqual([]);
    expect(peers[0]!.calls.map((c) => c.peer)).toEqual(['bob']);
    bobData().openNow();
    expect(bobData().sent[0]).toMatchObject({ type: 'hello', displayName: 'Me', level: 3 });
    expect(bobData().sent[1]).toMatchObject({ type: 'state', bookCard: null, chat: [] });
    expect(last.members.map((m) => m.displayName)).toEqual(['Bob']);
  });

  it('drops and counts invalid peer messages without touching the room', () => {
    bobData().openNow();
    const hostile: unknown[] = [
      'not json',
      { type: 'chat', id: 'x', text: 'a'.repeat(501), sentAt: Date.now() },
      {
        type: 'book-card',
        card: {
          isbn13: '9791171711673',
          title: 'X',
          authors: [],
          url: 'javascript:alert(1)',
          sharedBy: 'bob',
          sharedAt: Date.now(),
        },
      },
      { type: 'hello', v: 1, displayName: 'Bob', muted: false, cameraOff: false, isAdmin: true },
      { type: 'explode' },
      JSON.stringify({ type: 'chat', id: 'y', text: 'x'.repeat(20_000), sentAt: Date.now() }),
      null,
      [1, 2, 3],
    ];
    for (const m of hostile) bobData().emit('data', m);
    expect(last.dropped).toBe(hostile.length);
    expect(last.chat).toEqual([]);
    expect(last.bookCard).toBeNull();
  });

  it('keeps chat text as text and attributes it to the sender it came from', () => {
    bobData().openNow();
    bobData().emit('data', { type: 'hello', v: 1, displayName: 'Bob', level: 5, muted: true, cameraOff: false });
    bobData().emit('data', { type: 'chat', id: 'c1', text: '<img src=x onerror=alert(1)>', sentAt: Date.now() });
    expect(last.chat).toEqual([expect.objectContaining({ from: 'bob', fromName: 'Bob', text: '<img src=x onerror=alert(1)>' })]);
    expect(last.members[0]).toMatchObject({ muted: true, level: 5 });
    // Replayed ids are not shown twice.
    bobData().emit('data', { type: 'chat', id: 'c1', text: 'again', sentAt: Date.now() });
    expect(last.chat).toHaveLength(1);
  });

  it('removes a member who says goodbye', () => {
    bobData().openNow();
    bobData().emit('data', { type: 'goodbye' });
    expect(last.members).toEqual([]);
  });

  it('removes a member who vanished without a goodbye within 5 seconds (watchdog)', async () => {
    vi.useFakeTimers();
    const s = new RoomSession({
      rooms: rooms(),
      self: { uid: 'me', displayName: 'Me', level: null },
      localStream: new MediaStream(),
      createPeer: (id) => {
        const p = new FakePeer(id);
        peers.push(p);
        return p as never;
      },
    });
    let snap: RoomSnapshot | undefined;
    s.subscribe((x) => {
      snap = x;
    });
    const joining = s.join('ABC234');
    await vi.advanceTimersByTimeAsync(0);
    await joining;
    expect(snap?.members).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs);
    expect(snap?.members).toEqual([]);
    expect(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs).toBeLessThanOrEqual(5000);
    s.dispose();
  });

  it('shares a book card and the chat with everyone, and hands both to a late joiner', () => {
    bobData().openNow();
    session.sendChat('  3장까지 읽었어요  ');
    session.shareBook({
      isbn13: '9791171711673',
      title: '필사 노트',
      authors: ['유선경'],
      url: 'https://www.yes24.com/product/goods/125557465',
      sharedBy: 'me',
      sharedAt: Date.now(),
    });
    expect(bobData().sent.map((m) => (m as { type: string }).type)).toEqual(['hello', 'state', 'chat', 'book-card']);
    // A late joiner's data channel opens: its first messages carry the current card and recent chat.
    const late = new FakeData('carol');
    peers[0]!.emit('connection', late);
    late.openNow();
    expect(late.sent[1]).toMatchObject({ type: 'state', bookCard: { title: '필사 노트' }, chat: [{ text: '3장까지 읽었어요' }] });
  });

  it('leaving says goodbye and tells the server', async () => {
    bobData().openNow();
    await session.leave();
    expect(bobData().sent.at(-1)).toEqual({ type: 'goodbye' });
    expect(client.left).toEqual(['ABC234']);
    expect(last.phase).toBe('left');
  });

  it('the same account taking the seat elsewhere ends this session instead of fighting for it', () => {
    peers[0]!.emit(
      'error',
      Object.assign(new Error('session_replaced: this account connected again elsewhere'), { type: 'server-error' }),
    );
    expect(last.phase).toBe('error');
    expect(last.error).toBe('session_replaced');
  });

  it('adopts the signaling connection opened on the pre-join screen instead of opening another', async () => {
    const warm = new FakePeer('me');
    await Promise.resolve();
    (warm as unknown as { open: boolean }).open = true;
    const created: FakePeer[] = [];
    const s = new RoomSession({
      rooms: rooms(),
      self: { uid: 'me', displayName: 'Me', level: null },
      localStream: new MediaStream(),
      warmPeer: warm as never,
      createPeer: (id) => {
        const p = new FakePeer(id);
        created.push(p);
        return p as never;
      },
    });
    await s.join('ABC234');
    expect(created).toEqual([]);
    expect(warm.calls.map((c) => c.peer)).toEqual(['bob']);
    s.dispose();
  });

  it('a failed join leaves no zombie behind: no reconnect, no second peer after the socket closes', async () => {
    vi.useFakeTimers();
    const created: FakePeer[] = [];
    let joinCalls = 0;
    const failing: RoomsClient = {
      ...rooms(),
      join: async () => {
        joinCalls++;
        throw Object.assign(new Error('wrong passcode'), { code: 'wrong_passcode' });
      },
    };
    const s = new RoomSession({
      rooms: failing,
      self: { uid: 'me', displayName: 'Me', level: null },
      localStream: new MediaStream(),
      createPeer: (id) => {
        const p = new FakePeer(id);
        created.push(p);
        return p as never;
      },
    });
    const joining = s.join('ABC234', 'nope').catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(0);
    expect(await joining).toBe('wrong passcode');
    expect(created).toHaveLength(1);
    expect(created[0]!.destroyed).toBe(true);
    // The destroyed socket reports "disconnected" (PeerJS does): nothing may come back to life.
    created[0]!.emit('disconnected');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(created).toHaveLength(1);
    expect(joinCalls).toBe(1);
  });
});
