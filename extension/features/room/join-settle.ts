import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { MemberState, RoomPhase } from './room-session';

/**
 * When a join has "settled": every member in the room shows its first remote frame here (or has no video, or
 * its call failed), or nobody was there to dial. Until then the call view does nothing the call does
 * not need (bench/README.md, "room"): no rooms API requests (the room info for the invite text and the host's
 * passcode guard, the room sync's clock samples), no reader-only chunks (book search, club strip, sprint,
 * member profile) and their Firestore listeners, no active-speaker meters. A bare PeerJS page does none of
 * that while its call sets up, and on two cores each of them delayed the first frame.
 *
 * A call that never shows a frame (a member's camera is broken, a network that drops media) must not hold the
 * rest of the room back for good: `backstopMs` after entering the room, the join counts as settled anyway.
 */
export const SETTLE = { backstopMs: 3000, aloneMs: 50 } as const;

type SettleSnapshot = { phase: RoomPhase; members: readonly Pick<MemberState, 'peerId' | 'media' | 'stream'>[] };

export class JoinSettle {
  private entered = false;
  private readonly shown = new Set<string>();
  private done = false;
  private stopped = false;
  private backstop: ReturnType<typeof setTimeout> | null = null;
  private alone: ReturnType<typeof setTimeout> | null = null;
  private last: SettleSnapshot | null = null;

  constructor(
    private readonly onSettled: () => void,
    private readonly timing: { backstopMs: number; aloneMs: number } = SETTLE,
  ) {}

  get settled(): boolean {
    return this.done;
  }

  /** Each room snapshot of the session. */
  update(snap: SettleSnapshot) {
    if (this.done || this.stopped) return;
    this.last = snap;
    if (snap.phase !== 'in-room' && snap.phase !== 'reconnecting') return;
    if (!this.entered) {
      this.entered = true;
      this.backstop = setTimeout(() => this.settle(), this.timing.backstopMs);
    }
    this.check();
  }

  /** A member's first remote frame is on screen (its `<video>` has a current frame: `loadeddata`). */
  frameShown(peerId: string) {
    if (this.done || this.stopped) return;
    this.shown.add(peerId);
    this.check();
  }

  /** Whether `m` still holds the join back: in the call, not failed, and its picture not shown yet. */
  private waitingFor(m: SettleSnapshot['members'][number]): boolean {
    if (m.media === 'failed' || this.shown.has(m.peerId)) return false;
    // A stream with no picture to wait for (a reader who only listens or speaks).
    return !(m.stream && m.stream.getVideoTracks().length === 0);
  }

  private check() {
    const snap = this.last;
    if (!this.entered || !snap) return;
    if (snap.members.length === 0) {
      // Nobody to dial (or not dialled yet: the session enters the room, then places its calls in the same
      // tick). Settled unless someone shows up within aloneMs.
      this.alone ??= setTimeout(() => {
        this.alone = null;
        if (this.last?.members.length === 0) this.settle();
      }, this.timing.aloneMs);
      return;
    }
    // Everyone in the room, including a member who came in while this join settles (bounded by the backstop).
    if (snap.members.some((m) => this.waitingFor(m))) return;
    this.settle();
  }

  private settle() {
    if (this.done || this.stopped) return;
    this.done = true;
    this.clearTimers();
    this.onSettled();
  }

  /** The view went away: no more callbacks. */
  dispose() {
    this.stopped = true;
    this.clearTimers();
  }

  private clearTimers() {
    if (this.backstop) clearTimeout(this.backstop);
    if (this.alone) clearTimeout(this.alone);
    this.backstop = null;
    this.alone = null;
  }
}

/** Sessions whose join settled: a call view shown again (Room tab after Shelf) does not wait a second time. */
const settledSessions = new WeakSet<object>();

/**
 * For the call view: whether `session`'s join has settled, and the callback its remote `<video>`s call on their
 * first frame. Settled stays settled for the session's life (a reconnect does not hold anything back again).
 */
export function useJoinSettled(
  session: object,
  snap: SettleSnapshot,
  timing: { backstopMs: number; aloneMs: number } = SETTLE,
): { settled: boolean; frameShown: (peerId: string) => void } {
  const [settled, setSettled] = useState(() => settledSessions.has(session));
  const tracker = useRef<JoinSettle | null>(null);
  useEffect(() => {
    if (settledSessions.has(session)) {
      setSettled(true);
      return;
    }
    setSettled(false);
    const t = new JoinSettle(() => {
      settledSessions.add(session);
      setSettled(true);
    }, timing);
    tracker.current = t;
    return () => {
      t.dispose();
      if (tracker.current === t) tracker.current = null;
    };
  }, [session, timing]);
  useEffect(() => {
    tracker.current?.update(snap);
  }, [session, snap]);
  const frameShown = useCallback((peerId: string) => tracker.current?.frameShown(peerId), []);
  return { settled, frameShown };
}
