import { type ZodType, z } from 'zod';
import type { CategoryId } from '../../../shared/categories';
import {
  type AvailabilityResponse,
  AvailabilityResponseSchema,
  type BestsellerPeriod,
  type BestsellersResponse,
  BestsellersResponseSchema,
  CATALOG_API,
  CATALOG_LIMITS,
  type CatalogBookResponse,
  CatalogBookResponseSchema,
  type CatalogSearchResponse,
  CatalogSearchResponseSchema,
  type LibrariesResponse,
  LibrariesResponseSchema,
  type LibraryRegion,
  type NewBookOrder,
  type NewBooksResponse,
  NewBooksResponseSchema,
  type PopularResponse,
  PopularResponseSchema,
} from '../../../shared/schemas/catalog';

type InterestId = Exclude<CategoryId, 'other'>;

/**
 * What can go wrong when the panel asks the catalog, as the reader is told it (catalog-errors.ts):
 * never the server's or an upstream's own text.
 */
export const CATALOG_ERROR_CODES = [
  /** Every source failed (or is over quota) and our own data had nothing: try again later. */
  'unavailable',
  'rate_limited',
  'unauthenticated',
  'not_found',
  'invalid_request',
  /** Network failure, or a non-JSON answer from something in between (a proxy's 502 page). */
  'server_unreachable',
  /** The server answered something this panel cannot read. */
  'internal',
] as const;
export type CatalogErrorCode = (typeof CATALOG_ERROR_CODES)[number];

export class CatalogClientError extends Error {
  override name = 'CatalogClientError';
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The caller cancelled (a newer query replaced this one): not an error to show. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException ? err.name === 'AbortError' : err instanceof Error && err.name === 'AbortError';
}

/**
 * The rooms API's error envelope, read loosely: a code this panel does not know yet (a newer server)
 * still gives a clear message, not a parse failure.
 */
const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string().max(64),
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
});

const SERVER_CODES: Record<string, CatalogErrorCode> = {
  catalog_unavailable: 'unavailable',
  shutting_down: 'unavailable',
  rate_limited: 'rate_limited',
  unauthenticated: 'unauthenticated',
  not_found: 'not_found',
  invalid_request: 'invalid_request',
  payload_too_large: 'invalid_request',
};

export type CallOptions = { signal?: AbortSignal | undefined };

export type CatalogClient = {
  search(q: string, page?: number, options?: CallOptions): Promise<CatalogSearchResponse>;
  book(isbn13: string, options?: CallOptions): Promise<CatalogBookResponse>;
  bestsellers(
    query: { category: InterestId; period?: BestsellerPeriod; page?: number },
    options?: CallOptions,
  ): Promise<BestsellersResponse>;
  newBooks(
    query: { category: InterestId; order?: NewBookOrder; maxPrice?: number | null; page?: number },
    options?: CallOptions,
  ): Promise<NewBooksResponse>;
  popular(
    query: { category?: InterestId | null; window?: '7d' | '30d'; page?: number },
    options?: CallOptions,
  ): Promise<PopularResponse>;
  libraries(query: { region: LibraryRegion; page?: number }, options?: CallOptions): Promise<LibrariesResponse>;
  availability(query: { isbn13: string; libs: readonly string[] }, options?: CallOptions): Promise<AvailabilityResponse>;
};

function queryString(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The catalog API over fetch (`/api/catalog/*` on the peer-server): every call carries a fresh Firebase ID
 * token, can be cancelled with an AbortSignal, and every answer is parsed with the shared response schemas.
 * Errors are CatalogClientErrors by code; a cancelled call rejects with the AbortError as it is.
 */
export function createCatalogClient(
  baseUrl: string,
  getIdToken: () => Promise<string>,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): CatalogClient {
  async function get<T>(path: string, schema: ZodType<T>, signal: AbortSignal | undefined): Promise<T> {
    signal?.throwIfAborted();
    let token: string;
    try {
      token = await getIdToken();
    } catch (err) {
      throw new CatalogClientError('unauthenticated', err instanceof Error ? err.message : String(err));
    }
    signal?.throwIfAborted();
    let res: Response;
    try {
      res = await fetchImpl(`${baseUrl}${path}`, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (isAbort(err) || signal?.aborted) throw signal?.reason ?? err;
      throw new CatalogClientError('server_unreachable', err instanceof Error ? err.message : String(err));
    }
    let json: unknown = null;
    try {
      json = await res.json();
    } catch (err) {
      if (isAbort(err) || signal?.aborted) throw signal?.reason ?? err;
    }
    if (!res.ok) {
      const envelope = ErrorEnvelopeSchema.safeParse(json);
      const retryHeader = Number(res.headers.get('retry-after'));
      const headerSeconds = Number.isFinite(retryHeader) && retryHeader > 0 ? Math.ceil(retryHeader) : undefined;
      const retryAfter = (envelope.success ? envelope.data.error.retryAfterSeconds : undefined) ?? headerSeconds;
      if (!envelope.success) {
        const code: CatalogErrorCode =
          res.status === 429 ? 'rate_limited' : res.status === 401 ? 'unauthenticated' : 'server_unreachable';
        throw new CatalogClientError(code, `HTTP ${res.status}`, retryAfter);
      }
      const code = SERVER_CODES[envelope.data.error.code] ?? (res.status === 503 ? 'unavailable' : 'internal');
      throw new CatalogClientError(code, `HTTP ${res.status} ${envelope.data.error.code}`, retryAfter);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CatalogClientError('internal', `unexpected response from ${path.split('?')[0]}`);
    return parsed.data;
  }

  return {
    search(q, page = 1, options = {}) {
      const query = q.trim().slice(0, CATALOG_LIMITS.query);
      return get(`${CATALOG_API.search.path}${queryString({ q: query, page })}`, CatalogSearchResponseSchema, options.signal);
    },
    book(isbn13, options = {}) {
      return get(CATALOG_API.book.path.replace(':isbn13', encodeURIComponent(isbn13)), CatalogBookResponseSchema, options.signal);
    },
    bestsellers({ category, period = 'weekly', page = 1 }, options = {}) {
      return get(
        `${CATALOG_API.bestsellers.path}${queryString({ category, period, page })}`,
        BestsellersResponseSchema,
        options.signal,
      );
    },
    newBooks({ category, order = 'latest', maxPrice, page = 1 }, options = {}) {
      return get(
        `${CATALOG_API.newBooks.path}${queryString({ category, order, maxPrice, page })}`,
        NewBooksResponseSchema,
        options.signal,
      );
    },
    popular({ category, window = '7d', page = 1 }, options = {}) {
      return get(`${CATALOG_API.popular.path}${queryString({ category, window, page })}`, PopularResponseSchema, options.signal);
    },
    libraries({ region, page = 1 }, options = {}) {
      return get(`${CATALOG_API.libraries.path}${queryString({ region, page })}`, LibrariesResponseSchema, options.signal);
    },
    availability({ isbn13, libs }, options = {}) {
      return get(
        `${CATALOG_API.availability.path}${queryString({ isbn13, libs: libs.slice(0, CATALOG_LIMITS.homeLibraries).join(',') })}`,
        AvailabilityResponseSchema,
        options.signal,
      );
    },
  };
}
