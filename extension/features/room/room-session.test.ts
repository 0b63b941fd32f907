// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DIAL,
  LEVEL_WATCH_DELAY_MS,
  type LevelSource,
  RECEIVE_LIMIT,
  RoomSession,
  type RoomSnapshot,
  WATCHDOG,
} from './room-session';
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
  answered = false;
  constructor(readonly peer: string) {
    super();
  }
  answer() {
    this.answered = true;
  }
  /** The remote side answered: PeerJS fires "stream" once per track. */
  remoteAnswers(stream = new MediaStream()) {
    this.emit('stream', stream);
    this.emit('stream', stream);
    return stream;
  }
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
  guest: false,
});

function rooms(
  members = [member('me', 'Me'), member('bob', 'Bob')],
  later: ReturnType<typeof member>[] = [],
): RoomsClient & { left: string[]; asked: number } {
  const left: string[] = [];
  const client = {
    left,
    asked: 0,
    members: async () => {
      client.asked += 1;
      return [...members, ...later];
    },
    create: async () => ({ code: 'ABC234', name: null, capacity: 6, memberCount: 0, hasPasscode: false, createdAt: 1 }),
    check: async (code: string) => ({ code, name: null, capacity: 6, memberCount: 2, hasPasscode: false, createdAt: 1 }),
    get: async (code: string) => ({
      room: { code, name: null, capacity: 6, memberCount: 2, hasPasscode: false, createdAt: 1 },
      members: await client.members(),
    }),
    join: async (code: string): Promise<JoinResult> => ({
      code,
      room: { code, name: null, capacity: 6, memberCount: 2, hasPasscode: false, createdAt: 1 },
      peerId: 'me',
      members,
      iceServers: [],
      peer: { host: '127.0.0.1', port: 1, path: `/peerjs/rooms/${code}`, secure: false, key: 'peerjs', token: 't' },
      restoreTicket: null,
    }),
    leave: async (code: string) => {
      left.push(code);
    },
    peerOptions: async (code?: string) => ({
      host: '127.0.0.1',
      port: 1,
      path: code ? `/peerjs/rooms/${code}` : '/peerjs',
      secure: false,
      key: 'peerjs',
      token: 't',
    }),
  };
  return client;
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

/**
 * Our data connection to `id` (the member answers our call and its first frame shows: the data connection
 * follows the call).
 */
function dataTo(peer: FakePeer, id: string, s: RoomSession = session): FakeData {
  const existing = peer.data.find((d) => d.peer === id);
  if (existing) return existing;
  // Our data connections are dialled together, once every call we placed is up (dialHeldData): bring them all up.
  for (const call of peer.calls) {
    if (!s.snapshot.members.find((m) => m.peerId === call.peer)?.stream) call.remoteAnswers();
    s.mediaShown(call.peer);
  }
  s.mediaShown(id);
  return peer.data.find((d) => d.peer === id)!;
}
const bobData = () => dataTo(peers[0]!, 'bob');

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
    expect(session.snapshot.dropped).toBe(hostile.length);
    expect(last.chat).toEqual([]);
    expect(last.bookCard).toBeNull();
  });

  it('keeps chat text as text and attributes it to the sender it came from', () => {
    bobData().openNow();
    bobData().emit('data', { type: 'hello', v: 1, displayName: 'Bob', level: 5, muted: true, cameraOff: false });
    bobData().emit('data', { type: 'chat', id: 'c1', text: '<img src=x onerror=alert(1)>', sentAt: Date.now() });
    expect(last.chat).toEqual([expect.objectContaining({ from: 'bob', fromName: 'Bob', text: '<img src=x onerror=alert(1)>' })]);
    expect(last.members[0]).toMatchObject({ muted: true });
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
    // Bob was there (the channel opened), then went silent.
    dataTo(peers.at(-1)!, 'bob', s).openNow();
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs);
    expect(snap?.members).toEqual([]);
    expect(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs).toBeLessThanOrEqual(5000);
    s.dispose();
  });

  it('dials a member again whose connection never opened (slow set-up under load), and gives up after a few tries', async () => {
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
    const peer = peers.at(-1)!;
    const dialsToBob = () => peer.calls.filter((c) => c.peer === 'bob').length;
    expect(dialsToBob()).toBe(1);
    // The first attempt never opens: the watchdog dials again instead of dropping Bob for good.
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs);
    expect(dialsToBob()).toBe(2);
    expect(snap?.members.map((m) => m.peerId)).toEqual(['bob']);
    // The second attempt opens: Bob stays, and is not dialled again.
    peer.calls.at(-1)!.remoteAnswers();
    peer.data.at(-1)!.openNow();
    await vi.advanceTimersByTimeAsync(WATCHDOG.pingEveryMs);
    expect(dialsToBob()).toBe(2);
    expect(snap?.members.map((m) => m.peerId)).toEqual(['bob']);
    s.dispose();

    // A member who never answers at all is given up after dialAttempts tries.
    const t = new RoomSession({
      rooms: rooms(),
      self: { uid: 'me', displayName: 'Me', level: null },
      localStream: new MediaStream(),
      createPeer: (id) => {
        const p = new FakePeer(id);
        peers.push(p);
        return p as never;
      },
    });
    let tsnap: RoomSnapshot | undefined;
    t.subscribe((x) => {
      tsnap = x;
    });
    const j2 = t.join('ABC234');
    await vi.advanceTimersByTimeAsync(0);
    await j2;
    await vi.advanceTimersByTimeAsync((WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs) * (WATCHDOG.dialAttempts + 1));
    expect(peers.at(-1)!.calls.filter((c) => c.peer === 'bob')).toHaveLength(WATCHDOG.dialAttempts);
    expect(tsnap?.members).toEqual([]);
    t.dispose();
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
    // Opened on the pre-join screen of this room: its signalling path carries the code (PeerJS adds the slash).
    warm.options = { path: '/peerjs/rooms/ABC234/' } as never;
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

  it('does not adopt a warm socket opened for another room (behind a load balancer it reached that room’s node)', async () => {
    const warm = new FakePeer('me');
    warm.options = { path: '/peerjs/rooms/XYZ789/' } as never;
    await Promise.resolve();
    (warm as unknown as { open: boolean }).open = true;
    const created: FakePeer[] = [];
    const asked: (string | undefined)[] = [];
    const client = rooms();
    const s = new RoomSession({
      rooms: {
        ...client,
        peerOptions: async (code?: string) => {
          asked.push(code);
          return client.peerOptions(code);
        },
      },
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
    expect(warm.destroyed).toBe(true);
    expect(asked).toEqual(['ABC234']);
    expect(created).toHaveLength(1);
    s.dispose();
  });

  it('roomLost (the rooms API no longer knows the room) rejoins at once with the restore, once, keeping the call', async () => {
    vi.useFakeTimers();
    const created: FakePeer[] = [];
    const joins: { restore?: unknown }[] = [];
    const client = rooms();
    const s = new RoomSession({
      rooms: {
        ...client,
        join: async (code: string, body: { restore?: unknown }) => {
          joins.push(body);
          return client.join(code, body as never);
        },
      } as RoomsClient,
      self: { uid: 'me', displayName: 'Me', level: null },
      localStream: new MediaStream(),
      createPeer: (id) => {
        const p = new FakePeer(id);
        created.push(p);
        return p as never;
      },
    });
    const joining = s.join('ABC234');
    await vi.advanceTimersByTimeAsync(0);
    await joining;
    expect(s.snapshot.phase).toBe('in-room');
    expect(joins).toHaveLength(1);
    s.roomLost();
    s.roomLost(); // a second report while the first rejoin is on its way changes nothing
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(joins).toHaveLength(2);
    expect(joins[1]!.restore).toBeDefined();
    expect(created).toHaveLength(2); // a fresh signalling socket, on the room's (new) node
    expect(s.snapshot.phase).toBe('in-room');
    s.dispose();
    s.roomLost(); // after the session ended: nothing
    await vi.advanceTimersByTimeAsync(1_000);
    expect(joins).toHaveLength(2);
    vi.useRealTimers();
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

/** A fake stats source: levels set by the test, with a count of live watchers. */
function fakeLevels(initial: Record<string, number>) {
  const watchers = new Map<string, Set<(l: number | null) => void>>();
  const levels: LevelSource & { set(uid: string, l: number): void; live(uid: string): number } = {
    watch(uid, onLevel) {
      const set = watchers.get(uid) ?? new Set();
      watchers.set(uid, set);
      set.add(onLevel);
      onLevel(initial[uid] ?? null);
      return () => set.delete(onLevel);
    },
    set(uid, l) {
      for (const w of watchers.get(uid) ?? []) w(l);
    },
    live: (uid) => watchers.get(uid)?.size ?? 0,
  };
  return levels;
}

function fakeTrack() {
  return {
    readyState: 'live',
    enabled: true,
    stop() {
      this.readyState = 'ended';
    },
  };
}
function fakeStream() {
  const audio = fakeTrack();
  const video = fakeTrack();
  return {
    tracks: [audio, video],
    getTracks: () => [audio, video],
    getAudioTracks: () => [audio],
    getVideoTracks: () => [video],
  };
}

async function joined(options: {
  members?: ReturnType<typeof member>[];
  later?: ReturnType<typeof member>[];
  levels?: LevelSource;
  now?: () => number;
  stream?: ReturnType<typeof fakeStream>;
}) {
  const created: FakePeer[] = [];
  const client = rooms(options.members, options.later);
  const s = new RoomSession({
    rooms: client,
    self: { uid: 'me', displayName: 'Me', level: 3 },
    localStream: (options.stream ?? new MediaStream()) as never,
    ...(options.levels ? { levels: options.levels } : {}),
    ...(options.now ? { now: options.now } : {}),
    createPeer: (id) => {
      const p = new FakePeer(id);
      created.push(p);
      return p as never;
    },
  });
  let snap = s.snapshot;
  let emits = 0;
  s.subscribe((x) => {
    snap = x;
    emits += 1;
  });
  await s.join('ABC234');
  const dataOf = (id: string) => dataTo(created[0]!, id, s);
  return { s, client, peer: () => created[0]!, dataOf, snap: () => snap, emits: () => emits };
}

const T0 = 1_764_000_000_000;
const line = (id: string, from: string, fromName: string, text: string, sentAt: number) => ({ id, from, fromName, text, sentAt });
const card = (sharedBy: string) => ({
  isbn13: '9791171711673',
  title: '필사 노트',
  authors: ['유선경'],
  url: 'https://www.yes24.com/product/goods/125557465',
  sharedBy,
  sharedAt: T0,
});

describe('RoomSession: each member speaks only for itself', () => {
  it('takes only the sender’s own lines from a late-joiner state, never lines credited to others or to me', async () => {
    const r = await joined({});
    r.dataOf('bob').openNow();
    r.dataOf('bob').emit('data', {
      type: 'state',
      bookCard: null,
      chat: [
        line('f1', 'me', 'Me', '나는 이 책이 싫어요', T0),
        line('f2', 'carol', 'Carol', 'forged', T0 + 1),
        line('b1', 'bob', 'Someone else', '안녕하세요', T0 + 2),
      ],
    });
    expect(r.snap().chat).toEqual([line('b1', 'bob', 'Bob', '안녕하세요', T0 + 2)]);
    expect(r.s.snapshot.dropped).toBe(2);
    r.s.dispose();
  });

  it('a late joiner assembles the history from each member’s own lines, in time order', async () => {
    const r = await joined({ members: [member('me', 'Me'), member('bob', 'Bob'), member('carol', 'Carol')] });
    r.dataOf('bob').openNow();
    r.dataOf('carol').openNow();
    r.dataOf('bob').emit('data', {
      type: 'state',
      bookCard: null,
      chat: [line('b1', 'bob', 'Bob', 'one', T0), line('b2', 'bob', 'Bob', 'three', T0 + 20)],
    });
    r.dataOf('carol').emit('data', {
      type: 'state',
      bookCard: null,
      // Carol replays Bob's id under her own name: it must not hide Bob's line.
      chat: [line('c1', 'carol', 'Carol', 'two', T0 + 10), line('b2', 'carol', 'Carol', 'four', T0 + 30)],
    });
    expect(r.snap().chat.map((c) => [c.from, c.text])).toEqual([
      ['bob', 'one'],
      ['carol', 'two'],
      ['bob', 'three'],
      ['carol', 'four'],
    ]);
    r.s.dispose();
  });

  it('hands a late joiner only its own lines and its own card', async () => {
    const r = await joined({});
    r.dataOf('bob').openNow();
    r.dataOf('bob').emit('data', { type: 'chat', id: 'b1', text: 'from bob', sentAt: T0 });
    r.s.sendChat('from me');
    const late = new FakeData('carol');
    r.peer().emit('connection', late);
    late.openNow();
    const state = late.sent.find((m) => (m as { type: string }).type === 'state') as { chat: { from: string }[] };
    expect(state.chat.map((c) => c.from)).toEqual(['me']);
    r.s.dispose();
  });

  it('refuses a book card that names another member as its sharer, and lets only the sharer clear a card', async () => {
    const r = await joined({ members: [member('me', 'Me'), member('bob', 'Bob'), member('carol', 'Carol')] });
    r.dataOf('bob').openNow();
    r.dataOf('carol').openNow();
    r.dataOf('bob').emit('data', { type: 'book-card', card: card('carol') });
    expect(r.snap().bookCard).toBeNull();
    expect(r.s.snapshot.dropped).toBe(1);
    r.dataOf('bob').emit('data', { type: 'state', bookCard: card('me'), chat: [] });
    expect(r.snap().bookCard).toBeNull();
    r.dataOf('carol').emit('data', { type: 'book-card', card: card('carol') });
    expect(r.snap().bookCard?.sharedBy).toBe('carol');
    r.dataOf('bob').emit('data', { type: 'book-card-clear' });
    expect(r.snap().bookCard?.sharedBy).toBe('carol');
    r.dataOf('carol').emit('data', { type: 'book-card-clear' });
    expect(r.snap().bookCard).toBeNull();
    r.s.dispose();
  });

  it('names a member as the server lists them and shows the level from their stats, not what hello claims', async () => {
    vi.useFakeTimers();
    const levels = fakeLevels({ bob: 4 });
    const r = await joined({ levels });
    r.dataOf('bob').openNow();
    r.dataOf('bob').emit('data', { type: 'hello', v: 1, displayName: 'Me', level: 99, muted: false, cameraOff: false });
    // The name at once; the level from his stats a little later (LEVEL_WATCH_DELAY_MS), never the claimed 99.
    expect(r.snap().members[0]).toMatchObject({ peerId: 'bob', displayName: 'Bob', level: null });
    await vi.advanceTimersByTimeAsync(LEVEL_WATCH_DELAY_MS);
    expect(r.snap().members[0]).toMatchObject({ peerId: 'bob', displayName: 'Bob', level: 4 });
    r.dataOf('bob').emit('data', { type: 'chat', id: 'c1', text: 'hi', sentAt: T0 });
    expect(r.snap().chat[0]).toMatchObject({ from: 'bob', fromName: 'Bob' });
    // Bob finishes a book: his stats change, and so does his tile.
    levels.set('bob', 5);
    expect(r.snap().members[0]?.level).toBe(5);
    // He leaves: no one keeps watching his stats.
    expect(levels.live('bob')).toBe(1);
    r.dataOf('bob').emit('data', { type: 'goodbye' });
    expect(levels.live('bob')).toBe(0);
    r.s.dispose();
  });

  it('asks the rooms API for the name of someone who joined after us', async () => {
    const r = await joined({ later: [member('dave', 'Dave')] });
    const dave = new FakeData('dave');
    r.peer().emit('connection', dave);
    dave.openNow();
    dave.emit('data', { type: 'hello', v: 1, displayName: 'Bob', muted: false, cameraOff: false });
    await vi.waitFor(() => expect(r.snap().members.find((m) => m.peerId === 'dave')?.displayName).toBe('Dave'));
    expect(r.client.asked).toBe(1);
    r.s.dispose();
  });
});

describe('RoomSession: receive-side limit', () => {
  it('a flood of 10,000 messages in a second is dropped and counted without freezing the panel', async () => {
    let now = T0;
    const r = await joined({ now: () => now });
    r.dataOf('bob').openNow();
    const before = r.emits();
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) {
      now = T0 + Math.floor(i / 10); // 10,000 messages spread over one second
      r.dataOf('bob').emit('data', { type: 'chat', id: `f${i}`, text: 'spam', sentAt: T0 });
    }
    const elapsed = performance.now() - started;
    const budget = RECEIVE_LIMIT.burst + RECEIVE_LIMIT.perSecond;
    expect(r.s.snapshot.chat.length).toBeGreaterThan(0);
    expect(r.s.snapshot.dropped).toBeGreaterThanOrEqual(10_000 - budget);
    expect(r.s.snapshot.dropped).toBeLessThan(10_000);
    // The panel re-renders for what was accepted, not once per message.
    expect(r.emits() - before).toBeLessThanOrEqual(budget + 2);
    expect(elapsed).toBeLessThan(1000);
    // The count reaches the panel shortly after.
    await vi.waitFor(() => expect(r.snap().dropped).toBe(r.s.snapshot.dropped));
    // Once the sender calms down, their messages are heard again.
    now += 2000;
    r.dataOf('bob').emit('data', { type: 'chat', id: 'calm', text: 'sorry', sentAt: T0 });
    expect(r.snap().chat.at(-1)?.text).toBe('sorry');
    r.s.dispose();
  });
});

describe('RoomSession: the panel closing', () => {
  it('pagehide says goodbye, closes the peer and stops every local track', async () => {
    session.dispose(); // only the session under test listens for pagehide
    const stream = fakeStream();
    const r = await joined({ stream });
    r.dataOf('bob').openNow();
    dispatchEvent(new Event('pagehide'));
    expect(r.dataOf('bob').sent.at(-1)).toEqual({ type: 'goodbye' });
    expect(r.peer().destroyed).toBe(true);
    expect(stream.tracks.map((t) => t.readyState)).toEqual(['ended', 'ended']);
    expect(r.snap().phase).toBe('left');
  });
});

describe('RoomSession: who dials whom, and in what order (join speed)', () => {
  it('places the media call at once and alone; the data connection follows once the call shows its first frame', async () => {
    const r = await joined({ members: [member('me', 'Me'), member('bob', 'Bob'), member('carol', 'Carol')] });
    const peer = r.peer();
    // One call to each member already in the room, and no data connection competing with them yet.
    expect(peer.calls.map((c) => c.peer)).toEqual(['bob', 'carol']);
    expect(peer.data).toEqual([]);
    // Bob answers (PeerJS fires "stream" once per track): his tile gets the stream, and still no data
    // connection while his call's ICE, DTLS and first frame are under way.
    const emitsBefore = r.emits();
    const stream = peer.calls[0]!.remoteAnswers();
    expect(peer.data).toEqual([]);
    expect(r.snap().members.find((m) => m.peerId === 'bob')).toMatchObject({ stream, media: 'live' });
    // The second "stream" event of the same call renders nothing new.
    expect(r.emits() - emitsBefore).toBe(1);
    // His first frame shows, but Carol's call is still being set up: no data connection beside it yet.
    r.s.mediaShown('bob');
    r.s.mediaShown('bob');
    expect(peer.data).toEqual([]);
    // Carol's frame reported before her call was answered means nothing yet.
    r.s.mediaShown('carol');
    expect(peer.data).toEqual([]);
    // Her call is up too: one data connection to each, not two (a second report changes nothing).
    peer.calls[1]!.remoteAnswers();
    r.s.mediaShown('carol');
    r.s.mediaShown('bob');
    expect(peer.data.map((d) => d.peer)).toEqual(['bob', 'carol']);
    // No duplicates anywhere: one call and one data connection per member.
    expect(peer.calls).toHaveLength(2);
    r.dataOf('bob').openNow();
    expect(r.dataOf('bob').sent[0]).toMatchObject({ type: 'hello' });
    expect(peer.data).toHaveLength(2);
    r.s.dispose();
  });

  it('without a view to report the first frame, dials data and watches the level once the media has flowed a while', async () => {
    vi.useFakeTimers();
    const levels = fakeLevels({ bob: 4 });
    const r = await joined({ levels });
    const peer = r.peer();
    // A remote track is muted until its first packets arrive.
    const track = Object.assign(new EventTarget(), { kind: 'video', muted: true });
    const stream = { id: 's1', getVideoTracks: () => [track], getAudioTracks: () => [] } as unknown as MediaStream;
    peer.calls[0]!.remoteAnswers(stream);
    // The tile gets the stream; the data connection and the level watch wait for the media.
    expect(r.snap().members[0]).toMatchObject({ stream, media: 'live' });
    await vi.advanceTimersByTimeAsync(DIAL.afterFlowingMs);
    expect(peer.data).toEqual([]);
    expect(levels.live('bob')).toBe(0);
    track.muted = false;
    track.dispatchEvent(new Event('unmute'));
    // The first packets arrived: the first frame is being decoded, so nothing starts yet.
    await vi.advanceTimersByTimeAsync(DIAL.afterFlowingMs - 1);
    expect(peer.data).toEqual([]);
    expect(levels.live('bob')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(peer.data.map((d) => d.peer)).toEqual(['bob']);
    peer.data[0]!.openNow();
    expect(levels.live('bob')).toBe(0);
    await vi.advanceTimersByTimeAsync(LEVEL_WATCH_DELAY_MS);
    expect(levels.live('bob')).toBe(1);
    // A later unmute (the track muted and came back), or the frame reported late, starts nothing more.
    track.dispatchEvent(new Event('unmute'));
    r.s.mediaShown('bob');
    await vi.advanceTimersByTimeAsync(DIAL.afterFlowingMs);
    expect(peer.data).toHaveLength(1);
    expect(levels.live('bob')).toBe(1);
    r.s.dispose();
  });

  it('joining several members, the data connections wait until every call placed is up; a failed call holds none back', async () => {
    const r = await joined({
      members: [member('me', 'Me'), member('bob', 'Bob'), member('carol', 'Carol'), member('dave', 'Dave')],
    });
    const peer = r.peer();
    expect(peer.calls.map((c) => c.peer)).toEqual(['bob', 'carol', 'dave']);
    peer.calls[0]!.remoteAnswers();
    r.s.mediaShown('bob');
    peer.calls[1]!.remoteAnswers();
    r.s.mediaShown('carol');
    // Dave's call is still being set up: no second RTCPeerConnection to Bob or Carol beside it.
    expect(peer.data).toEqual([]);
    // It fails: his data connection at once (chat does not depend on the media), and Bob's and Carol's with it.
    peer.calls[2]!.close();
    expect(peer.data.map((d) => d.peer).sort()).toEqual(['bob', 'carol', 'dave']);
    r.s.dispose();
  });

  it('a data connection held for a slow call is dialled when that call’s backstop comes', async () => {
    vi.useFakeTimers();
    const r = await joined({ members: [member('me', 'Me'), member('bob', 'Bob'), member('carol', 'Carol')] });
    const peer = r.peer();
    peer.calls[0]!.remoteAnswers();
    r.s.mediaShown('bob');
    await vi.advanceTimersByTimeAsync(DIAL.dataFallbackMs - 1);
    expect(peer.data).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(peer.data.map((d) => d.peer).sort()).toEqual(['bob', 'carol']);
    r.s.dispose();
  });

  it('a call not answered in time still gets its data connection, and a call that closes gets it at once', async () => {
    vi.useFakeTimers();
    const r = await joined({ members: [member('me', 'Me'), member('bob', 'Bob'), member('carol', 'Carol')] });
    const peer = r.peer();
    expect(peer.data).toEqual([]);
    // Carol's call fails outright: the data connection (chat, the watchdog) does not wait for the media.
    peer.calls[1]!.close();
    expect(peer.data.map((d) => d.peer)).toEqual(['carol']);
    expect(r.snap().members.find((m) => m.peerId === 'carol')?.media).toBe('failed');
    // Bob's call is slow to answer: his data connection is opened after DIAL.dataFallbackMs anyway.
    await vi.advanceTimersByTimeAsync(DIAL.dataFallbackMs - 1);
    expect(peer.data.map((d) => d.peer)).toEqual(['carol']);
    await vi.advanceTimersByTimeAsync(1);
    expect(peer.data.map((d) => d.peer)).toEqual(['carol', 'bob']);
    // His answer arriving later does not open a second one.
    peer.calls[0]!.remoteAnswers();
    expect(peer.data.map((d) => d.peer)).toEqual(['carol', 'bob']);
    r.s.dispose();
  });

  it('only the joiner dials: a member already in the room answers an incoming call and calls nobody back', async () => {
    const r = await joined({ members: [member('me', 'Me')], later: [member('dave', 'Dave')] });
    const peer = r.peer();
    expect(peer.calls).toEqual([]);
    const incoming = new FakeCall('dave');
    peer.emit('call', incoming);
    expect(incoming.answered).toBe(true);
    expect(r.snap().members.map((m) => m.peerId)).toEqual(['dave']);
    // Dave's data connection arrives after his call; nothing is dialled from this side.
    const data = new FakeData('dave');
    peer.emit('connection', data);
    data.openNow();
    incoming.remoteAnswers();
    expect(peer.calls).toEqual([]);
    expect(peer.data).toEqual([]);
    await vi.waitFor(() => expect(r.snap().members[0]?.displayName).toBe('Dave'));
    r.s.dispose();
  });

  it('looks a name up once the member is there, and watches their level only a while later, not while calls are set up', async () => {
    vi.useFakeTimers();
    const levels = fakeLevels({ bob: 4, dave: 2 });
    const r = await joined({ levels, later: [member('dave', 'Dave')] });
    expect(levels.live('bob')).toBe(0);
    r.peer().calls[0]!.remoteAnswers();
    // Answered, but the call is not up yet (ICE, DTLS, the first frame): nothing beside it.
    expect(levels.live('bob')).toBe(0);
    r.s.mediaShown('bob');
    // Bob is there, but other calls of the same join may still be negotiating: no Firestore listener yet.
    await vi.advanceTimersByTimeAsync(LEVEL_WATCH_DELAY_MS - 1);
    expect(levels.live('bob')).toBe(0);
    expect(r.snap().members[0]?.level).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(levels.live('bob')).toBe(1);
    expect(r.snap().members[0]?.level).toBe(4);
    // Someone calling us: no Firestore listener and no rooms API request until their media or data arrives.
    const incoming = new FakeCall('dave');
    r.peer().emit('call', incoming);
    expect(levels.live('dave')).toBe(0);
    expect(r.client.asked).toBe(0);
    incoming.remoteAnswers();
    expect(levels.live('dave')).toBe(0);
    r.s.mediaShown('dave');
    // His name is asked for at once (his tile would say "…"); his level follows later.
    await vi.advanceTimersByTimeAsync(0);
    expect(r.client.asked).toBe(1);
    expect(levels.live('dave')).toBe(0);
    await vi.advanceTimersByTimeAsync(LEVEL_WATCH_DELAY_MS);
    expect(levels.live('dave')).toBe(1);
    r.s.dispose();
  });

  it('a member who leaves before their level is watched never gets a listener, and leaving stops one', async () => {
    vi.useFakeTimers();
    const levels = fakeLevels({ bob: 4, carol: 3 });
    const r = await joined({ levels, members: [member('me', 'Me'), member('bob', 'Bob'), member('carol', 'Carol')] });
    r.peer().calls[0]!.remoteAnswers();
    r.peer().calls[1]!.remoteAnswers();
    r.s.mediaShown('bob');
    r.s.mediaShown('carol');
    r.dataOf('bob').openNow();
    r.dataOf('carol').openNow();
    // Bob says goodbye before his level's turn came: nothing is started for him later.
    r.dataOf('bob').emit('data', { type: 'goodbye' });
    await vi.advanceTimersByTimeAsync(LEVEL_WATCH_DELAY_MS);
    expect(levels.live('bob')).toBe(0);
    expect(levels.live('carol')).toBe(1);
    // Leaving the room stops Carol's (the connections close just after the goodbye has left).
    await r.s.leave();
    await vi.advanceTimersByTimeAsync(150);
    expect(levels.live('carol')).toBe(0);
  });

  it('a member who left before their data connection opened is removed, not dialled again (the server is asked)', async () => {
    vi.useFakeTimers();
    const r = await joined({});
    const peer = r.peer();
    // Bob's call was answered, but he left before the data connection opened: no goodbye reached us.
    peer.calls[0]!.remoteAnswers();
    r.client.members = async () => [member('me', 'Me')];
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs);
    expect(r.snap().members).toEqual([]);
    expect(peer.calls).toHaveLength(1);
    r.s.dispose();
  });

  it('a live call whose data connection is late keeps its call: only the data connection is dialled again', async () => {
    vi.useFakeTimers();
    const r = await joined({});
    const peer = r.peer();
    // The call is answered and its first frame shows: the data connection is dialled.
    peer.calls[0]!.remoteAnswers();
    r.s.mediaShown('bob');
    expect(peer.data).toHaveLength(1);
    // That data connection never opens: the watchdog dials the data connection again, not the call.
    let closed = 0;
    peer.calls[0]!.on('close', () => {
      closed += 1;
    });
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs);
    expect(peer.data).toHaveLength(2);
    expect(peer.calls).toHaveLength(1);
    expect(closed).toBe(0);
    expect(r.snap().members[0]).toMatchObject({ peerId: 'bob', media: 'live' });
    peer.data[1]!.openNow();
    expect(peer.data[1]!.sent[0]).toMatchObject({ type: 'hello' });
    r.s.dispose();
  });

  it('a silent member whose call is still connected gets a few more rounds (a starved machine), then is removed', async () => {
    vi.useFakeTimers();
    const r = await joined({});
    const peer = r.peer();
    const pc = { iceConnectionState: 'connected', addEventListener() {} };
    (peer.calls[0] as unknown as { peerConnection: unknown }).peerConnection = pc;
    peer.calls[0]!.remoteAnswers();
    r.dataOf('bob').openNow();
    // Bob goes silent, but his call is connected: kept past the usual 5 s.
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs);
    expect(r.snap().members.map((m) => m.peerId)).toEqual(['bob']);
    // A message from him starts the count over; silence for the grace rounds too removes him.
    r.dataOf('bob').emit('data', { type: 'ping', id: 'p1', sentAt: T0 });
    await vi.advanceTimersByTimeAsync((WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs) * WATCHDOG.graceRounds);
    expect(r.snap().members.map((m) => m.peerId)).toEqual(['bob']);
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs);
    expect(r.snap().members).toEqual([]);
    r.s.dispose();
  });

  it('a silent member whose call is no longer connected is removed in the usual 5 s', async () => {
    vi.useFakeTimers();
    const r = await joined({});
    const peer = r.peer();
    (peer.calls[0] as unknown as { peerConnection: unknown }).peerConnection = {
      iceConnectionState: 'disconnected',
      addEventListener() {},
    };
    peer.calls[0]!.remoteAnswers();
    r.dataOf('bob').openNow();
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs);
    expect(r.snap().members).toEqual([]);
    r.s.dispose();
  });

  it('the side that answered a live call waits for the caller’s data connection instead of dialling its own', async () => {
    vi.useFakeTimers();
    const r = await joined({ members: [member('me', 'Me')], later: [member('dave', 'Dave')] });
    const peer = r.peer();
    const incoming = new FakeCall('dave');
    peer.emit('call', incoming);
    incoming.remoteAnswers();
    // Dave's data connection is late: several watchdog rounds pass; we neither dial data nor call him back.
    await vi.advanceTimersByTimeAsync((WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs) * (WATCHDOG.dialAttempts - 1));
    expect(peer.data).toEqual([]);
    expect(peer.calls).toEqual([]);
    expect(r.snap().members.map((m) => m.peerId)).toEqual(['dave']);
    // It arrives and opens: he is a full member.
    const data = new FakeData('dave');
    peer.emit('connection', data);
    data.openNow();
    expect(data.sent[0]).toMatchObject({ type: 'hello' });
    expect(r.snap().members.map((m) => m.peerId)).toEqual(['dave']);
    r.s.dispose();
  });

  it('answering, the caller’s tile waits until our answer is set, so the answer leaves first', async () => {
    const r = await joined({ members: [member('me', 'Me')], later: [member('dave', 'Dave')] });
    const peer = r.peer();
    // Answering: their stream comes with the offer (have-remote-offer), before our answer exists.
    const pc = Object.assign(new EventTarget(), { signalingState: 'have-remote-offer' as RTCSignalingState });
    const incoming = new FakeCall('dave');
    (incoming as unknown as { peerConnection: unknown }).peerConnection = pc;
    peer.emit('call', incoming);
    const stream = incoming.remoteAnswers();
    const dave = () => r.snap().members.find((m) => m.peerId === 'dave');
    expect(incoming.answered).toBe(true);
    expect(dave()?.media).toBe('connecting');
    expect(dave()?.stream).toBeNull();
    // Our answer is set: the tile gets the stream, once (PeerJS fired "stream" for each track).
    let snapshots = 0;
    const stop = r.s.subscribe(() => snapshots++);
    snapshots = 0;
    pc.signalingState = 'stable';
    pc.dispatchEvent(new Event('signalingstatechange'));
    expect(dave()?.media).toBe('live');
    expect(dave()?.stream).toBe(stream);
    expect(snapshots).toBe(1);
    stop();
    r.s.dispose();
  });

  it('calling, the member’s tile shows with their answer', async () => {
    const r = await joined({});
    const peer = r.peer();
    // The stream comes with their answer: the exchange is done (stable), nothing to wait for.
    const pc = Object.assign(new EventTarget(), { signalingState: 'stable' as RTCSignalingState });
    (peer.calls[0] as unknown as { peerConnection: unknown }).peerConnection = pc;
    const stream = peer.calls[0]!.remoteAnswers();
    const bob = r.snap().members.find((m) => m.peerId === 'bob');
    expect(bob?.media).toBe('live');
    expect(bob?.stream).toBe(stream);
    r.s.dispose();
  });

  it('when the server cannot be asked, a silent link is dialled again as before', async () => {
    vi.useFakeTimers();
    const r = await joined({});
    const peer = r.peer();
    r.client.members = async () => {
      throw new Error('offline');
    };
    await vi.advanceTimersByTimeAsync(WATCHDOG.goneAfterMs + WATCHDOG.pingEveryMs);
    expect(peer.calls.map((c) => c.peer)).toEqual(['bob', 'bob']);
    expect(r.snap().members.map((m) => m.peerId)).toEqual(['bob']);
    r.s.dispose();
  });
});
