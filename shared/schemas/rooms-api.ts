import { z } from 'zod';
import { isRoomCode, normalizeRoomCode } from '../room-code';
import { BadgeIdSchema, DisplayNameSchema, LevelSchema, PeerIdSchema, PLAIN_LINE } from './peer-messages';

/**
 * The peer-server's rooms API (JSON over HTTPS). Every call carries `Authorization: Bearer <Firebase ID token>`.
 * The server parses requests with these schemas; the side panel parses responses with them.
 */
export const ROOMS_API = {
  createRoom: { method: 'POST', path: '/api/rooms' },
  getRoom: { method: 'GET', path: '/api/rooms/:code' },
  checkRoom: { method: 'POST', path: '/api/rooms/:code/check' },
  joinRoom: { method: 'POST', path: '/api/rooms/:code/join' },
  leaveRoom: { method: 'POST', path: '/api/rooms/:code/leave' },
  /** A club's standing room (code = clubs/{clubId}.roomCode), created on first use; active members only. */
  clubRoom: { method: 'POST', path: '/api/rooms/club/:clubId' },
  /** The room's host shows (or stops showing) a marathon's leaderboard strip in the room. */
  pinMarathon: { method: 'POST', path: '/api/rooms/:code/pin' },
  /** The room's host starts a reading sprint (10–60 min). */
  startSprint: { method: 'POST', path: '/api/rooms/:code/sprint' },
  /** The room's host cancels the running sprint. */
  cancelSprint: { method: 'POST', path: '/api/rooms/:code/sprint/cancel' },
  iceServers: { method: 'GET', path: '/api/ice' },
} as const;

export const ROOM_CAPACITY_LIMITS = { min: 2, max: 12, default: 6 } as const;
export const PASSCODE_LIMITS = { min: 4, max: 64 } as const;

/** A room code in canonical form; accepts what people type ("ab3-def") and normalises it. */
export const RoomCodeSchema = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const code = normalizeRoomCode(value);
    if (!code) {
      ctx.addIssue({ code: 'custom', message: 'room code: 6 characters from 2-9 and A-Z without I, L, O' });
      return z.NEVER;
    }
    return code;
  });
export const CanonicalRoomCodeSchema = z.string().refine(isRoomCode, 'canonical room code');

/** A passcode typed to join (rooms created before the strength rule may have 4-5 character ones). */
export const PasscodeSchema = z.string().min(PASSCODE_LIMITS.min).max(PASSCODE_LIMITS.max);

/** A new room's passcode must have at least this many characters and must not be trivially weak. */
export const NEW_PASSCODE_MIN = 6;
export const PASSCODE_WEAKNESSES = ['too_short', 'too_long', 'one_character', 'sequence', 'repeated_pattern', 'common'] as const;
export type PasscodeWeakness = (typeof PASSCODE_WEAKNESSES)[number];

const COMMON_PASSCODES = new Set([
  'password',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'asdfghjkl',
  'zxcvbn',
  'iloveyou',
  'letmein',
  'abc123',
  'qwerty123',
  'password1',
  'admin123',
  'welcome',
  'chaekbang',
  '비밀번호',
]);

/**
 * Why a new passcode is too weak, or null if it is acceptable. Shared by the server (CreateRoomRequestSchema)
 * and the create form, so both always agree. Counts characters (code points) after NFC, ignores case.
 */
export function passcodeWeakness(passcode: string): PasscodeWeakness | null {
  const chars = [...passcode.normalize('NFC').toLowerCase()];
  if (chars.length < NEW_PASSCODE_MIN) return 'too_short';
  if (chars.length > PASSCODE_LIMITS.max) return 'too_long';
  if (chars.every((c) => c === chars[0])) return 'one_character';
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if ((step === 1 || step === -1) && codes.every((c, i) => i === 0 || c - (codes[i - 1] ?? 0) === step)) return 'sequence';
  for (let unit = 2; unit <= 3; unit++) {
    if (chars.length % unit === 0 && chars.every((c, i) => c === chars[i % unit])) return 'repeated_pattern';
  }
  if (COMMON_PASSCODES.has(chars.join(''))) return 'common';
  return null;
}

const WEAKNESS_MESSAGES: Record<PasscodeWeakness, string> = {
  too_short: `passcode: at least ${NEW_PASSCODE_MIN} characters`,
  too_long: `passcode: at most ${PASSCODE_LIMITS.max} characters`,
  one_character: 'passcode: not one character repeated',
  sequence: 'passcode: not a simple sequence like 123456 or abcdef',
  repeated_pattern: 'passcode: not a short repeated pattern like 121212',
  common: 'passcode: too common',
};

/** A new room's passcode: PasscodeSchema plus passcodeWeakness (the issue message names the weakness). */
export const NewPasscodeSchema = z.string().superRefine((value, ctx) => {
  const weakness = passcodeWeakness(value);
  if (weakness) ctx.addIssue({ code: 'custom', message: WEAKNESS_MESSAGES[weakness], params: { weakness } });
});
export const RoomNameSchema = z.string().trim().min(1).max(60).regex(PLAIN_LINE, 'room name: one line of plain text');

export const CreateRoomRequestSchema = z.strictObject({
  name: RoomNameSchema.optional(),
  capacity: z.number().int().min(ROOM_CAPACITY_LIMITS.min).max(ROOM_CAPACITY_LIMITS.max).optional(),
  passcode: NewPasscodeSchema.optional(),
});
export type CreateRoomRequest = z.infer<typeof CreateRoomRequestSchema>;

/**
 * Rooms live in the peer-server's memory. After a restart a member rejoining sends `restore` with what it
 * knew of the room: if the code is free, the room is re-created with that code (and the passcode the member
 * joined with) and the member is its first seat; if the room exists, `restore` is ignored.
 */
export const RoomRestoreSchema = z.strictObject({
  capacity: z.number().int().min(ROOM_CAPACITY_LIMITS.min).max(ROOM_CAPACITY_LIMITS.max),
  name: RoomNameSchema.nullable(),
  /**
   * The latest `restoreTicket` from a join response. When the server has ROOM_TICKET_SECRET (production),
   * only a valid ticket restores a room, with the settings inside it (capacity, name, passcode hash);
   * without it (local), capacity/name are trusted for a short window after the server starts.
   */
  ticket: z.string().max(2048).optional(),
});
export type RoomRestore = z.infer<typeof RoomRestoreSchema>;

/**
 * A rejoin grant: signed by the server for one member (uid) of one room, valid about 15 minutes after the
 * join (or room lookup) that returned it. A join with a valid grant needs no passcode. Opaque to the client.
 */
export const RejoinGrantSchema = z.string().min(1).max(512);

export const JoinRoomRequestSchema = z.strictObject({
  displayName: DisplayNameSchema,
  badge: BadgeIdSchema.optional(),
  level: LevelSchema.optional(),
  passcode: PasscodeSchema.optional(),
  restore: RoomRestoreSchema.optional(),
  /** The latest `rejoinGrant` for this room: comes back without the passcode (invalid ones are ignored). */
  rejoinGrant: RejoinGrantSchema.optional(),
});
export type JoinRoomRequest = z.infer<typeof JoinRoomRequestSchema>;

/** A Firestore document id as clubs and marathons use them (auto ids are 20 characters). */
export const FirestoreIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'id: 1-128 of A-Z a-z 0-9 _ -');

/** A reading sprint's length in minutes: what a reader may choose (a test-only server setting shortens a minute). */
export const SPRINT_LIMITS = { minMinutes: 10, maxMinutes: 60, defaultMinutes: 25 } as const;
export const SprintMinutesSchema = z.number().int().min(SPRINT_LIMITS.minMinutes).max(SPRINT_LIMITS.maxMinutes);
export const SprintIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * A reading sprint as the room server keeps it. Instants are the server's clock (ms since the epoch): panels
 * count down against their estimate of the server's time (extension/features/room/server-clock.ts), never
 * their own clock. An ended sprint stays in the room info until the next one starts.
 */
export const SprintSchema = z.strictObject({
  id: SprintIdSchema,
  startedBy: z.string(),
  startedAt: z.number().int(),
  endsAt: z.number().int(),
  minutes: SprintMinutesSchema,
});
export type Sprint = z.infer<typeof SprintSchema>;

export const RoomSummarySchema = z.strictObject({
  code: CanonicalRoomCodeSchema,
  name: z.string().nullable(),
  capacity: z.number().int(),
  memberCount: z.number().int(),
  hasPasscode: z.boolean(),
  createdAt: z.number().int(),
  /** The club whose standing room this is (null for a plain room). */
  clubId: FirestoreIdSchema.nullable().default(null),
  /** The marathon whose leaderboard strip the room shows (set by the room's host). */
  pinnedMarathonId: FirestoreIdSchema.nullable().default(null),
  /** The running (or last ended) reading sprint. */
  sprint: SprintSchema.nullable().default(null),
});
/** As built and parsed; the club/pin/sprint fields are optional in the type (a parsed summary always has them). */
export type RoomSummary = z.input<typeof RoomSummarySchema>;
/** A summary with every field (what the server builds and a parse returns). */
export type RoomInfo = z.infer<typeof RoomSummarySchema>;

/** A member: public fields only. `peerId` is what other panels call with PeerJS (it equals `uid`). */
export const RoomMemberSchema = z.strictObject({
  uid: z.string(),
  peerId: PeerIdSchema,
  displayName: z.string(),
  badge: z.string().nullable(),
  level: z.number().int().nullable(),
  joinedAt: z.number().int(),
  /** False while the member's PeerJS socket is away (within the reconnect grace period). */
  connected: z.boolean(),
  /**
   * Signed in with Firebase anonymous auth (the web room's guests): display name from the join request, no badge or
   * level, no Firestore writes. The server always sends it; a member from a server before guests parses as false.
   */
  guest: z.boolean().default(false),
});
export type RoomMember = z.infer<typeof RoomMemberSchema>;

export const IceServerSchema = z.strictObject({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

export const IceServersResponseSchema = z.strictObject({
  iceServers: z.array(IceServerSchema),
  /** When TURN credentials stop working (ms since epoch); null when there are none. */
  expiresAt: z.number().int().nullable(),
});
export type IceServersResponse = z.infer<typeof IceServersResponseSchema>;

export const CreateRoomResponseSchema = z.strictObject({ room: RoomSummarySchema });
export type CreateRoomResponse = z.infer<typeof CreateRoomResponseSchema>;

/**
 * The per-room passcode attempt limit as the room's host sees it: wrong passcodes since the last right
 * one, and while new attempts are paused, until when (server clock) and for how many more seconds.
 */
export const PasscodeGuardViewSchema = z.strictObject({
  failedAttempts: z.number().int().nonnegative(),
  lockedUntil: z.number().int().nullable(),
  retryAfterSeconds: z.number().int().positive().nullable(),
});
export type PasscodeGuardView = z.infer<typeof PasscodeGuardViewSchema>;

/**
 * `members` is null for someone who is not in the room (they see only the summary). `passcodeGuard` is
 * there only for the room's host (its creator) when the room has a passcode.
 */
export const GetRoomResponseSchema = z.strictObject({
  room: RoomSummarySchema,
  members: z.array(RoomMemberSchema).nullable(),
  passcodeGuard: PasscodeGuardViewSchema.optional(),
  /** For members: a fresh rejoin grant (a long call refreshes its grant this way). */
  rejoinGrant: RejoinGrantSchema.optional(),
  /** Whether this reader may pin a marathon and run sprints: the creator of a plain room, a club's host or co-hosts. */
  isHost: z.boolean().default(false),
  /** The server's clock when it answered (ms since the epoch), for the panel's clock offset. */
  now: z.number().int().optional(),
});
export type GetRoomResponse = z.input<typeof GetRoomResponseSchema>;

/** Before the camera check: the room exists, has a seat, and (if it has one) the passcode is right. No seat is taken. */
export const CheckRoomRequestSchema = z.strictObject({ passcode: PasscodeSchema.optional() });
export type CheckRoomRequest = z.infer<typeof CheckRoomRequestSchema>;
export const CheckRoomResponseSchema = z.strictObject({ room: RoomSummarySchema });
export type CheckRoomResponse = z.infer<typeof CheckRoomResponseSchema>;

/**
 * GET /api/rooms/<CODE>/status, without a token (the web room asks at page load, before anyone signs in): what a
 * holder of the invite link may know and nothing more. `open`: a guest may ask to join; `full`: no free seat now;
 * `members_only`: a club's room (guests cannot join); `not_found`: no such room on the server. `passcode`: joining
 * needs the room's passcode. No name, member, host or count.
 */
export const RoomStatusSchema = z.enum(['open', 'full', 'members_only', 'not_found']);
export type RoomStatus = z.infer<typeof RoomStatusSchema>;
export const RoomStatusResponseSchema = z.strictObject({ status: RoomStatusSchema, passcode: z.boolean() });
export type RoomStatusResponse = z.infer<typeof RoomStatusResponseSchema>;

export const JoinRoomResponseSchema = z.strictObject({
  room: RoomSummarySchema,
  members: z.array(RoomMemberSchema),
  self: RoomMemberSchema,
  ice: IceServersResponseSchema,
  /** Keep the latest one with the room: `restore.ticket` after a server restart. Null when not configured. */
  restoreTicket: z.string().nullable(),
  /** Keep the latest one (not the passcode): `rejoinGrant` in a later join brings this member back. */
  rejoinGrant: RejoinGrantSchema.nullable(),
});
export type JoinRoomResponse = z.infer<typeof JoinRoomResponseSchema>;

export const LeaveRoomResponseSchema = z.strictObject({ left: z.boolean() });
export type LeaveRoomResponse = z.infer<typeof LeaveRoomResponseSchema>;

/**
 * A club's standing room: no passcode (club membership, checked against Firestore, is the gate) and the largest
 * capacity. The response is the room's summary; the reader then joins it by code like any room.
 */
export const ClubRoomResponseSchema = z.strictObject({ room: RoomSummarySchema, now: z.number().int() });
export type ClubRoomResponse = z.infer<typeof ClubRoomResponseSchema>;

export const PinMarathonRequestSchema = z.strictObject({ marathonId: FirestoreIdSchema.nullable() });
export type PinMarathonRequest = z.infer<typeof PinMarathonRequestSchema>;

export const StartSprintRequestSchema = z.strictObject({ minutes: SprintMinutesSchema });
export type StartSprintRequest = z.infer<typeof StartSprintRequestSchema>;
/** Cancel names the sprint, so a late cancel never ends the next one. */
export const CancelSprintRequestSchema = z.strictObject({ sprintId: SprintIdSchema });
export type CancelSprintRequest = z.infer<typeof CancelSprintRequestSchema>;

/** Pin, sprint start and cancel answer with the room as it now is and the server's clock. */
export const RoomUpdateResponseSchema = z.strictObject({ room: RoomSummarySchema, now: z.number().int() });
export type RoomUpdateResponse = z.infer<typeof RoomUpdateResponseSchema>;

export const API_ERROR_CODES = [
  'invalid_request',
  'unauthenticated',
  'origin_not_allowed',
  'rate_limited',
  'room_not_found',
  'room_full',
  'wrong_passcode',
  /** Too many wrong passcodes for this room: new attempts are paused (retryAfterSeconds). */
  'room_locked',
  'not_a_member',
  /** Pinning a marathon or running a sprint: only the room's host (a club's host or co-hosts) may. */
  'not_host',
  /** A sprint is already running in the room (cancel it first). */
  'sprint_running',
  /** The sprint named is not the room's running sprint (it ended, or another one started). */
  'no_sprint',
  /** There is no such club, or it has no standing room code. */
  'club_not_found',
  'payload_too_large',
  'not_found',
  /**
   * `POST /api/rooms/:code` (a room code the client proposed, so the room is created on the node a load balancer
   * routes that code to): a room with that code is already open. Pick another code and try again (409).
   */
  'room_code_taken',
  'shutting_down',
  'internal',
  /** Catalog (`/api/catalog/*`): every book source that could answer failed and we have nothing of our own (503, retryAfterSeconds). */
  'catalog_unavailable',
  /**
   * Too many new guests (anonymous accounts) from this address within the hour (GUEST_ADMISSIONS_PER_IP_HOUR):
   * 429 with retryAfterSeconds. Guests already admitted from the address carry on.
   */
  'guest_limit',
  /** A guest (anonymous account) asked for what needs a Chaekbang account: creating a room (403). */
  'account_required',
] as const;
export const ApiErrorCodeSchema = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

export const ApiErrorResponseSchema = z.strictObject({
  error: z.strictObject({
    code: ApiErrorCodeSchema,
    message: z.string(),
    retryAfterSeconds: z.number().int().optional(),
  }),
});
export type ApiErrorResponse = z.infer<typeof ApiErrorResponseSchema>;

/** Error codes the PeerJS socket reports in its `ERROR` message (payload.msg starts with the code). */
export const PEER_SOCKET_ERROR_CODES = [
  'unauthenticated',
  /** `id`, `token` or `key` repeated in the WebSocket URL (never sent by a real PeerJS client). */
  'invalid_parameters',
  'peer_id_not_yours',
  /** Sent to the old socket when the same user connects again: do not reconnect automatically. */
  'session_replaced',
  'reconnect_conflict',
  'shutting_down',
] as const;
export type PeerSocketErrorCode = (typeof PEER_SOCKET_ERROR_CODES)[number];
