import express, { type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import {
  CancelSprintRequestSchema,
  CheckRoomRequestSchema,
  type CheckRoomResponse,
  type ClubRoomResponse,
  CreateRoomRequestSchema,
  type CreateRoomResponse,
  FirestoreIdSchema,
  type GetRoomResponse,
  type IceServersResponse,
  JoinRoomRequestSchema,
  type JoinRoomResponse,
  type LeaveRoomResponse,
  PinMarathonRequestSchema,
  RoomCodeSchema,
  type RoomStatusResponse,
  type RoomUpdateResponse,
  StartSprintRequestSchema,
} from '../../../shared/schemas/rooms-api';
import type { VerifyToken } from '../auth/verify-token';
import type { PeerServerConfig } from '../config';
import { ApiError } from '../errors';
import { type Authed, requireAuth } from '../http/auth';
import type { GuestAdmissions } from '../http/guest-admissions';
import type { RateLimiter } from '../http/rate-limit';
import type { Metrics } from '../metrics';
import { iceServersFor } from '../turn/turn-credentials';
import type { ClubDirectory } from './club-directory';
import type { RoomStore } from './room-store';

/** `middleware`: call next() once `fn` has finished (a route answers itself instead). */
const asyncRoute =
  (fn: (req: Authed, res: Response) => Promise<void> | void, middleware = false) =>
  (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => fn(req as Authed, res))
      .then(() => (middleware ? next() : undefined))
      .catch(next);
  };

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
  throw new ApiError('invalid_request', `Invalid ${what}${where}: ${issue?.message ?? 'invalid'}`);
}

/** The rooms API: `/api/rooms…` and `/api/ice`. Every route needs a Firebase ID token. */
export function roomsRouter(deps: {
  config: PeerServerConfig;
  rooms: RoomStore;
  verifyToken: VerifyToken;
  metrics: Metrics;
  uidLimiter: RateLimiter;
  now: () => number;
  /** Club membership from Firestore (club standing rooms). */
  clubs: ClubDirectory;
  /** New guests (anonymous accounts) per address per hour (GUEST_ADMISSIONS_PER_IP_HOUR). */
  guests: GuestAdmissions;
  clientIp: (req: Request) => string;
  /** SIGTERM drain: this node takes no new rooms (creates and restores get 503 shutting_down; HAProxy retries elsewhere). */
  draining?: () => boolean;
  /**
   * Token-free room status look-ups per address (on top of the server's per-address limit): they need no account,
   * so this bounds how fast one address can probe room codes (ROOM_STATUS_PER_IP_PER_MINUTE in create-server.ts).
   */
  statusLimiter?: RateLimiter;
}): express.Router {
  const { config, rooms, verifyToken, uidLimiter, metrics, now, clubs, guests, clientIp } = deps;
  const draining = deps.draining ?? (() => false);
  const refuseNewRoomWhileDraining = () => {
    if (draining())
      throw new ApiError('shutting_down', 'This server is restarting and takes no new rooms; try again in a moment.');
  };
  const router = express.Router();

  // The one route without a token: what the invite link's holder may know before signing in (the web room asks at
  // page load, so no account is made for a link that leads nowhere). Before requireAuth, so it answers first.
  router.get('/rooms/:code/status', (req, res, next) => {
    try {
      const limit = deps.statusLimiter?.take(clientIp(req));
      if (limit && !limit.ok)
        throw new ApiError('rate_limited', 'Too many room look-ups from this address; wait a moment.', limit.retryAfterSeconds);
      res.setHeader('Cache-Control', 'no-store');
      res.json(rooms.status(codeOf(req)) satisfies RoomStatusResponse);
    } catch (err) {
      next(err);
    }
  });

  router.use(requireAuth(verifyToken, uidLimiter));
  // A guest's uid is admitted once per address (see guest-admissions.ts); past the limit, new ones wait.
  router.use(
    asyncRoute(async (req) => {
      if (!req.guest || !req.uid) return;
      const verdict = await guests.admit(clientIp(req), req.uid);
      if (!verdict.ok) {
        throw new ApiError(
          'guest_limit',
          config.guestAdmissionsPerIpHour === 0
            ? 'This server does not admit guests: sign in with a Chaekbang account to join.'
            : `Too many guests have joined from your network in the last hour. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} min, or sign in with a Chaekbang account.`,
          verdict.retryAfterSeconds,
        );
      }
    }, true),
  );
  router.use(express.json({ limit: '16kb', strict: true, type: () => true }));

  const uidOf = (req: Authed) => {
    if (!req.uid) throw new ApiError('unauthenticated', 'Sign in first.');
    return req.uid;
  };
  const codeOf = (req: Request) => parse(RoomCodeSchema, req.params.code, 'room code');
  /**
   * A club room admits the club's active members only: Firestore is asked at every check and join (a member
   * removed from the club cannot come back), and the answer refreshes who the room's hosts are.
   */
  const admitToClubRoom = async (code: string, uid: string, guest: boolean) => {
    const clubId = rooms.clubOf(code);
    if (!clubId) return;
    if (guest) throw notForGuests();
    const membership = await clubs.membership(clubId, uid);
    rooms.setClubHost(code, uid, membership.host);
  };

  /** Guests cannot be club members (Firestore refuses anonymous accounts' writes): no Firestore read needed. */
  const notForGuests = () => new ApiError('not_a_member', "Only the club's members can join its room; guests cannot.");
  /** Guests join rooms by invitation; they create none (nor restore one on their word: room-store.ts). */
  const refuseGuestCreate = (req: Authed) => {
    if (req.guest) {
      throw new ApiError('account_required', 'Guests join rooms by invitation; creating a room needs a Chaekbang account.');
    }
  };

  // Before /rooms/:code/…: `club` is never a room code (codes have six characters).
  router.post(
    '/rooms/club/:clubId',
    asyncRoute(async (req, res) => {
      const clubId = parse(FirestoreIdSchema, req.params.clubId, 'club id');
      const uid = uidOf(req);
      if (req.guest) throw notForGuests();
      const membership = await clubs.membership(clubId, uid);
      if (rooms.clubOf(membership.roomCode) === undefined) refuseNewRoomWhileDraining();
      const room = rooms.ensureClubRoom({
        clubId,
        code: membership.roomCode,
        uid,
        host: membership.host,
        name: membership.name,
      });
      res.json({ room, now: now() } satisfies ClubRoomResponse);
    }),
  );

  router.post(
    '/rooms',
    asyncRoute(async (req, res) => {
      const body = parse(CreateRoomRequestSchema, req.body, 'create-room request');
      refuseGuestCreate(req);
      refuseNewRoomWhileDraining();
      const room = await rooms.create(uidOf(req), body);
      metrics.roomCreated();
      res.status(201).json({ room } satisfies CreateRoomResponse);
    }),
  );

  // A code the client proposed: behind a load balancer hashing on the code, the room is created on the node
  // that will serve it. A code already open here is room_code_taken (409): the client picks another.
  router.post(
    '/rooms/:code',
    asyncRoute(async (req, res) => {
      const code = codeOf(req);
      const body = parse(CreateRoomRequestSchema, req.body, 'create-room request');
      refuseGuestCreate(req);
      refuseNewRoomWhileDraining();
      const room = await rooms.create(uidOf(req), body, code);
      metrics.roomCreated();
      res.status(201).json({ room } satisfies CreateRoomResponse);
    }),
  );

  router.get(
    '/rooms/:code',
    asyncRoute((req, res) => {
      res.json(rooms.get(codeOf(req), uidOf(req)) satisfies GetRoomResponse);
    }),
  );

  // Before the camera check: the code, a free seat and the passcode, counted toward the room's attempt limit.
  router.post(
    '/rooms/:code/check',
    asyncRoute(async (req, res) => {
      const code = codeOf(req);
      const body = parse(CheckRoomRequestSchema, req.body, 'check request');
      await admitToClubRoom(code, uidOf(req), req.guest === true);
      res.json((await rooms.check(code, uidOf(req), body)) satisfies CheckRoomResponse);
    }),
  );

  router.post(
    '/rooms/:code/join',
    asyncRoute(async (req, res) => {
      const code = codeOf(req);
      const body = parse(JoinRoomRequestSchema, req.body, 'join request');
      const uid = uidOf(req);
      const guest = req.guest === true;
      if (body.restore && rooms.clubOf(code) === undefined) refuseNewRoomWhileDraining();
      // A valid ticket of a plain room needs no club look-up (after a node loss every moved room is restored at once).
      if (body.restore && rooms.clubOf(code) === undefined && !guest && !rooms.plainTicket(code, body.restore.ticket)) {
        // The server restarted and forgot the room. A club's code comes back as the club's room (members only),
        // never as a plain room whoever restores it would own.
        const clubId = await clubs.clubForCode(code);
        if (clubId) {
          const membership = await clubs.membership(clubId, uid);
          if (membership.roomCode === code) {
            rooms.ensureClubRoom({ clubId, code, uid, host: membership.host, name: membership.name });
          }
        }
      }
      await admitToClubRoom(code, uid, guest);
      const result = await rooms.join(code, uid, body, { guest });
      metrics.join();
      res.json({ ...result, ice: iceServersFor(config, uid, now()) } satisfies JoinRoomResponse);
    }),
  );

  router.post(
    '/rooms/:code/leave',
    asyncRoute((req, res) => {
      res.json({ left: rooms.leave(codeOf(req), uidOf(req)) } satisfies LeaveRoomResponse);
    }),
  );

  router.post(
    '/rooms/:code/pin',
    asyncRoute((req, res) => {
      const code = codeOf(req);
      const body = parse(PinMarathonRequestSchema, req.body, 'pin request');
      res.json({ room: rooms.pin(code, uidOf(req), body.marathonId), now: now() } satisfies RoomUpdateResponse);
    }),
  );

  router.post(
    '/rooms/:code/sprint',
    asyncRoute((req, res) => {
      const code = codeOf(req);
      const body = parse(StartSprintRequestSchema, req.body, 'sprint request');
      res.json({ room: rooms.startSprint(code, uidOf(req), body.minutes), now: now() } satisfies RoomUpdateResponse);
    }),
  );

  router.post(
    '/rooms/:code/sprint/cancel',
    asyncRoute((req, res) => {
      const code = codeOf(req);
      const body = parse(CancelSprintRequestSchema, req.body, 'cancel request');
      res.json({ room: rooms.cancelSprint(code, uidOf(req), body.sprintId), now: now() } satisfies RoomUpdateResponse);
    }),
  );

  router.get(
    '/ice',
    asyncRoute((req, res) => {
      res.json(iceServersFor(config, uidOf(req), now()) satisfies IceServersResponse);
    }),
  );

  return router;
}
