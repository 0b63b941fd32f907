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
 * - Not back by then: given up, and the room engine redials (a fresh call) from the same side.
 * - A connection that turns `failed` is closed by PeerJS itself: the engine's redial handles it.
 * The room's watchdog gives a member whose call is being recovered the same grace as a connected call
 * (WATCHDOG.graceRounds more rounds; the tile says "connecting" meanwhile), so a restart has time to work.
 * While the session's signalling socket is down (the reader's own network is gone), no restart is sent:
 * the session rejoins when the network returns and redials what the watchdog removed meanwhile.
 */
export const ICE_RECOVERY = { restartAfterMs: 1000, giveUpMs: 4000, gatherMs: 2000 } as const;

export type RecoveryHost = {
  /** This session's peer id (null while it has none). */
  selfId(): string | null;
  /** Send a restart frame to a member through the current signalling socket; false when it is down. */
  signal(to: string, frame: IceRestartSignal): boolean;
  /** Is `pc` still the current connection of this kind with that member (not replaced, not closed)? */
  current(remoteId: string, pc: RTCPeerConnection): boolean;
  /** The connection's path broke (ICE disconnected) or came back. */
  changed(remoteId: string, pc: RTCPeerConnection, broken: boolean): void;
  /** An ICE restart brought the connection back. */
  healed(remoteId: string, pc: RTCPeerConnection): void;
  /** The restart did not bring it back within giveUpMs: redial. */
  gaveUp(remoteId: string, pc: RTCPeerConnection): void;
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
  readonly stats = { restarts: 0, healed: 0, gaveUp: 0, answered: 0 };

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
      const wasBroken = w.brokenSince !== null;
      const wasRestarting = w.restarting;
      this.clear(w);
      w.brokenSince = null;
      w.restarting = false;
      if (wasRestarting) {
        this.stats.healed += 1;
        this.host.healed(w.remoteId, pc);
      }
      if (wasBroken) this.host.changed(w.remoteId, pc, false);
      return;
    }
    if (state === 'disconnected' && w.brokenSince === null) {
      w.brokenSince = this.now();
      this.host.changed(w.remoteId, pc, true);
      if (this.restarter(w.remoteId)) w.restartTimer = setTimeout(() => void this.restart(pc, w), ICE_RECOVERY.restartAfterMs);
    }
    // `failed`: PeerJS closes the connection; the engine redials on close.
  }

  private async restart(pc: RTCPeerConnection, w: Watch) {
    w.restartTimer = undefined;
    if (this.disposed || !this.host.current(w.remoteId, pc) || isUp(pc.iceConnectionState)) return;
    if (pc.signalingState !== 'stable') return;
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
        if (!this.disposed && this.host.current(w.remoteId, pc) && w.brokenSince !== null)
          w.restartTimer = setTimeout(() => void this.restart(pc, w), ICE_RECOVERY.restartAfterMs);
        return;
      }
      w.restarting = true;
      this.stats.restarts += 1;
      w.giveUpTimer = setTimeout(() => {
        w.giveUpTimer = undefined;
        if (this.disposed || !this.host.current(w.remoteId, pc) || isUp(pc.iceConnectionState)) return;
        w.restarting = false;
        this.stats.gaveUp += 1;
        this.forget(pc);
        this.host.gaveUp(w.remoteId, pc);
      }, ICE_RECOVERY.giveUpMs);
    } catch {
      // The connection closed under us: the engine's close handling takes over.
    }
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
        if (this.restarter(from) || pc.signalingState !== 'stable') return;
        await pc.setRemoteDescription(description);
        await pc.setLocalDescription(await pc.createAnswer());
        await gathered(pc, ICE_RECOVERY.gatherMs);
        const answer = pc.localDescription;
        if (!answer || this.disposed) return;
        this.stats.answered += 1;
        this.host.signal(from, { chaekbang: 'ice-restart', connection, description: { type: 'answer', sdp: answer.sdp } });
      } else if (pc.signalingState === 'have-local-offer' && this.restarter(from)) {
        await pc.setRemoteDescription(description);
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
