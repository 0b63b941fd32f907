import Peer, { type DataConnection, type MediaConnection } from 'peerjs';
import { buildStateMessage, DisplayNameSchema, type PeerMessage, parsePeerMessage } from '../../../shared/schemas/peer-messages';
import type { RoomRestore, RoomSummary } from '../../../shared/schemas/rooms-api';
import { mark } from '../../utils/perf-mark';
import { ICE_RECOVERY, IceRecovery } from './ice-recovery';
import type { BookCard, ChatLine, JoinResult, RoomErrorCode, RoomsClient } from './rooms-client';
import { RoomsApiError } from './rooms-client';

/**
 * The reading room engine: one PeerJS peer, a full mesh of media calls and data channels with every
 * member, and recovery. Media and room messages flow peer to peer; the peer-server only signals and
 * keeps membership. Preact views subscribe to snapshots; nothing here touches the DOM.
 */

export type MemberState = {
  peerId: string;
  uid: string;
  displayName: string;
  level: number | null;
  /** A guest of the web room (Firebase anonymous sign-in), as the room server says: marked on their tile. */
  guest: boolean;
  muted: boolean;
  cameraOff: boolean;
  stream: MediaStream | null;
  media: 'connecting' | 'live' | 'failed';
  lastSeen: number;
};

export type RoomPhase = 'idle' | 'joining' | 'in-room' | 'reconnecting' | 'left' | 'error';

export type RoomSnapshot = {
  phase: RoomPhase;
  code: string | null;
  error: RoomErrorCode | null;
  selfPeerId: string | null;
  members: MemberState[];
  chat: ChatLine[];
  bookCard: BookCard | null;
  muted: boolean;
  cameraOff: boolean;
  speakerPeerId: string | null;
  dropped: number;
  /**
   * "Always relay (strict networks)": `on` when every call goes through the TURN relay
   * (iceTransportPolicy 'relay'); `unavailable` when the reader asked for it but the server offers no TURN
   * relay (calls then connect directly); `off` otherwise.
   */
  relay: 'off' | 'on' | 'unavailable';
};

export type SelfInfo = { uid: string; displayName: string; level: number | null };

/** Room messages the engine only relays to feature modules (reading sprints: extension/features/room/room-sync.ts). */
export type RoomEventMessage = Extract<PeerMessage, { type: 'room-changed' | 'sprint-result' }>;

/**
 * Where a member's level comes from: their own stats, read live (extension/features/room/member-levels.ts),
 * never what they claim in `hello`. `watch` calls back with the level (null while unknown or unreadable)
 * and returns a function that stops watching.
 */
export type LevelSource = { watch(uid: string, onLevel: (level: number | null) => void): () => void };

/**
 * Receive-side limit per peer (a token bucket): a member may send `burst` messages at once and `perSecond`
 * after that. Pings, mute toggles and a fast typist stay far below it; anything past it is dropped unread.
 */
export const RECEIVE_LIMIT = { perSecond: 20, burst: 40 } as const;
/** While messages are being dropped, the panel hears about the count at most this often. */
const DROP_REPORT_MS = 250;

type Link = {
  data?: DataConnection;
  media?: MediaConnection;
  member: MemberState;
  /** Receive budget (token bucket) and when it was last refilled. */
  tokens: number;
  refilledAt: number;
  stopLevel?: () => void;
  /** The data channel opened at least once (a member who then goes silent has vanished). */
  opened?: boolean;
  /** How often we dialled this member for the current link. */
  dials?: number;
  /** Our data connection to this member, waiting for the media call to be answered (see DIAL). */
  dataDial?: ReturnType<typeof setTimeout>;
  /** The watchdog is asking the server whether this silent member is still in the room. */
  checking?: boolean;
  /** The member showed up (media or data): their level is watched and their name looked up from then on. */
  arrived?: boolean;
  /** Watchdog rounds this member was kept, silent, because their call was still connected. */
  graces?: number;
  /** We placed the current call (and so owe the data connection); false when we answered theirs. */
  outgoing?: boolean;
  /** The current call is up (its first frame shown, or its media flowed a while): see callUp. */
  up?: boolean;
};

/**
 * A member silent for goneAfterMs is removed. A link that never opened is not a member who vanished: under
 * load, setting up a connection can take longer than that, so it is dialled again (either side may; the
 * race is settled by keepIncoming) up to dialAttempts times before the member is given up. Nor is a member
 * whose call is still connected (ICE connected, media live: their browser answers every few seconds): a
 * starved machine can hold their pings back for seconds, so they get up to graceRounds more goneAfterMs
 * before being removed (a member who closed the panel or lost the network has no connected call). So is a
 * member whose call's network path broke and is being recovered by an ICE restart (ice-recovery.ts): the
 * tile says "connecting" meanwhile, and the member is removed when the grace runs out.
 */
export const WATCHDOG = { pingEveryMs: 1000, goneAfterMs: 4000, dialAttempts: 3, graceRounds: 2 } as const;
/**
 * How we dial a member: the media call first and alone, the data connection once the call is up: the view
 * shows the member's first remote frame (`mediaShown`), or, without a view to say so, the call's media has
 * flowed for `afterFlowingMs`. Each is its own RTCPeerConnection; placed together, the data connection's offer,
 * answer and ICE ran ahead of the call's on both sides and on 2 cores delayed the first frame by about a
 * third, and dialled when the answer arrived it still set up during the call's ICE, DTLS and first frame
 * (bench/README.md, "room"). Joining several members, the data connections wait until every call placed is up
 * (dialHeldData). A call that is not up within `dataFallbackMs` of being placed, or that closes, gets its data
 * connection anyway, so chat and the watchdog never depend on the media.
 */
export const DIAL = { dataFallbackMs: 1500, afterFlowingMs: 250 } as const;

/**
 * A member's level (a badge on their tile, from a Firestore listener on their stats) is watched this long after
 * they arrive, not at once. A member's arrival comes while the rest of a join is still being set up: when a
 * fourth reader joins a 3-way call, each of the others sees them arrive while the newcomer is still connecting
 * to the other two, and the newcomer sees the first of them arrive while the other two calls are still
 * negotiating. Four listeners started then (their IndexedDB targets, the listen stream, the server's work) compete
 * with those calls for two busy cores. bench:room, 4 readers: 701 and 905 ms to all three tiles without the
 * listeners against 1,274 and 1,002 ms with them, in alternating runs (bench/README.md, room section).
 */
export const LEVEL_WATCH_DELAY_MS = 3000;

/** The link's media call is open and its ICE not failed or closed (connected, or interrupted and recovering). */
function callUsable(link: Link): boolean {
  const ice = link.media?.peerConnection?.iceConnectionState;
  return !!link.media?.open && link.member.media !== 'failed' && ice !== 'failed' && ice !== 'closed';
}

/** The link's media call is live and its ICE connection up (the member's browser is answering). */
function callConnected(link: Link): boolean {
  const ice = link.media?.peerConnection?.iceConnectionState;
  return link.member.media === 'live' && (ice === 'connected' || ice === 'completed');
}

/**
 * Call `then` once a remote stream carries media: its first video track (else audio) is unmuted, which a
 * browser does when the first packets arrive, so what follows does not compete with the call's ICE and DTLS
 * set-up. At once when there is no track or it is already unmuted (DIAL.dataFallbackMs stays the backstop).
 */
function whenFlowing(stream: MediaStream, then: () => void) {
  const track = stream.getVideoTracks?.()[0] ?? stream.getAudioTracks?.()[0];
  if (!track?.muted) {
    then();
    return;
  }
  track.addEventListener('unmute', () => then(), { once: true });
}
/**
 * Call `then` once we no longer owe the connection an answer: at once for the side that called (the remote stream
 * comes with the answer), after our own answer is set for the side that answers (its remote stream comes with the
 * offer, in "have-remote-offer"). At once too when the connection is closed or not there.
 */
function afterAnswer(pc: RTCPeerConnection | undefined, then: () => void) {
  const owed = (state: RTCSignalingState | undefined) => state === 'have-remote-offer' || state === 'have-local-pranswer';
  if (!owed(pc?.signalingState)) {
    then();
    return;
  }
  const check = () => {
    if (!pc || owed(pc.signalingState)) return;
    pc.removeEventListener('signalingstatechange', check);
    then();
  };
  pc.addEventListener('signalingstatechange', check);
}
/** PeerJS keeps `path` with a trailing slash; compare without it. */
const trimPath = (path: string | undefined) => (path ?? '').replace(/\/+$/, '');
function samePeerPath(a: string | undefined, b: string | undefined): boolean {
  return trimPath(a) === trimPath(b);
}
/** The signalling path carries the room code (`…/peerjs/rooms/<CODE>`, see rooms-client.ts peerServerOptions). */
function peerPathIsFor(path: string | undefined, code: string): boolean {
  return trimPath(path).endsWith(`/rooms/${encodeURIComponent(code)}`);
}

const CHAT_KEEP = 50;
const BACKOFF_MS = [250, 500, 1000, 2000, 3000, 5000] as const;
/** How often a session in a room asks for a fresh rejoin grant (grants last 15 minutes). */
export const GRANT_REFRESH_MS = 5 * 60_000;

export type RoomSessionDeps = {
  rooms: RoomsClient;
  self: SelfInfo;
  localStream: MediaStream;
  /** A signaling connection opened ahead of time (on the pre-join screen), adopted if still usable. */
  warmPeer?: Peer | null;
  /** Members' levels from their stats; without it, tiles show no level. */
  levels?: LevelSource;
  receiveLimit?: { perSecond: number; burst: number };
  /**
   * What an earlier session knew of the room (rejoining after the panel closed): sent with the first join,
   * so a room the server forgot meanwhile comes back under its code.
   */
  restore?: RoomRestore;
  /** The rejoin grant an earlier session kept for this room: the first join needs no passcode with it. */
  rejoinGrant?: string;
  /** Factory so tests and benches can count or wrap PeerJS peers. */
  createPeer?: (id: string, options: ConstructorParameters<typeof Peer>[1]) => Peer;
  /** "Always relay (strict networks)": media only through the TURN relay (iceTransportPolicy 'relay'). */
  relayOnly?: boolean;
  now?: () => number;
};

export class RoomSession {
  private peer: Peer | null = null;
  /** The signalling path `peer` was opened with (it carries the room code: see peerServerOptions). */
  private peerPath: string | undefined;
  private links = new Map<string, Link>();
  private listeners = new Set<(s: RoomSnapshot) => void>();
  private timers: ReturnType<typeof setInterval>[] = [];
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private passcode: string | undefined;
  /** What we know of the room, so we can re-create it if the peer-server restarted and forgot it. */
  private restore: { capacity: number; name: string | null; ticket?: string } | undefined;
  /** The latest rejoin grant from the server (refreshed with every join and every GRANT_REFRESH_MS). */
  private grant: string | undefined;
  /** The room as the latest join answered it (e.g. whether it has a passcode, for the invite text). */
  private room: RoomSummary | undefined;
  private disposed = false;
  /** Display names from the server's member list (bound to each verified uid), by peer id. */
  private serverNames = new Map<string, string>();
  /** Peer ids the room server lists as guests (web room, anonymous sign-in). */
  private serverGuests = new Set<string>();
  private namesRefresh: Promise<void> | null = null;
  private dropReport: ReturnType<typeof setTimeout> | null = null;
  private roomEvents = new Set<(from: string, message: RoomEventMessage) => void>();
  private state: RoomSnapshot = {
    phase: 'idle',
    code: null,
    error: null,
    selfPeerId: null,
    members: [],
    chat: [],
    bookCard: null,
    muted: false,
    cameraOff: false,
    speakerPeerId: null,
    dropped: 0,
    relay: 'off',
  };
  private readonly now: () => number;
  /** The network is back: rejoin now, not when a backed-off attempt (up to 5 s away) comes round. */
  private readonly onOnline = () => {
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    this.scheduleReconnect(0);
  };
  /** The panel is closing: say goodbye, close every connection and stop the camera now (no later). */
  private readonly onPageHide = () => this.end();
  private readonly limit: { perSecond: number; burst: number };
  /** ICE restarts of calls and data connections whose network path broke (ice-recovery.ts). */
  private readonly recovery: IceRecovery;

  constructor(private deps: RoomSessionDeps) {
    this.now = deps.now ?? Date.now;
    this.limit = deps.receiveLimit ?? RECEIVE_LIMIT;
    this.recovery = new IceRecovery(
      {
        selfId: () => this.peer?.id ?? null,
        signal: (to, frame) => {
          const peer = this.peer;
          if (!peer || peer.destroyed || peer.disconnected || !peer.open || !peer.socket) return false;
          peer.socket.send({ type: 'CANDIDATE', dst: to, payload: frame });
          return true;
        },
        current: (remoteId, pc) => {
          const link = this.links.get(remoteId);
          return !!link && (link.media?.peerConnection === pc || link.data?.peerConnection === pc);
        },
        changed: (remoteId, pc, broken, brokenForMs) => {
          const link = this.links.get(remoteId);
          if (!link || link.media?.peerConnection !== pc || !link.member.stream) return;
          // The tile says "connecting" while the path is broken, instead of a silently frozen picture.
          link.member.media = broken ? 'connecting' : 'live';
          if (!broken) {
            // Back: the watchdog's grace starts over, and after a long break the data connection (whose SCTP
            // retransmissions have backed off for seconds) is dialled afresh by the side that owns it.
            link.graces = 0;
            link.member.lastSeen = this.now();
            if (brokenForMs >= ICE_RECOVERY.redialDataAfterMs && link.outgoing) this.dialData(link);
          }
          this.emit();
        },
        healed: () => this.emit(),
        online: () => typeof navigator === 'undefined' || navigator.onLine !== false,
      },
      this.now,
    );
    this.restore = deps.restore;
    this.grant = deps.rejoinGrant;
    this.state.muted =
      deps.localStream.getAudioTracks().every((t) => !t.enabled) || deps.localStream.getAudioTracks().length === 0;
    this.state.cameraOff = deps.localStream.getVideoTracks().length === 0;
  }

  subscribe(listener: (s: RoomSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  get snapshot(): RoomSnapshot {
    return this.state;
  }

  private emit(patch: Partial<RoomSnapshot> = {}) {
    this.state = { ...this.state, ...patch, members: [...this.links.values()].map((l) => ({ ...l.member })) };
    for (const l of this.listeners) l(this.state);
  }

  /** Join a room by code. Resolves once signaling is open and calls to the current members are placed. */
  async join(code: string, passcode?: string): Promise<void> {
    this.passcode = passcode;
    this.emit({ phase: 'joining', code, error: null });
    let opening: Promise<void> | undefined;
    try {
      // The peer id is the reader's uid, so the signaling socket opens while the join request is in flight
      // (the server only relays offers between room-mates, and calls start after the join anyway).
      const warm = this.deps.warmPeer;
      // A warm socket is usable when it is this reader's and was opened for this room (its path carries the
      // code, so behind a load balancer it reached the node holding the room).
      const usable =
        warm && !warm.destroyed && !warm.disconnected && warm.id === this.deps.self.uid && peerPathIsFor(warm.options.path, code);
      if (warm && !usable) warm.destroy();
      opening = usable
        ? this.adoptPeer(warm)
        : this.deps.rooms.peerOptions(code).then((server) => this.openPeer(this.deps.self.uid, server, []));
      opening.catch(() => {});
      mark('join-sent');
      const joined = await this.deps.rooms.join(code, {
        passcode,
        displayName: this.deps.self.displayName,
        level: this.deps.self.level,
        ...(this.restore ? { restore: this.restore } : {}),
        ...(this.grant ? { rejoinGrant: this.grant } : {}),
      });
      mark('join-answered');
      this.rememberRoom(joined);
      this.learnNames(joined.members);
      await opening;
      mark('peer-open');
      if (joined.peerId !== this.peer?.id || !samePeerPath(this.peerPath, joined.peer.path)) {
        this.teardownPeer();
        await this.openPeer(joined.peerId, joined.peer, joined.iceServers);
      }
      // ICE servers (TURN credentials) arrive with the join; PeerJS reads them for each new connection.
      if (this.peer) this.peer.options.config = { ...this.peer.options.config, ...this.iceConfig(joined.iceServers) };
      this.emit({ phase: 'in-room', code: joined.code, selfPeerId: joined.peerId });
      for (const m of joined.members) if (m.peerId !== joined.peerId) this.connectTo(m.peerId, m);
      mark('calls-placed');
      this.startTimers();
      addEventListener('online', this.onOnline);
      addEventListener('pagehide', this.onPageHide);
    } catch (err) {
      this.emit({ phase: 'error', error: err instanceof RoomsApiError ? err.code : 'server_unreachable' });
      // A failed join ends this session for good: no reconnects (destroying the peer emits "disconnected"),
      // or a zombie session would keep rejoining and take the reader's socket from their next attempt.
      this.disposed = true;
      // The early signaling socket may still be opening: let it settle, then close it.
      await opening?.catch(() => {});
      this.teardownPeer();
      throw err;
    }
  }

  private openPeer(
    peerId: string,
    server: { host: string; port: number; path: string; secure: boolean; key: string; token: string },
    iceServers: RTCIceServer[],
  ) {
    const options = { ...server, config: this.iceConfig(iceServers), debug: 0 };
    const peer = this.deps.createPeer ? this.deps.createPeer(peerId, options) : new Peer(peerId, options);
    return this.adoptPeer(peer, server.path);
  }

  /** Make `peer` this session's signaling connection; resolves when it is open (at once if it already is). */
  private adoptPeer(peer: Peer, path: string | undefined = peer.options?.path) {
    return new Promise<void>((resolve, reject) => {
      this.peer = peer;
      this.peerPath = path;
      let opened = false;
      const onOpen = () => {
        opened = true;
        this.reconnectAttempt = 0;
        resolve();
      };
      peer.on('open', onOpen);
      if (peer.open) onOpen();
      peer.on('connection', (conn) => this.acceptData(conn));
      peer.on('call', (call) => this.acceptCall(call));
      // ICE restart offers and answers from room-mates (ice-recovery.ts) ride on the signalling socket.
      peer.socket?.on?.('message', (message: unknown) => this.onSignal(peer, message));
      peer.on('disconnected', () => {
        if (this.disposed) return;
        this.emit({ phase: 'reconnecting' });
        this.scheduleReconnect();
      });
      peer.on('error', (err) => {
        const type = (err as { type?: string }).type;
        if (type === 'peer-unavailable') {
          // A member we tried to reach is gone: the watchdog removes it.
          return;
        }
        if (!opened) {
          reject(err);
          return;
        }
        if (String((err as Error).message ?? '').startsWith('session_replaced')) {
          // This account opened the room in another panel: that one has the seat now. Do not fight it.
          this.emit({ phase: 'error', error: 'session_replaced' });
          this.dispose();
          return;
        }
        if (
          type === 'network' ||
          type === 'server-error' ||
          type === 'socket-error' ||
          type === 'socket-closed' ||
          type === 'unavailable-id'
        ) {
          this.emit({ phase: 'reconnecting' });
          this.scheduleReconnect();
        }
      });
    });
  }

  private rememberRoom(joined: JoinResult) {
    this.room = joined.room;
    this.restore = {
      capacity: joined.room.capacity,
      name: joined.room.name,
      ...(joined.restoreTicket ? { ticket: joined.restoreTicket } : {}),
    };
    if (joined.rejoinGrant) this.grant = joined.rejoinGrant;
  }

  /** Ask for a fresh rejoin grant (it lasts about as long as the rejoin offer), so it is valid when the panel closes. */
  private refreshGrant() {
    const code = this.state.code;
    if (!code || this.disposed || !this.deps.rooms.rejoinGrant) return;
    this.deps.rooms
      .rejoinGrant(code)
      .then((grant) => {
        if (grant && !this.disposed && this.state.code === code) this.grant = grant;
      })
      .catch(() => {});
  }

  private scheduleReconnect(delay?: number) {
    if (this.disposed || this.reconnectTimer || this.state.code === null) return;
    const wait = delay ?? BACKOFF_MS[Math.min(this.reconnectAttempt, BACKOFF_MS.length - 1)]!;
    this.reconnectAttempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.rejoin().catch(() => this.scheduleReconnect());
    }, wait);
  }

  /**
   * Signaling came back (or the network changed): get a fresh ticket, open a new signaling socket with the
   * same peer id, rejoin the same room, and call any member we are not connected to. Media calls that
   * survived the outage (they are peer to peer) are kept.
   */
  private async rejoin() {
    const code = this.state.code;
    if (!code || this.disposed) return;
    const joined = await this.deps.rooms.join(code, {
      passcode: this.passcode,
      displayName: this.deps.self.displayName,
      level: this.deps.self.level,
      restore: this.restore,
      ...(this.grant ? { rejoinGrant: this.grant } : {}),
    });
    const old = this.peer;
    if (old && !old.destroyed) {
      // A fresh Peer is more reliable than reconnect() after a server restart; keep live calls (destroying
      // the old Peer would close them). Its socket may still be open (the network came back before it was
      // noticed as gone): the server tells it `session_replaced` when the new one opens, which is ours, so
      // the old one must no longer speak for the session.
      old.removeAllListeners('disconnected');
      old.removeAllListeners('error');
      old.on('error', () => {});
    }
    this.rememberRoom(joined);
    this.learnNames(joined.members);
    await this.openPeer(joined.peerId, joined.peer, joined.iceServers);
    this.emit({ phase: 'in-room', selfPeerId: joined.peerId });
    for (const m of joined.members) {
      if (m.peerId === joined.peerId) continue;
      const link = this.links.get(m.peerId);
      // A call whose path is only interrupted comes back by itself or by an ICE restart: redialling it
      // would tear it down. Its data connection, if that closed, is dialled again on its own.
      if (!link || !callUsable(link)) this.connectTo(m.peerId, m);
      else if (!link.data?.open) this.dialData(link);
    }
  }

  /**
   * The RTCConfiguration for new connections: the ICE servers of the latest join and, with "always relay",
   * iceTransportPolicy 'relay' (only when a TURN server is offered: relay-only without one never connects).
   */
  private iceConfig(iceServers: RTCIceServer[]): RTCConfiguration {
    const hasTurn = iceServers.some((s) => [s.urls].flat().some((u) => /^turns?:/i.test(u)));
    const relay = this.deps.relayOnly ? (hasTurn ? 'on' : 'unavailable') : 'off';
    if (relay !== this.state.relay) this.state = { ...this.state, relay };
    return relay === 'on' ? { iceServers, iceTransportPolicy: 'relay' } : { iceServers };
  }

  /** A signalling frame for this session's peer: ICE restart offers and answers (anything else is PeerJS's). */
  private onSignal(peer: Peer, message: unknown) {
    if (peer !== this.peer || this.disposed || typeof message !== 'object' || message === null) return;
    const { type, src, payload } = message as { type?: unknown; src?: unknown; payload?: unknown };
    if (type !== 'CANDIDATE' || typeof src !== 'string' || typeof payload !== 'object' || payload === null) return;
    if ((payload as { chaekbang?: unknown }).chaekbang !== 'ice-restart') return;
    void this.recovery.receive(src, payload, (from, connectionId) => {
      const link = this.links.get(from);
      if (link?.media?.connectionId === connectionId) return link.media.peerConnection ?? undefined;
      if (link?.data?.connectionId === connectionId) return link.data.peerConnection ?? undefined;
      return undefined;
    });
  }

  /**
   * The rooms API answered that this room does not exist while this session is in it (room-sync's poll): rejoin
   * now. The join carries the restore ticket, so the room is re-created where its code is served, and the new
   * signalling socket follows it there; calls that still flow are kept (see rejoin()).
   */
  roomLost() {
    if (this.disposed || this.state.phase !== 'in-room' || this.reconnectTimer) return;
    this.scheduleReconnect(0);
  }

  /** What the ICE restarts of this session did so far (diagnostics; the network-drop e2e logs it). */
  get iceRecoveryStats(): Readonly<IceRecovery['stats']> {
    return { ...this.recovery.stats };
  }

  /** Names from the server's member list: the one name each verified uid joined with. */
  private learnNames(members: readonly { peerId: string; displayName: string; guest?: boolean }[]) {
    let changed = false;
    for (const m of members) {
      if (m.guest) this.serverGuests.add(m.peerId);
      else this.serverGuests.delete(m.peerId);
      const guestLink = this.links.get(m.peerId);
      if (guestLink && guestLink.member.guest !== (m.guest === true)) {
        guestLink.member.guest = m.guest === true;
        changed = true;
      }
      const name = DisplayNameSchema.safeParse(m.displayName);
      if (!name.success) continue;
      this.serverNames.set(m.peerId, name.data);
      const link = this.links.get(m.peerId);
      if (link && link.member.displayName !== name.data) {
        link.member.displayName = name.data;
        changed = true;
      }
    }
    if (changed) this.emit();
  }

  /** Someone joined after us: ask the rooms API for their name (one request at a time). */
  private refreshNames() {
    const code = this.state.code;
    if (!code || this.namesRefresh || this.disposed) return;
    this.namesRefresh = this.deps.rooms
      .members(code)
      .then((members) => {
        if (members && !this.disposed) this.learnNames(members);
      })
      .catch(() => {})
      .finally(() => {
        this.namesRefresh = null;
      });
  }

  private ensureLink(peerId: string, info?: { uid?: string }): Link {
    let link = this.links.get(peerId);
    if (!link) {
      const known = this.serverNames.get(peerId);
      const created: Link = {
        member: {
          peerId,
          uid: info?.uid ?? peerId,
          displayName: known ?? '…',
          level: null,
          guest: this.serverGuests.has(peerId),
          muted: false,
          cameraOff: false,
          stream: null,
          media: 'connecting',
          lastSeen: this.now(),
        },
        tokens: this.limit.burst,
        refilledAt: this.now(),
      };
      link = created;
      this.links.set(peerId, created);
    }
    return link;
  }

  /**
   * The member is there (their first frame is shown, their media has flowed a while, or their data channel
   * opened): look their name up, and watch their level a little later (LEVEL_WATCH_DELAY_MS). Not earlier: a
   * Firestore listener and a rooms API request started while the call is being set up compete with it for the
   * panel's main thread and the network.
   */
  private arrived(link: Link) {
    if (link.arrived || this.links.get(link.member.peerId) !== link) return;
    link.arrived = true;
    const peerId = link.member.peerId;
    if (!this.serverNames.has(peerId)) this.refreshNames();
    const levels = this.deps.levels;
    if (!levels) return;
    // The level shown on a tile is the member's own stats, whatever their hello claims. Its listener starts
    // LEVEL_WATCH_DELAY_MS later (see there); stopLevel cancels either the wait or the listener.
    let stop: (() => void) | undefined;
    const wait = setTimeout(() => {
      if (this.disposed || this.links.get(peerId) !== link) return;
      stop = levels.watch(peerId, (level) => {
        if (this.links.get(peerId) !== link || link.member.level === level) return;
        link.member.level = level;
        this.emit();
      });
    }, LEVEL_WATCH_DELAY_MS);
    link.stopLevel = () => {
      clearTimeout(wait);
      stop?.();
    };
  }

  /**
   * We initiate (to a member who was in the room before us): the media call now, the data connection once
   * the call is answered (DIAL). Only the joiner dials, so the two sides never call each other at once.
   */
  private connectTo(peerId: string, info?: { uid?: string }) {
    const peer = this.peer;
    if (!peer || peer.destroyed) return;
    const link = this.ensureLink(peerId, info);
    link.member.lastSeen = this.now();
    this.cancelDataDial(link);
    link.data?.close();
    link.media?.close();
    link.dials = (link.dials ?? 0) + 1;
    link.outgoing = true;
    link.up = false;
    const call = peer.call(peerId, this.deps.localStream, { metadata: { v: 1 } });
    this.wireCall(link, call);
    link.dataDial = setTimeout(() => {
      this.dialData(link);
      this.dialHeldData();
    }, DIAL.dataFallbackMs);
    this.emit();
  }

  /**
   * The view shows the first remote frame of `peerId`'s call: the call is up, so what waited for it follows
   * now (our data connection, the member's level and name) instead of after DIAL.afterFlowingMs.
   */
  mediaShown(peerId: string) {
    const link = this.links.get(peerId);
    if (link?.media && link.member.stream && !this.disposed) this.callUp(link);
  }

  /** The link's call is up: our data connection follows (dialHeldData), and the member has arrived. */
  private callUp(link: Link) {
    if (this.disposed || this.links.get(link.member.peerId) !== link) return;
    link.up = true;
    this.dialHeldData();
    this.arrived(link);
  }

  /**
   * The data connections we owe to members whose calls are up, dialled together once none of the calls we placed
   * is still being set up. Each is an RTCPeerConnection of its own (PeerJS opens one for data beside the one for
   * media), whose set-up would share WebRTC's threads, on both sides, with the calls still connecting: a reader
   * joining a 3-way call would otherwise open data to the first member to show a frame while the other two calls
   * negotiate. A call that fails is dialled at once (see wireCall), and DIAL.dataFallbackMs after its call was
   * placed each one is dialled anyway.
   */
  private dialHeldData() {
    const owed = [...this.links.values()].filter((l) => l.dataDial !== undefined);
    if (owed.some((l) => !l.up)) return;
    for (const l of owed) this.dialData(l);
  }

  /** Open our data connection to a link's member now (the call is up, closed, or took too long). */
  private dialData(link: Link) {
    this.cancelDataDial(link);
    const peer = this.peer;
    const peerId = link.member.peerId;
    if (this.disposed || !peer || peer.destroyed || this.links.get(peerId) !== link) return;
    link.data?.close();
    const data = peer.connect(peerId, { reliable: true, serialization: 'json', metadata: { v: 1 } });
    this.wireData(link, data);
  }

  private cancelDataDial(link: Link) {
    if (link.dataDial === undefined) return;
    clearTimeout(link.dataDial);
    link.dataDial = undefined;
  }

  /** Both sides may call each other at once: keep the connection initiated by the smaller peer id. */
  private keepIncoming(remoteId: string, existing: DataConnection | MediaConnection | undefined): boolean {
    if (!existing?.open) return true;
    // Ours lost its path (the member comes back from a network drop and dials again): theirs replaces it.
    const ice = existing.peerConnection?.iceConnectionState;
    if (ice === 'disconnected' || ice === 'failed' || ice === 'closed') return true;
    const selfId = this.peer?.id ?? '';
    return remoteId < selfId;
  }

  private acceptData(conn: DataConnection) {
    const link = this.ensureLink(conn.peer);
    // The member who placed the call owns the data connection: theirs always replaces ours (after a network
    // drop they dial it afresh while ours may still look open). Otherwise the smaller id settles a race.
    if (link.outgoing && !this.keepIncoming(conn.peer, link.data)) {
      conn.close();
      return;
    }
    link.data?.close();
    this.wireData(link, conn);
    this.emit();
  }

  private acceptCall(call: MediaConnection) {
    const link = this.ensureLink(call.peer);
    if (!this.keepIncoming(call.peer, link.media)) {
      call.close();
      return;
    }
    // Their call replaces ours (if any): they dial the data connection now, not us.
    this.cancelDataDial(link);
    link.media?.close();
    link.outgoing = false;
    call.answer(this.deps.localStream);
    this.wireCall(link, call);
    this.emit();
  }

  private wireData(link: Link, conn: DataConnection) {
    link.data = conn;
    this.recovery.watch(conn.peer, conn);
    conn.on('open', () => {
      link.opened = true;
      link.member.lastSeen = this.now();
      this.arrived(link);
      this.sendTo(conn, this.hello());
      // Each member speaks only for itself: a late joiner gets our own card and lines from us, and the rest
      // from their authors.
      const self = this.state.selfPeerId;
      const card = this.state.bookCard?.sharedBy === self ? this.state.bookCard : null;
      this.sendTo(
        conn,
        buildStateMessage(
          card,
          this.state.chat.filter((c) => c.from === self),
        ),
      );
      this.emit();
    });
    conn.on('data', (raw) => this.receive(link, raw));
    conn.on('close', () => {
      if (link.data === conn) link.data = undefined;
    });
    conn.on('error', () => {});
  }

  private wireCall(link: Link, call: MediaConnection) {
    link.media = call;
    link.member.media = 'connecting';
    // The stream waiting for our answer to be set (afterAnswer): PeerJS fires "stream" once per track.
    let waiting: MediaStream | null = null;
    call.on('stream', (stream) => {
      if (link.media !== call || waiting === stream) return;
      // The call was answered. Once it is up (first frame shown, or media flowing for a while): our data
      // connection (DIAL), the member's level and name.
      if (link.member.stream !== stream)
        whenFlowing(stream, () => {
          setTimeout(() => link.media === call && this.callUp(link), DIAL.afterFlowingMs);
        });
      // PeerJS fires "stream" once per track: assign once (the stream object carries both tracks), render once.
      if (link.member.stream === stream && link.member.media === 'live') return;
      // Answering, the stream arrives with their offer, before our answer exists: the tile (a render, the grid's
      // layout, a <video> started) waits until the answer is set, so the answer leaves first.
      waiting = stream;
      afterAnswer(call.peerConnection, () => {
        waiting = null;
        if (link.media !== call) return;
        // A live call is a sign of life (the watchdog counts from here while the data connection opens).
        link.member.lastSeen = this.now();
        link.member.stream = stream;
        link.member.media = 'live';
        this.emit();
      });
    });
    call.on('close', () => {
      if (link.media === call) {
        link.media = undefined;
        link.member.media = 'failed';
        // No media: the data connection still carries the chat (and tells the watchdog the member is there).
        if (link.dataDial !== undefined) this.dialData(link);
        this.dialHeldData();
        this.emit();
      }
    });
    call.on('error', () => {});
    this.recovery.watch(call.peer, call);
    const pc = call.peerConnection;
    pc?.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed' && link.media === call) {
        link.member.media = 'failed';
        this.emit();
        // Re-call from the side with the smaller id so both do not race.
        if ((this.peer?.id ?? '') < call.peer) this.connectTo(call.peer, link.member);
      }
    });
  }

  /** Count a dropped message; the panel hears the count at most every DROP_REPORT_MS, so a flood cannot freeze it. */
  private drop(count = 1) {
    this.state = { ...this.state, dropped: this.state.dropped + count };
    if (this.dropReport) return;
    this.dropReport = setTimeout(() => {
      this.dropReport = null;
      this.emit();
    }, DROP_REPORT_MS);
  }

  /** Take one message from the sender's budget; false when they are over the limit. */
  private withinLimit(link: Link): boolean {
    const now = this.now();
    const elapsed = Math.max(0, now - link.refilledAt);
    link.tokens = Math.min(this.limit.burst, link.tokens + (elapsed * this.limit.perSecond) / 1000);
    link.refilledAt = now;
    if (link.tokens < 1) return false;
    link.tokens -= 1;
    return true;
  }

  /** Add lines to the history (by author and id, so no one can shadow another's line), oldest first. */
  private addChat(lines: readonly ChatLine[]) {
    const key = (c: ChatLine) => `${c.from}\u0000${c.id}`;
    const have = new Set(this.state.chat.map(key));
    const fresh = lines.filter((c) => !have.has(key(c)));
    if (fresh.length === 0) return false;
    this.state.chat = [...this.state.chat, ...fresh].sort((a, b) => a.sentAt - b.sentAt).slice(-CHAT_KEEP);
    return true;
  }

  private receive(link: Link, raw: unknown) {
    if (!this.withinLimit(link)) {
      this.drop();
      return;
    }
    const parsed = parsePeerMessage(raw);
    if (!parsed.ok) {
      this.drop();
      return;
    }
    link.member.lastSeen = this.now();
    link.graces = 0;
    // The data channel's remote id is the sender's uid, verified by the server when their socket opened.
    const sender = link.member.peerId;
    const msg = parsed.message;
    switch (msg.type) {
      case 'hello':
        link.member.uid = sender;
        // The server's member list names each uid; the claim is only a fallback. A claimed level is ignored.
        link.member.displayName = this.serverNames.get(sender) ?? msg.displayName;
        link.member.muted = msg.muted;
        link.member.cameraOff = msg.cameraOff;
        break;
      case 'state': {
        // A member speaks only for itself: its own card and its own lines; anything else is a forgery.
        const forged =
          msg.chat.filter((c) => c.from !== sender).length + (msg.bookCard && msg.bookCard.sharedBy !== sender ? 1 : 0);
        if (forged > 0) this.drop(forged);
        if (!this.state.bookCard && msg.bookCard?.sharedBy === sender) this.state.bookCard = msg.bookCard;
        this.addChat(msg.chat.filter((c) => c.from === sender).map((c) => ({ ...c, fromName: link.member.displayName })));
        break;
      }
      case 'chat':
        if (!this.state.chat.some((c) => c.id === msg.id && c.from === sender)) {
          const entry: ChatLine = {
            id: msg.id,
            from: sender,
            fromName: link.member.displayName,
            text: msg.text,
            sentAt: msg.sentAt,
          };
          this.state.chat = [...this.state.chat, entry].slice(-CHAT_KEEP);
        }
        break;
      case 'mute':
        link.member.muted = msg.muted;
        link.member.cameraOff = msg.cameraOff;
        break;
      case 'book-card':
        if (msg.card.sharedBy !== sender) {
          this.drop();
          return;
        }
        this.state.bookCard = msg.card;
        break;
      case 'book-card-clear':
        // Only the sharer takes their card down.
        if (this.state.bookCard?.sharedBy !== sender) return;
        this.state.bookCard = null;
        break;
      case 'goodbye':
        this.removeMember(link.member.peerId);
        return;
      case 'ping':
        if (link.data?.open) this.sendTo(link.data, { type: 'pong', id: msg.id, sentAt: msg.sentAt });
        return;
      case 'pong':
        return;
      case 'room-changed':
      case 'sprint-result':
        for (const listener of this.roomEvents) listener(sender, msg);
        return;
    }
    this.emit();
  }

  private removeMember(peerId: string) {
    const link = this.links.get(peerId);
    if (!link) return;
    this.links.delete(peerId);
    this.cancelDataDial(link);
    link.stopLevel?.();
    link.data?.close();
    link.media?.close();
    // A member who left mid-join no longer holds the others' data connections back.
    this.dialHeldData();
    this.emit(this.state.speakerPeerId === peerId ? { speakerPeerId: null } : {});
  }

  private startTimers() {
    this.timers.push(
      setInterval(() => {
        const now = this.now();
        const pingId = `p${now.toString(36)}`;
        for (const link of [...this.links.values()]) {
          if (link.data?.open) this.sendTo(link.data, { type: 'ping', id: pingId, sentAt: now });
          if (now - link.member.lastSeen <= WATCHDOG.goneAfterMs) continue;
          const alive = callConnected(link) || this.recovery.recovering(link.media?.peerConnection);
          if (link.opened && alive && (link.graces ?? 0) < WATCHDOG.graceRounds) {
            link.graces = (link.graces ?? 0) + 1;
            link.member.lastSeen = now;
            continue;
          }
          if (!link.opened && (link.dials ?? 0) < WATCHDOG.dialAttempts) this.redialIfStillThere(link);
          else this.removeMember(link.member.peerId);
        }
      }, WATCHDOG.pingEveryMs),
      setInterval(() => this.refreshGrant(), GRANT_REFRESH_MS),
    );
  }

  /**
   * A link that never opened: dial again, unless the server says the member has left meanwhile (they left
   * before their data channel opened, so no goodbye reached us: dialling a departed member only waits out
   * more watchdog rounds). When the server cannot be asked, dial anyway. A call that is live is kept: only
   * the data connection is dialled again, by the side that placed the call (under load it can lag the media
   * by seconds; redialling the call too would start the slow part over); the side that answered waits.
   */
  private redialIfStillThere(link: Link) {
    const code = this.state.code;
    const peerId = link.member.peerId;
    if (link.checking || !code) return;
    link.checking = true;
    const current = () => !this.disposed && this.links.get(peerId) === link;
    this.deps.rooms.members(code).then(
      (members) => {
        link.checking = false;
        if (!current()) return;
        if (members && !members.some((m) => m.peerId === peerId)) {
          this.removeMember(peerId);
          return;
        }
        if (members) this.learnNames(members);
        this.dialAgain(link);
      },
      () => {
        link.checking = false;
        if (current()) this.dialAgain(link);
      },
    );
  }

  private dialAgain(link: Link) {
    if (link.member.media === 'live' && link.media?.open) {
      link.dials = (link.dials ?? 0) + 1;
      link.member.lastSeen = this.now();
      // The side that placed the call dials the data connection; the side that answered waits for it (both
      // dialling would make each close the other's as it accepts its own).
      if (link.outgoing) this.dialData(link);
    } else this.connectTo(link.member.peerId, link.member);
  }

  private sendTo(conn: DataConnection, message: PeerMessage) {
    try {
      conn.send(message);
    } catch {
      // The channel closed under us: the watchdog handles the member.
    }
  }

  private broadcast(message: PeerMessage) {
    for (const link of this.links.values()) if (link.data?.open) this.sendTo(link.data, message);
  }

  private hello(): PeerMessage {
    return {
      type: 'hello',
      v: 1,
      displayName: this.deps.self.displayName,
      ...(this.deps.self.level === null ? {} : { level: this.deps.self.level }),
      muted: this.state.muted,
      cameraOff: this.state.cameraOff,
    };
  }

  /** The reader's name or level changed (a finished book levels them up): tell the room. */
  updateSelf(self: Partial<Pick<SelfInfo, 'displayName' | 'level'>>) {
    const next = { ...this.deps.self, ...self };
    if (next.displayName === this.deps.self.displayName && next.level === this.deps.self.level) return;
    this.deps.self = next;
    this.broadcast(this.hello());
  }

  /** Hear validated room events from other members (`from` is the sender's verified peer id). */
  onRoomEvent(listener: (from: string, message: RoomEventMessage) => void): () => void {
    this.roomEvents.add(listener);
    return () => this.roomEvents.delete(listener);
  }

  /** Send a room event to every member. */
  sendRoomEvent(message: RoomEventMessage) {
    this.broadcast(message);
  }

  sendChat(text: string) {
    const trimmed = text.trim().slice(0, 500);
    if (!trimmed) return;
    const line: ChatLine = {
      id: crypto.randomUUID(),
      from: this.state.selfPeerId ?? this.deps.self.uid,
      fromName: this.deps.self.displayName,
      text: trimmed,
      sentAt: this.now(),
    };
    this.state.chat = [...this.state.chat, line].slice(-CHAT_KEEP);
    this.broadcast({ type: 'chat', id: line.id, text: line.text, sentAt: line.sentAt });
    this.emit();
  }

  shareBook(card: BookCard | null) {
    this.state.bookCard = card;
    this.broadcast(card ? { type: 'book-card', card } : { type: 'book-card-clear' });
    this.emit();
  }

  setMuted(muted: boolean) {
    for (const t of this.deps.localStream.getAudioTracks()) t.enabled = !muted;
    this.state.muted = muted;
    this.broadcast({ type: 'mute', muted, cameraOff: this.state.cameraOff });
    this.emit();
  }

  setCameraOff(cameraOff: boolean) {
    for (const t of this.deps.localStream.getVideoTracks()) t.enabled = !cameraOff;
    this.state.cameraOff = cameraOff || this.deps.localStream.getVideoTracks().length === 0;
    this.broadcast({ type: 'mute', muted: this.state.muted, cameraOff: this.state.cameraOff });
    this.emit();
  }

  /** What this session knows of its room (settings and the latest restore ticket), to rejoin it later. */
  get roomRestore(): RoomRestore | undefined {
    return this.restore;
  }

  /** The room as the server described it when this session last joined (undefined before). */
  get joinedRoom(): RoomSummary | undefined {
    return this.room;
  }

  /** The latest rejoin grant for this room (kept for a "rejoin" offer instead of the passcode). */
  get rejoinGrant(): string | undefined {
    return this.grant;
  }

  /**
   * Put a new camera track in place of the old one (which ended: unplugged, permission withdrawn), in the
   * local stream and in every call, without redialling anyone.
   */
  async replaceVideoTrack(track: MediaStreamTrack) {
    const stream = this.deps.localStream;
    for (const old of stream.getVideoTracks()) {
      stream.removeTrack(old);
      old.stop();
    }
    stream.addTrack(track);
    track.enabled = !this.state.cameraOff;
    const swaps: Promise<void>[] = [];
    for (const link of this.links.values()) {
      for (const tr of link.media?.peerConnection?.getTransceivers() ?? []) {
        if (tr.receiver.track.kind === 'video' && tr.currentDirection !== 'stopped')
          swaps.push(tr.sender.replaceTrack(track).catch(() => {}));
      }
    }
    await Promise.all(swaps);
  }

  setSpeaker(peerId: string | null) {
    if (peerId !== this.state.speakerPeerId) this.emit({ speakerPeerId: peerId });
  }

  /** Leave: say goodbye, close every connection, tell the server. */
  async leave() {
    const code = this.state.code;
    this.broadcast({ type: 'goodbye' });
    this.dispose();
    this.emit({ phase: 'left' });
    if (code) await this.deps.rooms.leave(code).catch(() => {});
  }

  private teardownPeer() {
    for (const link of this.links.values()) {
      this.cancelDataDial(link);
      link.stopLevel?.();
      link.data?.close();
      link.media?.close();
    }
    this.links.clear();
    const peer = this.peer;
    this.peer = null;
    if (peer) {
      peer.removeAllListeners('disconnected');
      peer.removeAllListeners('error');
      peer.on('error', () => {});
      peer.destroy();
    }
  }

  /**
   * End at once, without waiting for anything (the panel is closing): goodbye to everyone, every connection
   * and the signaling socket closed, every local track stopped. The server notices the socket closing.
   */
  end() {
    if (this.disposed) return;
    this.broadcast({ type: 'goodbye' });
    this.dispose(0);
    for (const track of this.deps.localStream.getTracks()) track.stop();
    this.emit({ phase: 'left' });
  }

  dispose(teardownAfterMs = 150) {
    this.disposed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.dropReport) clearTimeout(this.dropReport);
    this.dropReport = null;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.recovery.dispose();
    removeEventListener('online', this.onOnline);
    removeEventListener('pagehide', this.onPageHide);
    // Give the goodbye a moment to leave before the channels close (unless the page is going away).
    if (teardownAfterMs <= 0) this.teardownPeer();
    else setTimeout(() => this.teardownPeer(), teardownAfterMs);
  }
}
