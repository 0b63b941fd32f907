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
