import express, { type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import {
  CheckRoomRequestSchema,
  type CheckRoomResponse,
  CreateRoomRequestSchema,
  type CreateRoomResponse,
  type GetRoomResponse,
  type IceServersResponse,
  JoinRoomRequestSchema,
  type JoinRoomResponse,
  type LeaveRoomResponse,
  RoomCodeSchema,
} from '../../../shared/schemas/rooms-api';
import type { VerifyToken } from '../auth/verify-token';
import type { PeerServerConfig } from '../config';
import { ApiError } from '../errors';
import { type Authed, requireAuth } from '../http/auth';
import type { RateLimiter } from '../http/rate-limit';
import type { Metrics } from '../metrics';
import { iceServersFor } from '../turn/turn-credentials';
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
}): express.Router {
  const { config, rooms, verifyToken, uidLimiter, metrics, now } = deps;
  const router = express.Router();

  router.use(requireAuth(verifyToken, uidLimiter));
  router.use(express.json({ limit: '16kb', strict: true, type: () => true }));

  const uidOf = (req: Authed) => {
    if (!req.uid) throw new ApiError('unauthenticated', 'Sign in first.');
    return req.uid;
  };
  const codeOf = (req: Request) => parse(RoomCodeSchema, req.params.code, 'room code');

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
      res.json((await rooms.check(code, uidOf(req), body)) satisfies CheckRoomResponse);
    }),
  );

  router.post(
    '/rooms/:code/join',
    asyncRoute(async (req, res) => {
      const code = codeOf(req);
      const body = parse(JoinRoomRequestSchema, req.body, 'join request');
      const uid = uidOf(req);
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

  router.get(
    '/ice',
    asyncRoute((req, res) => {
      res.json(iceServersFor(config, uidOf(req), now()) satisfies IceServersResponse);
    }),
  );

  return router;
}
