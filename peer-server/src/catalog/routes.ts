import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { parseIsbn } from '../../../shared/isbn';
import {
  AvailabilityQuerySchema,
  BestsellersQuerySchema,
  CatalogBookParamsSchema,
  type CatalogBookResponse,
  CatalogSearchQuerySchema,
  LibrariesQuerySchema,
  NewBooksQuerySchema,
  PopularQuerySchema,
} from '../../../shared/schemas/catalog';
import type { VerifyToken } from '../auth/verify-token';
import { ApiError } from '../errors';
import { requireAuth } from '../http/auth';
import type { RateLimiter } from '../http/rate-limit';
import type { Logger } from '../logger';
import type { Catalog } from './catalog';
import { toReaderError } from './errors';

/** Turn a query or path parameter problem into 400 invalid_request naming the field (never echoing the value). */
function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? String(issue.path.join('.')) : '';
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown parameter ${issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}`
      : (issue?.message ?? 'invalid');
  throw new ApiError('invalid_request', `Invalid ${what}${field ? ` (${field})` : ''}: ${message}`);
}

/** The schemas check an ISBN-13's shape; its check digit is checked here (a mistyped one is a 400, not a 404). */
function checkDigit(isbn13: string, what: string): string {
  if (parseIsbn(isbn13)?.isbn13 !== isbn13)
    throw new ApiError('invalid_request', `Invalid ${what} (isbn13): ISBN-13 check digit does not match`);
  return isbn13;
}

/** A query string as zod sees it: repeated parameters (`?q=a&q=b`) are refused rather than guessed. */
function plainQuery(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (typeof value !== 'string')
      throw new ApiError('invalid_request', `Invalid query (${key.slice(0, 40)}): give it once, as plain text`);
    out[key] = value;
  }
  return out;
}

/**
 * The catalog API (`/api/catalog/*`, shared/schemas/catalog.ts). Every route needs a Firebase ID token and
 * takes a token from the server-wide per-user limiter and from the catalog's own per-user and per-IP ones
 * (the panel searches as the reader types). A failing catalog answers `catalog_unavailable` (503) with
 * Retry-After; the message is fixed text, never an upstream's.
 */
export function catalogRouter(deps: {
  catalog: Catalog;
  verifyToken: VerifyToken;
  uidLimiter: RateLimiter;
  catalogUidLimiter: RateLimiter;
  catalogIpLimiter: RateLimiter;
  clientIp: (req: Request) => string;
  logger: Logger;
}): express.Router {
  const { catalog, verifyToken, uidLimiter, catalogUidLimiter, catalogIpLimiter, clientIp, logger } = deps;
  const router = express.Router();

  router.use((req, _res, next) => {
    const limit = catalogIpLimiter.take(clientIp(req));
    if (!limit.ok)
      return next(
        new ApiError('rate_limited', 'Too many book searches from this address; wait a moment.', limit.retryAfterSeconds),
      );
    next();
  });
  router.use(requireAuth(verifyToken, uidLimiter, catalogUidLimiter));

  const route = (fn: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next(new ApiError('not_found', 'No such endpoint.'));
    fn(req, res).then(
      (body) => {
        res.setHeader('Cache-Control', 'private, no-store');
        res.json(body);
      },
      (error: unknown) => {
        if (error instanceof ApiError) return next(error);
        const reader = toReaderError(error);
        if (reader.code === 'internal')
          logger.error('catalog route failed', { path: req.path, error: error instanceof Error ? error.message : String(error) });
        else logger.warn('catalog unavailable', { path: req.path });
        next(
          reader.code === 'catalog_unavailable'
            ? new ApiError('catalog_unavailable', reader.message, reader.retryAfterSeconds)
            : new ApiError('internal', 'Something went wrong on the server; try again.'),
        );
      },
    );
  };

  router.get(
    '/search',
    route(async (req) => {
      const q = parse(CatalogSearchQuerySchema, plainQuery(req), 'search');
      return catalog.search(q.q, q.page);
    }),
  );
  router.get(
    '/books/:isbn13',
    route(async (req) => {
      const { isbn13 } = parse(CatalogBookParamsSchema, { isbn13: req.params.isbn13 }, 'ISBN-13');
      checkDigit(isbn13, 'ISBN-13');
      parse(z.strictObject({}), plainQuery(req), 'book lookup');
      const book = await catalog.book(isbn13);
      if (!book) throw new ApiError('not_found', 'No book source knows this ISBN.');
      return { book } satisfies CatalogBookResponse;
    }),
  );
  router.get(
    '/bestsellers',
    route(async (req) => {
      const q = parse(BestsellersQuerySchema, plainQuery(req), 'bestsellers query');
      return catalog.bestsellers(q.category, q.period, q.page);
    }),
  );
  router.get(
    '/new',
    route(async (req) => {
      const q = parse(NewBooksQuerySchema, plainQuery(req), 'new books query');
      return catalog.newBooks(q.category, q.order, q.maxPrice ?? null, q.page);
    }),
  );
  router.get(
    '/popular',
    route(async (req) => {
      const q = parse(PopularQuerySchema, plainQuery(req), 'popular query');
      return catalog.popular(q.category ?? null, q.window, q.page);
    }),
  );
  router.get(
    '/libraries',
    route(async (req) => {
      const q = parse(LibrariesQuerySchema, plainQuery(req), 'libraries query');
      return catalog.libraries(q.region, q.page);
    }),
  );
  router.get(
    '/availability',
    route(async (req) => {
      const q = parse(AvailabilityQuerySchema, plainQuery(req), 'availability query');
      checkDigit(q.isbn13, 'availability query');
      return catalog.availability(q.isbn13, q.libs);
    }),
  );
  // Anything else under /api/catalog (another path, another method) ends here, not in the rooms API.
  router.use((_req, _res, next) => next(new ApiError('not_found', 'No such catalog endpoint.')));
  return router;
}
