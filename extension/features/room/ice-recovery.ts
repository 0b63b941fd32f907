import { type IceRestartSignal, IceRestartSignalSchema } from '../../../shared/schemas/ice-restart';

/**
 * Healing a connection whose network path broke (Wi-Fi to mobile, a dropped hotspot, a relay that went
 * away) without hanging up: an ICE restart first, a redial only when that fails.
 *
 * - A connection whose ICE state turns `disconnected` gets `restartAfterMs` to come back by itself (a short
 *   loss of packets often does); then ONE side restarts ICE: the side with the smaller peer id (the same
 *   rule that settles redials), so the two never send offers at once. The offer, with every candidate
 *   gathered (no trickle: the other side may be on a fresh signalling socket that PeerJS no longer links to
 *   this call), goes through the signalling socket as an IceRestartSignal; the other side answers the same way.
 * - Back to `connected` within `giveUpMs` of the restart: healed, same call, same tile.
 * - Not back by then: the offer is rolled back and the restart tried again (an ICE restart keeps the old
 *   path usable meanwhile, so trying again never hurts a call that is about to come back by itself; a
 *   redial would tear it down). The room's watchdog bounds how long: a member whose call stays broken is
 *   removed, and the reader whose network went away rejoins the room and dials again when it is back.
 * - After a break of `redialDataAfterMs` or more, the side that placed the call dials the data connection
 *   afresh when the path is back (its SCTP retransmissions back off for seconds; the watchdog needs pings).
 * - A reader whose browser says it is offline neither restarts nor answers a restart (it could gather no
 *   path); a connection that turns `failed` is closed by PeerJS itself and the engine redials it.
 * The room's watchdog gives a member whose call is being recovered the same grace as a connected call
 * (WATCHDOG.graceRounds more rounds; the tile says "connecting" meanwhile), so a restart has time to work.
 * While the session's signalling socket is down (the reader's own network is gone), no restart is sent:
 * the session rejoins when the network returns and redials what the watchdog removed meanwhile.
 */
export const ICE_RECOVERY = { restartAfterMs: 1000, giveUpMs: 4000, gatherMs: 2000, redialDataAfterMs: 3000 } as const;

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
  /** The restart did not bring it back within giveUpMs (it is tried again while the member stays). */
  gaveUp(remoteId: string, pc: RTCPeerConnection): void;
  /** Is this browser online (navigator.onLine)? */
  online(): boolean;
};

type Watch = {
  remoteId: string;
  connectionId: string;
  /** When the path broke (ICE disconnected), or null while it is up. */
  brokenSince: number | null;
  restartTimer?: ReturnType<typeof setTimeout>;
  giveUpTimer?: ReturnType<typeof setTimeout>;
  /** We sent a restart offer and are waiting for it to connect. */
  restarting: boolean;
  /** When we last gave up on (and rolled back) an offer: a late answer to it is expected for a while. */
  gaveUpAt?: number;
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
  readonly stats = { restarts: 0, healed: 0, gaveUp: 0, answered: 0, stale: 0 };

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
      this.clear(w);
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
  private async restart(pc: RTCPeerConnection, w: Watch, force = false) {
    w.restartTimer = undefined;
    if (this.disposed || !this.host.current(w.remoteId, pc) || (!force && isUp(pc.iceConnectionState))) return;
    if (pc.signalingState !== 'stable') return;
    if (!this.host.online()) {
      this.again(pc, w);
      return;
    }
    try {
      const offer = await pc.createOffer({ iceRestart: true });
      await pc.setLocalDescription(offer);
      await gathered(pc, ICE_RECOVERY.gatherMs);
      const description = pc.localDescription;
      if (this.disposed || !description || !this.host.current(w.remoteId, pc)) return;
      const sent = this.host.signal(w.remoteId, {
        chaekbang: 'ice-restart',
        connection: w.connectionId,
        description: { type: 'offer', sdp: description.sdp },
      });
      if (!sent) {
        // Our signalling is down too (our own network is gone): try again while the connection is still
        // ours and broken (the session reopens signalling; the watchdog ends a link that stays dead).
        await pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
        this.again(pc, w);
        return;
      }
      w.restarting = true;
      this.stats.restarts += 1;
      w.giveUpTimer = setTimeout(() => {
        w.giveUpTimer = undefined;
        if (this.disposed || !this.host.current(w.remoteId, pc) || isUp(pc.iceConnectionState)) return;
        w.restarting = false;
        w.gaveUpAt = this.now();
        this.stats.gaveUp += 1;
        this.host.gaveUp(w.remoteId, pc);
        const rollback = pc.signalingState === 'have-local-offer' ? pc.setLocalDescription({ type: 'rollback' }) : null;
        void Promise.resolve(rollback)
          .catch(() => {})
          .then(() => this.again(pc, w));
      }, ICE_RECOVERY.giveUpMs - ICE_RECOVERY.restartAfterMs);
    } catch {
      // The connection closed under us: the engine's close handling takes over.
    }
  }

  /** Try the restart again later, while the connection is still ours and still broken. */
  private again(pc: RTCPeerConnection, w: Watch) {
    if (this.disposed || w.restartTimer || !this.host.current(w.remoteId, pc) || w.brokenSince === null) return;
    if (isUp(pc.iceConnectionState)) return;
    w.restartTimer = setTimeout(() => void this.restart(pc, w), ICE_RECOVERY.restartAfterMs);
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
    if (!pc || !this.host.current(from, pc)) return;
    try {
      if (description.type === 'offer') {
        // Only the restarter offers; an offer from the other side of the pair, or mid-negotiation, is ignored.
        if (this.restarter(from) || pc.signalingState !== 'stable' || !this.host.online()) return;
        await pc.setRemoteDescription(description);
        await pc.setLocalDescription(await pc.createAnswer());
        await gathered(pc, ICE_RECOVERY.gatherMs);
        const answer = pc.localDescription;
        if (!answer || this.disposed) return;
        this.stats.answered += 1;
        this.host.signal(from, { chaekbang: 'ice-restart', connection, description: { type: 'answer', sdp: answer.sdp } });
      } else if (this.restarter(from)) {
        if (pc.signalingState === 'have-local-offer') {
          await pc.setRemoteDescription(description);
          return;
        }
        // An answer to an offer we gave up on and rolled back (it reached them late: their network was
        // away): they now run a newer ICE generation than we do. Restart again at once so both meet in one.
        const w = this.watches.get(pc);
        if (!w || w.restarting || pc.signalingState !== 'stable') return;
        if (w.gaveUpAt === undefined || this.now() - w.gaveUpAt > ICE_RECOVERY.giveUpMs * 3) return;
        w.gaveUpAt = undefined;
        this.clear(w);
        w.brokenSince ??= this.now();
        this.stats.stale += 1;
        await this.restart(pc, w, true);
      }
    } catch {
      // A description the browser refuses: nothing changes; the give-up timer redials if need be.
    }
  }

  private clear(w: Watch) {
    if (w.restartTimer) clearTimeout(w.restartTimer);
    if (w.giveUpTimer) clearTimeout(w.giveUpTimer);
    w.restartTimer = undefined;
    w.giveUpTimer = undefined;
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
