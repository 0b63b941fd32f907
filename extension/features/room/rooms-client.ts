import type { ZodType } from 'zod';
import { generateRoomCode } from '../../../shared/room-code';
import type { BookCard, ChatEntry } from '../../../shared/schemas/peer-messages';
import {
  ApiErrorResponseSchema,
  CheckRoomResponseSchema,
  type ClubRoomResponse,
  ClubRoomResponseSchema,
  type CreateRoomRequest,
  CreateRoomResponseSchema,
  type GetRoomResponse,
  GetRoomResponseSchema,
  type IceServer,
  JoinRoomResponseSchema,
  LeaveRoomResponseSchema,
  type RoomMember,
  type RoomSummary,
  type RoomUpdateResponse,
  RoomUpdateResponseSchema,
} from '../../../shared/schemas/rooms-api';
import { type JoinOptions, joinRequest } from './join-request';

export type { BookCard, ChatEntry };
export type ChatLine = ChatEntry;

/** Errors the room UI explains to the reader (server codes plus client-side ones). */
export type RoomErrorCode =
  | 'room_not_found'
  | 'room_full'
  | 'wrong_passcode'
  /** Client-side: the room has a passcode and none was entered. */
  | 'passcode_required'
  /** Too many wrong passcodes for the room: new attempts are paused for retryAfterSeconds. */
  | 'room_locked'
  | 'unauthenticated'
  | 'rate_limited'
  | 'server_unreachable'
  | 'invalid_request'
  | 'session_replaced'
  /** A club's room: the reader is not (or no longer) an active member of the club. */
  | 'not_a_member'
  /** There is no such club, or it has no room. */
  | 'club_not_found'
  /** Pinning a marathon or running a sprint: only the room's host may. */
  | 'not_host'
  | 'sprint_running'
  | 'no_sprint'
  /** Client-side: pinning needs the reader to be in a room. */
  | 'not_in_room'
  /** Too many new guests (web room, anonymous sign-in) from this address within the hour: 429, retryAfterSeconds. */
  | 'guest_limit'
  | 'internal';

export class RoomsApiError extends Error {
  override name = 'RoomsApiError';
  constructor(
    readonly code: RoomErrorCode,
    message: string,
    /** How long to wait before trying again (rate_limited, room_locked), when the server said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export type PeerServerOptions = { host: string; port: number; path: string; secure: boolean; key: string; token: string };

export type JoinResult = {
  code: string;
  room: RoomSummary;
  peerId: string;
  members: (RoomMember & { uid: string })[];
  iceServers: RTCIceServer[];
  peer: PeerServerOptions;
  /** Signed by the server (when it has a ticket secret): lets this member re-create the room after a restart. */
  restoreTicket: string | null;
  /** Signed by the server for this member: a later join with it needs no passcode (about 15 minutes). */
  rejoinGrant?: string | null;
};

export type RoomsClient = {
  create(request: CreateRoomRequest): Promise<RoomSummary>;
  join(code: string, options: JoinOptions): Promise<JoinResult>;
  leave(code: string): Promise<void>;
  /** The room's members as the server knows them (null if this reader is not in it). */
  members(code: string): Promise<RoomMember[] | null>;
  /**
   * Where and how to open the PeerJS socket (id = the reader's uid), known before any join. With `code`, the
   * socket URL carries the room code, so a load balancer sends it to the node that holds the room.
   */
  peerOptions(code?: string): Promise<PeerServerOptions>;
  /** A fresh rejoin grant for a member of `code` (null if not a member), so a long call keeps a valid one. */
  rejoinGrant?(code: string): Promise<string | null>;
};

/** What the lobby and the call add to what a room session needs. */
export type RoomsApi = RoomsClient & {
  /** Before the camera check: the room exists, has a seat, and the passcode (if it needs one) is right. */
  check(code: string, passcode: string | undefined): Promise<RoomSummary>;
  /** The room as this reader may see it (members for members; the passcode guard for its host). */
  get(code: string): Promise<GetRoomResponse>;
  /** A club's standing room (created on first use; members only). */
  clubRoom(clubId: string, roomCode?: string): Promise<ClubRoomResponse>;
  /** The room's host pins (or with null unpins) a marathon. */
  pin(code: string, marathonId: string | null): Promise<RoomUpdateResponse>;
  /** The room's host starts a reading sprint of `minutes` (10–60). */
  startSprint(code: string, minutes: number): Promise<RoomUpdateResponse>;
  /** The room's host cancels the running sprint. */
  cancelSprint(code: string, sprintId: string): Promise<RoomUpdateResponse>;
};

const KNOWN: readonly RoomErrorCode[] = [
  'room_not_found',
  'room_full',
  'wrong_passcode',
  'room_locked',
  'unauthenticated',
  'rate_limited',
  'invalid_request',
  'not_a_member',
  'club_not_found',
  'not_host',
  'sprint_running',
  'no_sprint',
  'guest_limit',
];

/**
 * Where PeerJS connects, derived from the peer-server's base URL (same host, ExpressPeerServer at /peerjs).
 * With a room code the path is `/peerjs/rooms/<CODE>` (the socket is then `/peerjs/rooms/<CODE>/peerjs?…`):
 * behind HAProxy every member's socket reaches the node that holds the room, like its rooms API calls
 * (`/api/rooms/<CODE>/…`). A single server accepts both forms.
 */
export function peerServerOptions(baseUrl: string, token: string, code?: string): PeerServerOptions {
  const url = new URL(baseUrl);
  const secure = url.protocol === 'https:';
  const base = url.pathname.replace(/\/+$/, '');
  return {
    host: url.hostname,
    port: Number(url.port || (secure ? 443 : 80)),
    path: code ? `${base}/peerjs/rooms/${encodeURIComponent(code)}` : `${base}/peerjs`,
    secure,
    key: 'peerjs',
    token,
  };
}

/** How many proposed codes a create tries before giving up (a clash is about 1 in 10^8 per open room). */
const CREATE_ATTEMPTS = 5;

/** The rooms API over fetch: every call carries a fresh Firebase ID token; every response is parsed. */
export function createRoomsClient(
  baseUrl: string,
  getIdToken: () => Promise<string>,
  fetchImpl: typeof fetch = fetch,
  /** Proposes room codes (tests pass a fixed sequence). */
  newCode: () => string = () => generateRoomCode(),
): RoomsApi {
  async function call<T>(method: string, path: string, schema: ZodType<T>, body?: unknown): Promise<T> {
    return send(method, `${baseUrl}${path}`, schema, body === undefined ? undefined : JSON.stringify(body));
  }
  async function send<T>(method: string, url: string, schema: ZodType<T>, body: string | undefined): Promise<T> {
    const path = url.slice(baseUrl.length);
    const token = await getIdToken();
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body,
      });
    } catch (err) {
      throw new RoomsApiError('server_unreachable', err instanceof Error ? err.message : String(err));
    }
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = ApiErrorResponseSchema.safeParse(json);
      const code = parsed.success ? parsed.data.error.code : 'internal';
      if (code === 'room_code_taken') throw new CodeTaken();
      const known = (KNOWN as readonly string[]).includes(code) ? (code as RoomErrorCode) : 'internal';
      throw new RoomsApiError(
        res.status >= 500 && !parsed.success ? 'server_unreachable' : known,
        parsed.success ? parsed.data.error.message : `HTTP ${res.status}`,
        parsed.success ? parsed.data.error.retryAfterSeconds : undefined,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new RoomsApiError('internal', `unexpected response from ${path}`);
    return parsed.data;
  }

  return {
    // The panel proposes the code (POST /api/rooms/<CODE>), so a load balancer hashing on the code creates the room
    // on the node that will serve it; a code already open there is refused (409) and another is tried.
    async create(request) {
      for (let attempt = 1; ; attempt++) {
        const code = newCode();
        try {
          return (await call('POST', `/api/rooms/${encodeURIComponent(code)}`, CreateRoomResponseSchema, request)).room;
        } catch (err) {
          if (!(err instanceof CodeTaken)) throw err;
          if (attempt >= CREATE_ATTEMPTS) throw new RoomsApiError('internal', 'Could not find a free room code; try again.');
        }
      }
    },
    async check(code, passcode) {
      const res = await call('POST', `/api/rooms/${encodeURIComponent(code)}/check`, CheckRoomResponseSchema, {
        ...(passcode ? { passcode } : {}),
      });
      return res.room;
    },
    async get(code) {
      return call('GET', `/api/rooms/${encodeURIComponent(code)}`, GetRoomResponseSchema);
    },
    async join(code, options) {
      const request = joinRequest(baseUrl, code, options);
      const res = await send('POST', request.url, JoinRoomResponseSchema, request.body);
      const token = await getIdToken();
      return {
        code: res.room.code,
        room: res.room,
        peerId: res.self.peerId,
        members: res.members,
        iceServers: res.ice.iceServers as IceServer[] as RTCIceServer[],
        peer: peerServerOptions(baseUrl, token, res.room.code),
        restoreTicket: res.restoreTicket,
        rejoinGrant: res.rejoinGrant,
      };
    },
    async rejoinGrant(code) {
      return (await call('GET', `/api/rooms/${encodeURIComponent(code)}`, GetRoomResponseSchema)).rejoinGrant ?? null;
    },
    async peerOptions(code) {
      return peerServerOptions(baseUrl, await getIdToken(), code);
    },
    async members(code) {
      return (await call('GET', `/api/rooms/${encodeURIComponent(code)}`, GetRoomResponseSchema)).members;
    },
    async leave(code) {
      await call('POST', `/api/rooms/${encodeURIComponent(code)}/leave`, LeaveRoomResponseSchema, {});
    },
    // `?room=<the club's roomCode>`: HAProxy routes on it (the server takes the code from the club document).
    async clubRoom(clubId, roomCode) {
      const query = roomCode ? `?room=${encodeURIComponent(roomCode)}` : '';
      return call('POST', `/api/rooms/club/${encodeURIComponent(clubId)}${query}`, ClubRoomResponseSchema, {});
    },
    async pin(code, marathonId) {
      return call('POST', `/api/rooms/${encodeURIComponent(code)}/pin`, RoomUpdateResponseSchema, { marathonId });
    },
    async startSprint(code, minutes) {
      return call('POST', `/api/rooms/${encodeURIComponent(code)}/sprint`, RoomUpdateResponseSchema, { minutes });
    },
    async cancelSprint(code, sprintId) {
      return call('POST', `/api/rooms/${encodeURIComponent(code)}/sprint/cancel`, RoomUpdateResponseSchema, { sprintId });
    },
  };
}

/** A proposed room code was already open on the server (409 room_code_taken): create tries another. */
class CodeTaken extends Error {}

/** Find a room code in what a reader pasted: a bare code, "ABC-234", or an invite link containing it. */
export function extractRoomCode(text: string): string | null {
  const match = text.toUpperCase().match(/(?:^|[^A-Z0-9])([2-9A-HJKMNP-Z]{3})[-\s]?([2-9A-HJKMNP-Z]{3})(?![A-Z0-9])/);
  return match ? `${match[1]}${match[2]}` : null;
}
