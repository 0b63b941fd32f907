import { randomBytes } from 'node:crypto';
import { generateRoomCode } from '../../../shared/room-code';
import {
  type CheckRoomRequest,
  type CreateRoomRequest,
  type JoinRoomRequest,
  type PasscodeGuardView,
  ROOM_CAPACITY_LIMITS,
  type RoomInfo,
  type RoomMember,
  RoomNameSchema,
  type RoomStatusResponse,
  type Sprint,
} from '../../../shared/schemas/rooms-api';
import { ApiError } from '../errors';
import type { PasscodeHash } from './passcode';
import { hashPasscode as defaultHash, verifyPasscode as defaultVerify } from './passcode';
import { createRejoinGrants, type RejoinGrants } from './rejoin-grant';
import type { RoomTickets } from './room-ticket';

/**
 * Rooms live in memory only: membership, each member's public display name/badge/level, and the
 * passcode hash. Everything else about a room (mute states, the shared book card, recent chat) is
 * held by the panels and exchanged peer to peer (see shared/schemas/peer-messages.ts).
 *
 * Membership follows the PeerJS connection: a member whose socket is gone for longer than the grace
 * period leaves; one who reconnects within it keeps the seat. A uid is in at most one room.
 */
type Member = {
  uid: string;
  displayName: string;
  badge: string | null;
  level: number | null;
  joinedAt: number;
  /** An anonymous account (a web-room guest): no badge or level, never the room's host. */
  guest: boolean;
};

/**
 * Passcode guessing, per room and from anyone (accounts are free and IPs plentiful): after
 * PASSCODE_GUARD.failuresBeforeLock wrong passcodes the room refuses new passcode attempts for 30 s;
 * after that one more wrong passcode locks it again for twice as long (capped at 15 min). The right
 * passcode (once a lock has ended) resets everything. A locked room is refused before any scrypt run, and
 * the verifications of one room run one at a time, so a burst of parallel guesses cannot slip past the
 * count. Members already in the room are never asked again, and neither is a member coming back with a
 * valid rejoin grant (see rejoin-grant.ts): the grant proves membership, so it skips the check, the count
 * and the lock alike.
 */
export const PASSCODE_GUARD = { failuresBeforeLock: 5, firstLockMs: 30_000, maxLockMs: 15 * 60_000, maxQueued: 64 } as const;

type Guard = {
  /** Wrong passcodes since the last right one (what the host sees). */
  failed: number;
  /** Wrong passcodes counting toward the next lock. */
  strikes: number;
  /** How many lock-outs since the last right passcode (the next lasts firstLockMs × 2^locks). */
  locks: number;
  lockedUntil: number | null;
  /** The tail of this room's verification queue. */
  queue: Promise<unknown>;
  queued: number;
};

type Room = {
  code: string;
  /** This room instance (a room re-created later under the same code is another one); rejoin grants name it. */
  id: string;
  name: string | null;
  capacity: number;
  createdBy: string;
  createdAt: number;
  passcode: PasscodeHash | null;
  members: Map<string, Member>;
  /** When the room last became empty (rooms start empty); null while anyone is in it. */
  emptySince: number | null;
  guard: Guard;
  /** The club whose standing room this is; null for a plain room. */
  clubId: string | null;
  /**
   * Who may pin a marathon and run sprints. A plain room: its creator. A club room: the club's host and
   * co-hosts, as Firestore said at their latest club-room request or join (routes.ts asks it each time).
   */
  hosts: Set<string>;
  pinnedMarathonId: string | null;
  sprint: Sprint | null;
};

const newGuard = (): Guard => ({ failed: 0, strikes: 0, locks: 0, lockedUntil: null, queue: Promise.resolve(), queued: 0 });

export type RoomStoreOptions = {
  defaultCapacity: number;
  idleTtlMs: number;
  graceMs: number;
  maxRoomsPerUid?: number;
  now?: () => number;
  generateCode?: () => string;
  hashPasscode?: (passcode: string) => Promise<PasscodeHash>;
  verifyPasscode?: (passcode: string, stored: PasscodeHash) => Promise<boolean>;
  onLeave?: (event: { code: string; uid: string; reason: 'left' | 'disconnected' | 'moved' }) => void;
  onRestore?: (event: { code: string; uid: string }) => void;
  /** Signed room tickets (ROOM_TICKET_SECRET); without them restores are trusted within restoreWindowMs. */
  tickets?: RoomTickets | null;
  restoreWindowMs?: number;
  /**
   * Rejoin grants; by default those of `tickets` (ROOM_TICKET_SECRET), otherwise signed with a random
   * per-process secret.
   */
  rejoinGrants?: RejoinGrants;
  /** How long one sprint minute lasts (60,000; config.sprintMinuteMs shortens it for tests only). */
  sprintMinuteMs?: number;
};

export type JoinResult = {
  room: RoomInfo;
  members: RoomMember[];
  self: RoomMember;
  restoreTicket: string | null;
  rejoinGrant: string;
};

export type RoomStore = ReturnType<typeof createRoomStore>;

export function createRoomStore(options: RoomStoreOptions) {
  const now = options.now ?? Date.now;
  const generateCode = options.generateCode ?? (() => generateRoomCode());
  const hash = options.hashPasscode ?? defaultHash;
  const verify = options.verifyPasscode ?? defaultVerify;
  const maxRoomsPerUid = options.maxRoomsPerUid ?? 5;
  const restoreWindowMs = options.restoreWindowMs ?? 10 * 60_000;
  const startedAt = now();
  const grants = options.rejoinGrants ?? options.tickets?.rejoinGrants ?? createRejoinGrants({ now });
  const newRoomId = () => randomBytes(12).toString('base64url');
  const sprintMinuteMs = options.sprintMinuteMs ?? 60_000;

  const rooms = new Map<string, Room>();
  const roomOfUid = new Map<string, string>();
  const connected = new Set<string>();
  const graceTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const summary = (room: Room): RoomInfo => ({
    code: room.code,
    name: room.name,
    capacity: room.capacity,
    memberCount: room.members.size,
    hasPasscode: room.passcode !== null,
    createdAt: room.createdAt,
    clubId: room.clubId,
    pinnedMarathonId: room.pinnedMarathonId,
    sprint: room.sprint ? { ...room.sprint } : null,
  });
  const isHost = (room: Room, uid: string) =>
    room.members.get(uid)?.guest !== true && (room.clubId ? room.hosts.has(uid) : room.createdBy === uid);
  const roomOrThrow = (code: string) => {
    const room = rooms.get(code);
    if (!room) throw new ApiError('room_not_found', `There is no room ${code}. Check the code, or the room may have closed.`);
    return room;
  };
  /** Pinning and sprints: the room's host, in the room. */
  const hostInRoom = (code: string, uid: string, what: string) => {
    const room = roomOrThrow(code);
    if (!room.members.has(uid)) throw new ApiError('not_a_member', `Join room ${code} first.`);
    if (!isHost(room, uid)) throw new ApiError('not_host', `Only the room's host can ${what}.`);
    return room;
  };
  const memberView = (m: Member): RoomMember => ({
    uid: m.uid,
    peerId: m.uid,
    displayName: m.displayName,
    badge: m.badge,
    level: m.level,
    joinedAt: m.joinedAt,
    connected: connected.has(m.uid),
    guest: m.guest,
  });
  const membersOf = (room: Room) => [...room.members.values()].map(memberView);

  const clearGrace = (uid: string) => {
    const timer = graceTimers.get(uid);
    if (timer) clearTimeout(timer);
    graceTimers.delete(uid);
  };

  /** Start (or restart) the countdown after which an unconnected member loses their seat. */
  const startGrace = (uid: string) => {
    clearGrace(uid);
    const timer = setTimeout(() => {
      graceTimers.delete(uid);
      if (connected.has(uid)) return;
      const code = roomOfUid.get(uid);
      if (code) removeMember(code, uid, 'disconnected');
    }, options.graceMs);
    timer.unref?.();
    graceTimers.set(uid, timer);
  };

  function removeMember(code: string, uid: string, reason: 'left' | 'disconnected' | 'moved'): boolean {
    const room = rooms.get(code);
    if (!room?.members.delete(uid)) return false;
    if (roomOfUid.get(uid) === code) roomOfUid.delete(uid);
    if (reason !== 'moved') clearGrace(uid);
    if (room.members.size === 0) room.emptySince = now();
    options.onLeave?.({ code, uid, reason });
    return true;
  }

  const ownedBy = (uid: string) => {
    let owned = 0;
    for (const room of rooms.values()) if (room.createdBy === uid) owned++;
    return owned;
  };

  /**
   * What a `restore` may re-create. With room tickets configured, only a valid signed ticket for this
   * code counts, and the room comes back exactly as it was (its passcode hash included). Without them
   * (local development), the client's word is taken, but only within the restore window after start
   * and within the per-user room limit.
   */
  async function restoreSettings(
    code: string,
    uid: string,
    request: JoinRoomRequest,
    guest: boolean,
  ): Promise<Pick<Room, 'id' | 'name' | 'capacity' | 'passcode'> | null> {
    const restore = request.restore;
    if (!restore) return null;
    if (options.tickets) {
      const ticket = restore.ticket ? options.tickets.verify(code, restore.ticket) : null;
      return ticket
        ? { id: ticket.roomId ?? newRoomId(), name: ticket.name, capacity: ticket.capacity, passcode: ticket.passcode }
        : null;
    }
    // A guest's word never creates a room (guests create none): without tickets, a reader restores it.
    if (guest) return null;
    if (now() - startedAt > restoreWindowMs) return null;
    if (ownedBy(uid) >= maxRoomsPerUid) {
      throw new ApiError(
        'rate_limited',
        `You already have ${maxRoomsPerUid} open rooms; use one of them or wait until one closes.`,
        60,
      );
    }
    return {
      id: newRoomId(),
      name: restore.name,
      capacity: restore.capacity,
      passcode: request.passcode ? await hash(request.passcode) : null,
    };
  }

  const lockedFor = (room: Room): number | null => {
    const until = room.guard.lockedUntil;
    return until !== null && now() < until ? until - now() : null;
  };
  const lockedError = (code: string, ms: number) =>
    new ApiError(
      'room_locked',
      `Too many wrong passcodes for room ${code}; new passcode attempts are paused. Try again in ${Math.ceil(ms / 1000)} s.`,
      Math.max(1, Math.ceil(ms / 1000)),
    );

  /**
   * Check a passcode attempt against the room's passcode, counted by the room's guard. Throws
   * room_locked (before any scrypt run) while the room is locked, wrong_passcode on a miss.
   */
  async function checkPasscode(room: Room, passcode: string | undefined): Promise<void> {
    const stored = room.passcode;
    if (!stored) return;
    const g = room.guard;
    const early = lockedFor(room);
    if (early !== null) throw lockedError(room.code, early);
    if (!passcode) throw new ApiError('wrong_passcode', `Room ${room.code} needs a passcode.`);
    if (g.queued >= PASSCODE_GUARD.maxQueued) throw lockedError(room.code, 1000);
    g.queued++;
    const turn = g.queue.then(async () => {
      // The lock may have started while this attempt waited its turn.
      const waited = lockedFor(room);
      if (waited !== null) throw lockedError(room.code, waited);
      if (await verify(passcode, stored)) {
        Object.assign(g, { failed: 0, strikes: 0, locks: 0, lockedUntil: null });
        return;
      }
      g.failed++;
      g.strikes++;
      if (g.strikes >= (g.locks === 0 ? PASSCODE_GUARD.failuresBeforeLock : 1)) {
        g.lockedUntil = now() + Math.min(PASSCODE_GUARD.firstLockMs * 2 ** g.locks, PASSCODE_GUARD.maxLockMs);
        g.locks++;
        g.strikes = 0;
      }
      throw new ApiError('wrong_passcode', `That passcode is not right for room ${room.code}.`);
    });
    g.queue = turn.catch(() => {});
    try {
      await turn;
    } finally {
      g.queued--;
    }
  }

  const guardView = (room: Room): PasscodeGuardView => {
    const ms = lockedFor(room);
    return {
      failedAttempts: room.guard.failed,
      lockedUntil: ms === null ? null : room.guard.lockedUntil,
      retryAfterSeconds: ms === null ? null : Math.max(1, Math.ceil(ms / 1000)),
    };
  };

  const ticketFor = (room: Room) =>
    options.tickets
      ? options.tickets.issue({
          code: room.code,
          roomId: room.id,
          capacity: room.capacity,
          name: room.name,
          passcode: room.passcode,
          plain: room.clubId === null,
        })
      : null;
  const grantFor = (room: Room, uid: string) => grants.issue({ code: room.code, roomId: room.id, uid });
  const hasGrant = (room: Room, uid: string, grant: string | undefined) =>
    grant !== undefined && grants.verify({ code: room.code, roomId: room.id, uid }, grant);

  return {
    /**
     * Create a room. `proposed`: the code the client picked (`POST /api/rooms/:code`), so that a load balancer
     * hashing on the code creates the room on the node that will serve it; a code already open here is refused
     * with room_code_taken (409) and the client picks another. Without it the server picks a free code.
     */
    async create(uid: string, request: CreateRoomRequest, proposed?: string): Promise<RoomInfo> {
      const owned = ownedBy(uid);
      if (owned >= maxRoomsPerUid) {
        throw new ApiError('rate_limited', `You already have ${owned} open rooms; use one of them or wait until one closes.`, 60);
      }
      const taken = (c: string) => new ApiError('room_code_taken', `Room code ${c} is already in use; pick another code.`);
      if (proposed !== undefined && rooms.has(proposed)) throw taken(proposed);
      const passcode = request.passcode ? await hash(request.passcode) : null;
      let code = proposed ?? generateCode();
      // The scrypt hash above awaited: another create may have taken the proposed code meanwhile.
      if (proposed !== undefined && rooms.has(proposed)) throw taken(proposed);
      for (let i = 0; rooms.has(code); i++) {
        if (i >= 20) throw new ApiError('internal', 'Could not find a free room code; try again.');
        code = generateCode();
      }
      const t = now();
      const room: Room = {
        code,
        id: newRoomId(),
        name: request.name ?? null,
        capacity: request.capacity ?? options.defaultCapacity,
        createdBy: uid,
        createdAt: t,
        passcode,
        members: new Map(),
        emptySince: t,
        guard: newGuard(),
        clubId: null,
        hosts: new Set(),
        pinnedMarathonId: null,
        sprint: null,
      };
      rooms.set(code, room);
      return summary(room);
    },

    /**
     * A club's standing room under the club's own code (routes.ts has checked that `uid` is an active member):
     * returned if it is open, created otherwise. No passcode (membership is the gate, checked at every join),
     * the largest capacity, and it counts toward no reader's room limit. `host`: the reader is the club's
     * host or a co-host (kept up to date on every call).
     */
    ensureClubRoom(input: { clubId: string; code: string; uid: string; host: boolean; name?: string | null }): RoomInfo {
      const existing = rooms.get(input.code);
      if (existing) {
        if (existing.clubId !== input.clubId) {
          throw new ApiError('internal', `The club's room code ${input.code} is in use by another room; try again later.`);
        }
        if (input.host) existing.hosts.add(input.uid);
        else existing.hosts.delete(input.uid);
        return summary(existing);
      }
      const t = now();
      const name = RoomNameSchema.safeParse(input.name ?? undefined);
      const room: Room = {
        code: input.code,
        id: newRoomId(),
        name: name.success ? name.data : null,
        capacity: ROOM_CAPACITY_LIMITS.max,
        createdBy: `club:${input.clubId}`,
        createdAt: t,
        passcode: null,
        members: new Map(),
        emptySince: t,
        guard: newGuard(),
        clubId: input.clubId,
        hosts: new Set(input.host ? [input.uid] : []),
        pinnedMarathonId: null,
        sprint: null,
      };
      rooms.set(input.code, room);
      return summary(room);
    },

    /**
     * A restore ticket that is valid for `code` and says the room was a plain one (not a club's): its restore
     * needs no club-directory look-up.
     */
    plainTicket(code: string, ticket: string | undefined): boolean {
      return ticket !== undefined && options.tickets?.verify(code, ticket)?.plain === true;
    },

    /** The club a room belongs to (null for a plain room, undefined when there is no such room). */
    clubOf(code: string): string | null | undefined {
      return rooms.get(code)?.clubId;
    },

    /** Record whether a club member is (still) the club's host or a co-host. */
    setClubHost(code: string, uid: string, host: boolean) {
      const room = rooms.get(code);
      if (!room?.clubId) return;
      if (host) room.hosts.add(uid);
      else room.hosts.delete(uid);
    },

    /** The host shows a marathon's leaderboard strip in the room (null takes it down). */
    pin(code: string, uid: string, marathonId: string | null): RoomInfo {
      const room = hostInRoom(code, uid, 'pin a marathon');
      room.pinnedMarathonId = marathonId;
      return summary(room);
    },

    /** The host starts a reading sprint of `minutes` (validated by the route: 10–60). One at a time. */
    startSprint(code: string, uid: string, minutes: number): RoomInfo {
      const room = hostInRoom(code, uid, 'start a reading sprint');
      const t = now();
      if (room.sprint && t < room.sprint.endsAt) {
        throw new ApiError('sprint_running', 'A reading sprint is already running in this room; cancel it first.');
      }
      room.sprint = {
        id: randomBytes(9).toString('base64url'),
        startedBy: uid,
        startedAt: t,
        endsAt: t + minutes * sprintMinuteMs,
        minutes,
      };
      return summary(room);
    },

    /** The host cancels the running sprint named `sprintId` (an ended or replaced one cannot be cancelled). */
    cancelSprint(code: string, uid: string, sprintId: string): RoomInfo {
      const room = hostInRoom(code, uid, 'cancel the reading sprint');
      if (!room.sprint || room.sprint.id !== sprintId || now() >= room.sprint.endsAt) {
        throw new ApiError('no_sprint', 'That reading sprint is not running any more.');
      }
      room.sprint = null;
      return summary(room);
    },

    /**
     * The summary for anyone; members for members, with a fresh rejoin grant (so a long call keeps one that
     * is still valid when the panel closes); the passcode guard for the room's host (creator).
     */
    get(
      code: string,
      uid: string,
    ): {
      room: RoomInfo;
      members: RoomMember[] | null;
      passcodeGuard?: PasscodeGuardView;
      rejoinGrant?: string;
      isHost: boolean;
      now: number;
    } {
      const room = roomOrThrow(code);
      const member = room.members.has(uid);
      return {
        room: summary(room),
        members: member ? membersOf(room) : null,
        isHost: isHost(room, uid),
        now: now(),
        ...(room.createdBy === uid && room.passcode ? { passcodeGuard: guardView(room) } : {}),
        ...(member ? { rejoinGrant: grantFor(room, uid) } : {}),
      };
    },

    /** The guard's state for the room's host; null for anyone else or a room without a passcode. */
    passcodeGuard(code: string, uid: string): PasscodeGuardView | null {
      const room = rooms.get(code);
      return room && room.createdBy === uid && room.passcode ? guardView(room) : null;
    },

    /**
     * What anyone holding the invite link may know, without signing in (the web room asks at page load): whether
     * the room is there, open, full or a club's (guests cannot join those), and whether it needs a passcode. No
     * name, member or count; it tries no passcode and takes no seat.
     */
    status(code: string): RoomStatusResponse {
      const room = rooms.get(code);
      if (!room) return { status: 'not_found', passcode: false };
      if (room.clubId) return { status: 'members_only', passcode: false };
      return { status: room.members.size >= room.capacity ? 'full' : 'open', passcode: room.passcode !== null };
    },

    /**
     * Before the camera check: does the room exist, has it a free seat, is the passcode right? Counts
     * toward the room's passcode attempt limit exactly like a join, but takes no seat.
     */
    async check(code: string, uid: string, request: CheckRoomRequest): Promise<{ room: RoomInfo }> {
      const room = rooms.get(code);
      if (!room) throw new ApiError('room_not_found', `There is no room ${code}. Check the code, or the room may have closed.`);
      if (room.members.has(uid)) return { room: summary(room) };
      if (room.members.size >= room.capacity) throw new ApiError('room_full', `Room ${code} is full (${room.capacity} people).`);
      await checkPasscode(room, request.passcode);
      return { room: summary(room) };
    },

    /**
     * Join a room. The only await (the passcode check, see checkPasscode) happens before the seat is taken; the
     * capacity check and the insert run in one synchronous step, so concurrent joins cannot overfill. A valid
     * `rejoinGrant` for this uid and this room skips the passcode check (no scrypt run, no guard count, not
     * blocked by a lock-out); an invalid one is ignored. Every successful join returns a fresh grant.
     *
     * A guest (`as.guest`, an anonymous account) takes a seat like anyone, through the same capacity and passcode
     * checks; their name is the one they typed, with no badge or level. A guest restores a room only with a signed
     * ticket, and is never its host.
     */
    async join(
      code: string,
      uid: string,
      request: JoinRoomRequest,
      as: { guest: boolean } = { guest: false },
    ): Promise<JoinResult> {
      if (!rooms.has(code) && request.restore) {
        // The server restarted (rooms are in memory): a returning member re-creates the room under its code.
        const settings = await restoreSettings(code, uid, request, as.guest);
        if (settings && !rooms.has(code)) {
          const t = now();
          rooms.set(code, {
            code,
            ...settings,
            // Restored by a guest: hosted by no one (`guest:` never equals a uid), counted toward no one's rooms.
            createdBy: as.guest ? `guest:${uid}` : uid,
            createdAt: t,
            members: new Map(),
            emptySince: t,
            guard: newGuard(),
            clubId: null,
            hosts: new Set(),
            pinnedMarathonId: null,
            sprint: null,
          });
          options.onRestore?.({ code, uid });
        }
      }
      const before = rooms.get(code);
      if (!before) throw new ApiError('room_not_found', `There is no room ${code}. Check the code, or the room may have closed.`);
      if (!before.members.has(uid)) {
        if (before.members.size >= before.capacity)
          throw new ApiError('room_full', `Room ${code} is full (${before.capacity} people).`);
        if (!hasGrant(before, uid, request.rejoinGrant)) await checkPasscode(before, request.passcode);
      }
      // --- from here on: synchronous, atomic with respect to other joins ---
      const room = rooms.get(code);
      if (!room || room !== before) throw new ApiError('room_not_found', `Room ${code} closed while you were joining.`);
      const existing = room.members.get(uid);
      const profile = as.guest
        ? { displayName: request.displayName, badge: null, level: null, guest: true }
        : { displayName: request.displayName, badge: request.badge ?? null, level: request.level ?? null, guest: false };
      if (existing) {
        Object.assign(existing, profile);
        return {
          room: summary(room),
          members: membersOf(room),
          self: memberView(existing),
          restoreTicket: ticketFor(room),
          rejoinGrant: grantFor(room, uid),
        };
      }
      if (room.members.size >= room.capacity) throw new ApiError('room_full', `Room ${code} is full (${room.capacity} people).`);
      const previous = roomOfUid.get(uid);
      if (previous) removeMember(previous, uid, 'moved');
      const member: Member = { uid, ...profile, joinedAt: now() };
      room.members.set(uid, member);
      room.emptySince = null;
      roomOfUid.set(uid, code);
      // A member must have (or get) a live PeerJS connection; otherwise the seat frees after the grace period.
      if (!connected.has(uid)) startGrace(uid);
      return {
        room: summary(room),
        members: membersOf(room),
        self: memberView(member),
        restoreTicket: ticketFor(room),
        rejoinGrant: grantFor(room, uid),
      };
    },

    leave(code: string, uid: string): boolean {
      if (!rooms.has(code)) throw new ApiError('room_not_found', `There is no room ${code}.`);
      return removeMember(code, uid, 'left');
    },

    roomOf: (uid: string): string | undefined => roomOfUid.get(uid),

    /** Whether two peers are in the same room (signalling is only relayed between room-mates). */
    sameRoom(a: string, b: string): boolean {
      const room = roomOfUid.get(a);
      return room !== undefined && room === roomOfUid.get(b);
    },

    peerConnected(uid: string) {
      connected.add(uid);
      clearGrace(uid);
    },

    peerDisconnected(uid: string) {
      connected.delete(uid);
      if (roomOfUid.has(uid)) startGrace(uid);
    },

    /** Drop rooms that have been empty for longer than the idle TTL. Returns how many were removed. */
    sweep(): number {
      const t = now();
      let removed = 0;
      for (const [code, room] of rooms) {
        if (room.members.size === 0 && room.emptySince !== null && t - room.emptySince >= options.idleTtlMs) {
          rooms.delete(code);
          removed++;
        }
      }
      return removed;
    },

    stats: () => ({ rooms: rooms.size, members: roomOfUid.size, connectedPeers: connected.size }),

    close() {
      for (const timer of graceTimers.values()) clearTimeout(timer);
      graceTimers.clear();
    },
  };
}
