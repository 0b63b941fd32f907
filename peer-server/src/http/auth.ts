import type { NextFunction, Request, Response } from 'express';
import { AuthError, type VerifyToken } from '../auth/verify-token';
import { ApiError } from '../errors';
import type { RateLimiter } from './rate-limit';

/** `guest`: the token is an anonymous account's (the web room's guests). */
export type Authed = Request & { uid?: string; guest?: boolean };

/**
 * Express middleware: `Authorization: Bearer <Firebase ID token>` is verified and the uid (and whether it is a
 * guest) put on the request; then the uid takes a token from each limiter (429 rate_limited with Retry-After
 * when empty).
 */
export function requireAuth(verifyToken: VerifyToken, ...uidLimiters: RateLimiter[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1])
      return next(new ApiError('unauthenticated', 'Sign in first: send Authorization: Bearer <Firebase ID token>.'));
    verifyToken(match[1]).then(
      ({ uid, guest }) => {
        (req as Authed).uid = uid;
        (req as Authed).guest = guest;
        for (const limiter of uidLimiters) {
          const limit = limiter.take(uid);
          if (!limit.ok)
            return next(new ApiError('rate_limited', 'Too many requests; wait a moment and try again.', limit.retryAfterSeconds));
        }
        next();
      },
      (err: unknown) => next(err instanceof AuthError ? new ApiError('unauthenticated', err.message) : err),
    );
  };
}
