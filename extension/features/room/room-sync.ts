import { useEffect, useState } from 'preact/hooks';
import type { SprintResultMessage } from '../../../shared/schemas/peer-messages';
import type { RoomInfo, RoomUpdateResponse } from '../../../shared/schemas/rooms-api';
import { RoomSummarySchema } from '../../../shared/schemas/rooms-api';
import type { RoomEventMessage, RoomSession } from './room-session';
import { roomsClientFor, roomUser } from './room-store';
import { type RoomsApi, RoomsApiError } from './rooms-client';
import { ServerClock } from './server-clock';

/**
 * What a room shows beyond the call itself, kept in step with the room server: the club it belongs to, the
 * pinned marathon and the reading sprint. The server is the one source of truth; a member who changes
 * something (the host) tells the others with a `room-changed` hint and each panel asks the server again (a
 * slow poll catches a missed hint). Sprint results travel peer to peer (`sprint-result`), each from its
 * verified sender. Times are the server's, read through a ServerClock: the countdown never trusts this
 * machine's own clock.
 */
export type SprintResultRow = { peerId: string; name: string; pagesRead: number; bookTitle: string | null; self: boolean };

export type RoomSyncState = {
  info: RoomInfo | null;
  isHost: boolean;
  /** Sprints this panel saw running (only those ask the reader for their page at the end). */
  seenRunning: ReadonlySet<string>;
  /** When each sprint's countdown reached zero here (a monotonic wall-clock instant, not Date.now). */
  endedAt: ReadonlyMap<string, number>;
  /** A sprint that was running and vanished before its end: the host cancelled it. */
  cancelled: string | null;
  /** Sprints this reader has reported (or skipped). */
  reported: ReadonlySet<string>;
  /** Results by sprint id, in the order they came. */
  results: ReadonlyMap<string, SprintResultRow[]>;
  /** The host opened the sprint set-up (length and Start) from the call's controls. */
  setupOpen: boolean;
};

export type RoomSyncApi = Pick<RoomsApi, 'get' | 'pin' | 'startSprint' | 'cancelSprint'>;
type SessionLike = Pick<RoomSession, 'onRoomEvent' | 'sendRoomEvent' | 'snapshot'> & Partial<Pick<RoomSession, 'roomLost'>>;

/** The slow poll behind the `room-changed` hints. */
export const ROOM_SYNC_POLL_MS = 15_000;
/** Requests timed for the clock when the panel enters the room (the best round trip wins). */
const FIRST_SAMPLES = 3;

export class RoomSync {
  readonly clock: ServerClock;
  private state: RoomSyncState = {
    info: null,
    isHost: false,
    seenRunning: new Set(),
    endedAt: new Map(),
    cancelled: null,
    reported: new Set(),
    results: new Map(),
    setupOpen: false,
  };
  private listeners = new Set<(s: RoomSyncState) => void>();
  private stopEvents: (() => void) | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private endTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<void> | null = null;
  private again = false;
  private disposed = false;
  private readonly instant: () => number;

  constructor(
    private readonly session: SessionLike,
    private readonly api: RoomSyncApi,
    private readonly code: string,
    options: { local?: () => number; instant?: () => number; pollMs?: number } = {},
  ) {
    this.clock = new ServerClock(options.local);
    this.instant = options.instant ?? (() => performance.timeOrigin + performance.now());
    this.stopEvents = session.onRoomEvent((from, message) => this.onEvent(from, message));
    this.poll = setInterval(() => void this.refresh(), options.pollMs ?? ROOM_SYNC_POLL_MS);
  }

  /** First contact: a few timed requests, so the clock starts from the best of them. */
  async start(samples = FIRST_SAMPLES): Promise<void> {
    for (let i = 0; i < samples && !this.disposed; i++) await this.refresh();
  }

  get snapshot(): RoomSyncState {
    return this.state;
  }

  subscribe(listener: (s: RoomSyncState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  private emit(patch: Partial<RoomSyncState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  /** Ask the server for the room (one request at a time; a hint during one asks once more after it). */
  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.clock
      .measure(
        () => this.api.get(this.code),
        (r) => r.now,
      )
      .then((res) => this.apply(RoomSummarySchema.parse(res.room), res.isHost ?? false))
      .catch((err: unknown) => {
        // Offline: keep what we knew; the next hint or poll tries again. The server does not know the room
        // although we are in it (its node died or restarted while our socket lived on, or our requests now reach
        // another node than our socket): the session rejoins, and its restore ticket brings the room back there.
        if (err instanceof RoomsApiError && err.code === 'room_not_found') this.session.roomLost?.();
      })
      .finally(() => {
        this.refreshing = null;
        if (this.again && !this.disposed) {
          this.again = false;
          void this.refresh();
        }
      });
    return this.refreshing;
  }

  private apply(info: RoomInfo, isHost = this.state.isHost) {
    if (this.disposed) return;
    const before = this.state.info?.sprint ?? null;
    const sprint = info.sprint;
    const now = this.clock.now();
    const patch: Partial<RoomSyncState> = { info, isHost };
    if (sprint && now < sprint.endsAt && !this.state.seenRunning.has(sprint.id)) {
      patch.seenRunning = new Set([...this.state.seenRunning, sprint.id]);
      if (this.state.cancelled) patch.cancelled = null;
    }
    // Gone before its end, and not by a new sprint replacing an ended one: cancelled by the host.
    if (before && before.id !== sprint?.id && !this.state.endedAt.has(before.id) && now < before.endsAt) {
      patch.cancelled = before.id;
    }
    this.emit(patch);
    this.scheduleEnd();
  }

  /** A timer for the running sprint's end on the estimated server clock (re-aimed as the estimate improves). */
  private scheduleEnd() {
    if (this.endTimer) clearTimeout(this.endTimer);
    this.endTimer = null;
    const sprint = this.state.info?.sprint;
    if (!sprint || this.state.endedAt.has(sprint.id) || !this.state.seenRunning.has(sprint.id)) return;
    const left = sprint.endsAt - this.clock.now();
    const end = () => {
      this.endTimer = null;
      if (this.disposed || this.state.info?.sprint?.id !== sprint.id) return;
      // Timers may fire a little early: re-aim until the server's end instant has passed here.
      const rest = sprint.endsAt - this.clock.now();
      if (rest > 0) {
        this.endTimer = setTimeout(end, rest);
        return;
      }
      this.emit({ endedAt: new Map([...this.state.endedAt, [sprint.id, this.instant()]]) });
    };
    this.endTimer = setTimeout(end, Math.max(0, left));
  }

  private onEvent(from: string, message: RoomEventMessage) {
    if (message.type === 'room-changed') {
      void this.refresh();
      return;
    }
    this.addResult(from, message, false);
  }

  /** A result for a sprint this panel knows (a result for another sprint is dropped); one per reader. */
  private addResult(peerId: string, message: SprintResultMessage, self: boolean, selfName?: string) {
    const known = this.state.info?.sprint?.id === message.sprintId || this.state.results.has(message.sprintId);
    if (!known) return;
    const name = selfName ?? this.session.snapshot.members.find((m) => m.peerId === peerId)?.displayName ?? '…';
    const rows = (this.state.results.get(message.sprintId) ?? []).filter((r) => r.peerId !== peerId);
    rows.push({ peerId, name, pagesRead: message.pagesRead, bookTitle: message.bookTitle, self });
    this.emit({ results: new Map([...this.state.results, [message.sprintId, rows]]) });
  }

  private async update(request: () => Promise<RoomUpdateResponse>): Promise<RoomInfo> {
    const res = await this.clock.measure(request, (r) => r.now);
    const info = RoomSummarySchema.parse(res.room);
    this.apply(info);
    this.session.sendRoomEvent({ type: 'room-changed' });
    return info;
  }

  async startSprint(minutes: number) {
    const info = await this.update(() => this.api.startSprint(this.code, minutes));
    this.emit({ setupOpen: false });
    return info;
  }

  /** Open or close the host's sprint set-up; opening it forgets a cancelled sprint's notice. */
  setSetupOpen(open: boolean) {
    this.emit(open ? { setupOpen: true, cancelled: null } : { setupOpen: false });
  }

  /** Dismiss the "cancelled" notice. */
  dismissCancelled() {
    this.emit({ cancelled: null });
  }

  cancelSprint() {
    const sprint = this.state.info?.sprint;
    if (!sprint) return Promise.reject(new RoomsApiError('no_sprint', 'no sprint is running'));
    return this.update(() => this.api.cancelSprint(this.code, sprint.id));
  }

  pin(marathonId: string | null) {
    return this.update(() => this.api.pin(this.code, marathonId));
  }

  /** This reader's result (null book: skipped); shown here at once and sent to the room. */
  report(sprintId: string, pagesRead: number, bookTitle: string | null, selfPeerId: string, selfName: string) {
    const message: SprintResultMessage = { type: 'sprint-result', sprintId, pagesRead, bookTitle };
    this.emit({ reported: new Set([...this.state.reported, sprintId]) });
    if (bookTitle === null) return;
    this.addResult(selfPeerId, message, true, selfName);
    this.session.sendRoomEvent(message);
  }

  dispose() {
    this.disposed = true;
    this.stopEvents?.();
    if (this.poll) clearInterval(this.poll);
    if (this.endTimer) clearTimeout(this.endTimer);
    this.listeners.clear();
  }
}

const syncs = new WeakMap<RoomSession, RoomSync>();

/** The room sync of the panel's live session (created on first use, disposed when the session ends). */
export function roomSyncFor(session: RoomSession): RoomSync | null {
  const existing = syncs.get(session);
  if (existing) return existing;
  const code = session.snapshot.code;
  const user = roomUser();
  if (!code || !user) return null;
  const sync = new RoomSync(session, roomsClientFor(user), code);
  syncs.set(session, sync);
  const stop = session.subscribe((s) => {
    if (s.phase === 'left' || s.phase === 'error') {
      sync.dispose();
      syncs.delete(session);
      queueMicrotask(() => stop());
    }
  });
  void sync.start();
  return sync;
}

export function useRoomSync(sync: RoomSync | null): RoomSyncState | null {
  const [state, setState] = useState<RoomSyncState | null>(sync?.snapshot ?? null);
  useEffect(() => (sync ? sync.subscribe(setState) : undefined), [sync]);
  return sync ? state : null;
}
