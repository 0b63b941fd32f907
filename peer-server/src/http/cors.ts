import type { RequestHandler } from 'express';
import { originAllowed } from '../config';
import { ApiError } from '../errors';

/**
 * CORS for the configured origins only. A request from any other origin is refused outright
 * (403 origin_not_allowed), not just left without headers, so a page cannot even trigger side effects.
 * Requests without an Origin header (curl, health checks) are not browser cross-origin requests.
 */
export function corsMiddleware(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    // The web room (/r/<CODE>) is served by this server: its own origin is always allowed (a page elsewhere can never
    // send this server's host as its Origin).
    if (sameOrigin(origin, req.headers.host)) return next();
    if (!originAllowed(origin, allowed))
      return next(new ApiError('origin_not_allowed', `Origin ${origin} is not allowed to use this server.`));
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/** `origin` names this server's own host (and port), as the browser sent it in Host. */
export function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
