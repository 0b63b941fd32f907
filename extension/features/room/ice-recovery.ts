import { type IceRestartSignal, IceRestartSignalSchema } from '../../../shared/schemas/ice-restart';

/**
 * Healing a connection whose network path broke (Wi-Fi to mobile, a dropped hotspot, a relay that went
 * away) without hanging up: an ICE restart first; the session's rejoin and the watchdog after that.
 *
 * - A connection whose ICE state turns `disconnected` gets `restartAfterMs` to come back by itself (a short
 *   loss of packets often does); then ONE side restarts ICE: the side with the smaller peer id (the same
 *   rule that settles redials), so the two never send offers at once. The offer, with every candidate
 *   gathered (no trickle: the other side may be on a fresh signalling socket that PeerJS no longer links to
 *   this call), goes through the signalling socket as an IceRestartSignal; the other side answers the same way.
 * - The offer stays pending until its answer arrives, however late (an ICE restart keeps the old path in use
 *   meanwhile, so a call that comes back by itself is not disturbed). Until then the same offer is sent
 *   again every `resendMs` while the path is still down: the other side answers it (again, if it already
 *   did), so both always end on the same ICE generation. Never a rollback, never a second generation.
 * - Back to `connected`: healed, same call, same tile.
 * - After a break of `redialDataAfterMs` or more, the side that placed the call dials the data connection
 *   afresh when the path is back (its SCTP retransmissions back off for seconds; the watchdog needs pings).
 * - A reader whose browser says it is offline neither restarts nor answers a restart (it could gather no
 *   path); a connection that turns `failed` is closed by PeerJS itself and the engine redials it.
 * The room's watchdog gives a member whose call is being recovered the same grace as a connected call
 * (WATCHDOG.graceRounds more rounds; the tile says "connecting" meanwhile), so a restart has time to work;
 * a member whose call stays broken is removed, and the reader whose network went away rejoins the room and
 * dials again when it is back.
 */
export const ICE_RECOVERY = { restartAfterMs: 1000, resendMs: 3000, gatherMs: 2000, redialDataAfterMs: 3000 } as const;

export type RecoveryHost = {
  /** This session's peer id (null while it has none). */
  selfId(): string | null;
  /** Send a restart frame to a member through the current signalling socket; false when it is down. */
  signal(to: string, frame: IceRestartSignal): boolean;
  /** Is `pc` still the current connection of this kind with that member (not replaced, not closed)? */
  current(remoteId: string, pc: RTCPeerConnection): boolean;
  /** The connection's path broke (ICE disconnected), or came back after `brokenForMs`. */
  changed(remoteId: string, pc: RTCPeerConnection, broken: boolean, brokenForMs: number): void;
  /** An ICE restart brought the connection back. */
  healed(remoteId: string, pc: RTCPeerConnection): void;
  /** Is this browser online (navigator.onLine)? */
  online(): boolean;
};

type Watch = {
  remoteId: string;
  connectionId: string;
  /** When the path broke (ICE disconnected), or null while it is up. */
  brokenSince: number | null;
  restartTimer?: ReturnType<typeof setTimeout>;
  /** Our pending restart offer (sent, not answered yet). */
  offer?: string;
  /** A restart (offer or answer) is in progress on this connection: count a heal. */
  restarting: boolean;
  /** The offer we last answered and our answer to it (an offer sent again gets the same answer again). */
  answered?: { offer: string; answer: string };
};

const isUp = (state: RTCIceConnectionState) => state === 'connected' || state === 'completed';

/** Resolve when the connection has gathered its candidates (or after `ms`, with what it has). */
function gathered(pc: RTCPeerConnection, ms: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, ms);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export class IceRecovery {
  private watches = new Map<RTCPeerConnection, Watch>();
  private disposed = false;
  /** Restarts sent, and those that brought their connection back (for the call's diagnostics and tests). */
  readonly stats = { restarts: 0, offersSent: 0, healed: 0, answered: 0 };

  constructor(
    private host: RecoveryHost,
    private now: () => number = Date.now,
  ) {}

  /** Start watching a call's or data connection's RTCPeerConnection (once per connection). */
  watch(remoteId: string, conn: { connectionId: string; peerConnection?: RTCPeerConnection | null }) {
    const pc = conn.peerConnection;
    if (!pc || this.watches.has(pc) || this.disposed) return;
    const w: Watch = { remoteId, connectionId: conn.connectionId, brokenSince: null, restarting: false };
    this.watches.set(pc, w);
    pc.addEventListener('iceconnectionstatechange', () => this.onState(pc, w));
  }

  /** The restarter of a pair: the smaller peer id (both sides agree without talking). */
  private restarter(remoteId: string): boolean {
    return (this.host.selfId() ?? '') < remoteId;
  }

  private onState(pc: RTCPeerConnection, w: Watch) {
    if (this.disposed) return;
    const state = pc.iceConnectionState;
    if (state === 'closed' || !this.host.current(w.remoteId, pc)) {
      this.forget(pc);
      return;
    }
    if (isUp(state)) {
      const brokenFor = w.brokenSince === null ? 0 : this.now() - w.brokenSince;
      const wasBroken = w.brokenSince !== null;
      const wasRestarting = w.restarting;
      // An offer still unanswered keeps being sent until its answer arrives (both must end on one generation).
      if (pc.signalingState !== 'have-local-offer') this.clear(w);
      w.brokenSince = null;
      w.restarting = false;
      if (wasRestarting) {
        this.stats.healed += 1;
        this.host.healed(w.remoteId, pc);
      }
      if (wasBroken) this.host.changed(w.remoteId, pc, false, brokenFor);
      return;
    }
    if (state === 'disconnected' && w.brokenSince === null) {
      w.brokenSince = this.now();
      this.host.changed(w.remoteId, pc, true, 0);
      if (this.restarter(w.remoteId)) w.restartTimer = setTimeout(() => void this.restart(pc, w), ICE_RECOVERY.restartAfterMs);
    }
    // `failed`: PeerJS closes the connection; the engine redials on close.
  }

  /** Send an ICE restart offer (`force`: even though ICE looks up, to bring both sides to one generation). */
  /** Offer an ICE restart, or send our pending offer again; then again every resendMs while still down. */
  private async restart(pc: RTCPeerConnection, w: Watch) {
    w.restartTimer = undefined;
    if (this.disposed || !this.host.current(w.remoteId, pc)) return;
    if (isUp(pc.iceConnectionState) && pc.signalingState !== 'have-local-offer') return;
    try {
      if (this.host.online()) {
        if (pc.signalingState === 'stable') {
          await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
          await gathered(pc, ICE_RECOVERY.gatherMs);
          if (this.disposed || !pc.localDescription || !this.host.current(w.remoteId, pc)) return;
          w.offer = pc.localDescription.sdp;
          w.restarting = true;
          this.stats.restarts += 1;
        }
        const offer = pc.signalingState === 'have-local-offer' ? (w.offer ?? pc.localDescription?.sdp) : undefined;
        if (offer) {
          const sent = this.host.signal(w.remoteId, {
            chaekbang: 'ice-restart',
            connection: w.connectionId,
            description: { type: 'offer', sdp: offer },
          });
          if (sent) this.stats.offersSent += 1;
        }
      }
    } catch {
      // The connection closed under us: the engine's close handling takes over.
    }
    this.again(pc, w, ICE_RECOVERY.resendMs);
  }

  /** Try again later, while the connection is still ours and still down (or its offer unanswered). */
  private again(pc: RTCPeerConnection, w: Watch, ms: number) {
    if (this.disposed || w.restartTimer || !this.host.current(w.remoteId, pc)) return;
    if (isUp(pc.iceConnectionState) && pc.signalingState !== 'have-local-offer') return;
    w.restartTimer = setTimeout(() => void this.restart(pc, w), ms);
  }

  /**
   * A restart frame from `from` (already known to be a member: the server relays between room-mates).
   * `find` returns our RTCPeerConnection with that member for a PeerJS connection id. Anything malformed,
   * unknown or out of turn is ignored.
   */
  async receive(from: string, raw: unknown, find: (from: string, connectionId: string) => RTCPeerConnection | undefined) {
    if (this.disposed) return;
    const parsed = IceRestartSignalSchema.safeParse(raw);
    if (!parsed.success) return;
    const { connection, description } = parsed.data;
    const pc = find(from, connection);
    const w = pc ? this.watches.get(pc) : undefined;
    if (!pc || !w || !this.host.current(from, pc)) return;
    try {
      if (description.type === 'offer') {
        // Only the restarter offers; we answer when we can (online, not mid-negotiation).
        if (this.restarter(from) || !this.host.online()) return;
        let answer = w.answered?.offer === description.sdp ? w.answered.answer : undefined;
        if (!answer) {
          if (pc.signalingState !== 'stable') return;
          await pc.setRemoteDescription(description);
          await pc.setLocalDescription(await pc.createAnswer());
          await gathered(pc, ICE_RECOVERY.gatherMs);
          if (!pc.localDescription || this.disposed) return;
          answer = pc.localDescription.sdp;
          w.answered = { offer: description.sdp, answer };
          w.restarting = true;
          this.stats.answered += 1;
        }
        this.host.signal(from, { chaekbang: 'ice-restart', connection, description: { type: 'answer', sdp: answer } });
      } else if (this.restarter(from) && pc.signalingState === 'have-local-offer') {
        // The answer to our pending offer (however late). Any other answer is stale or forged: ignored.
        await pc.setRemoteDescription(description);
        w.offer = undefined;
        if (w.restartTimer && isUp(pc.iceConnectionState)) this.clear(w);
      }
    } catch {
      // A description the browser refuses: nothing changes; the pending offer is sent again.
    }
  }

  private clear(w: Watch) {
    if (w.restartTimer) clearTimeout(w.restartTimer);
    w.restartTimer = undefined;
  }

  /** Is this connection's path broken and being recovered (waiting for, or in, an ICE restart)? */
  recovering(pc: RTCPeerConnection | null | undefined): boolean {
    return !!pc && (this.watches.get(pc)?.brokenSince ?? null) !== null;
  }

  forget(pc: RTCPeerConnection) {
    const w = this.watches.get(pc);
    if (!w) return;
    this.clear(w);
    this.watches.delete(pc);
  }

  dispose() {
    this.disposed = true;
    for (const w of this.watches.values()) this.clear(w);
    this.watches.clear();
  }
}
