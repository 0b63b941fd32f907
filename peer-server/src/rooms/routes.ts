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
  type RoomUpdateResponse,
  StartSprintRequestSchema,
} from '../../../shared/schemas/rooms-api';
import type { VerifyToken } from '../auth/verify-token';
import type { PeerServerConfig } from '../config';
import { ApiError } from '../errors';
import { type Authed, requireAuth } from '../http/auth';
import type { RateLimiter } from '../http/rate-limit';
import type { Metrics } from '../metrics';
import { iceServersFor } from '../turn/turn-credentials';
import type { ClubDirectory } from './club-directory';
import type { RoomStore } from './room-store';

const asyncRoute =
  (fn: (req: Authed, res: Response) => Promise<void> | void) => (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => fn(req as Authed, res))
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
}): express.Router {
  const { config, rooms, verifyToken, uidLimiter, metrics, now, clubs } = deps;
  const router = express.Router();

  router.use(requireAuth(verifyToken, uidLimiter));
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
  const admitToClubRoom = async (code: string, uid: string) => {
    const clubId = rooms.clubOf(code);
    if (!clubId) return;
    const membership = await clubs.membership(clubId, uid);
    rooms.setClubHost(code, uid, membership.host);
  };

  // Before /rooms/:code/…: `club` is never a room code (codes have six characters).
  router.post(
    '/rooms/club/:clubId',
    asyncRoute(async (req, res) => {
      const clubId = parse(FirestoreIdSchema, req.params.clubId, 'club id');
      const uid = uidOf(req);
      const membership = await clubs.membership(clubId, uid);
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
      const room = await rooms.create(uidOf(req), body);
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
      await admitToClubRoom(code, uidOf(req));
      res.json((await rooms.check(code, uidOf(req), body)) satisfies CheckRoomResponse);
    }),
  );

  router.post(
    '/rooms/:code/join',
    asyncRoute(async (req, res) => {
      const code = codeOf(req);
      const body = parse(JoinRoomRequestSchema, req.body, 'join request');
      const uid = uidOf(req);
      if (body.restore && rooms.clubOf(code) === undefined) {
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
      await admitToClubRoom(code, uid);
      const result = await rooms.join(code, uid, body);
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
