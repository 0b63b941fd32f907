import type { InterestId } from '../../../../shared/catalog-categories';
import type {
  BestsellerPeriod,
  CatalogBook,
  CatalogProviderId,
  Library,
  LibraryRegion,
} from '../../../../shared/schemas/catalog';
import type { UpstreamRequest } from '../fetch-upstream';

/** What a source can be asked. */
export const CAPABILITIES = ['isbn', 'search', 'bestsellers', 'new', 'popular', 'libraries', 'availability'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export type ProviderContext = {
  baseUrl: string;
  key: string | null;
  /** For the User-Agent where a source asks for a contact (Open Library). */
  contact: string | null;
};

export type PageParams = { page: number; pageSize: number };

/**
 * One catalog source. Request builders return the upstream request (URL with parameters, headers with the
 * key); `normalizeResponse(id, endpoint, body)` reads every book answer. A source supports exactly the
 * capabilities it has a builder for.
 */
export type CatalogProvider = {
  id: CatalogProviderId;
  /** A keyed source is off without its key. */
  keyed: boolean;
  /** Published rate (token bucket). */
  ratePerSecond: number;
  isbn?(isbn13: string, ctx: ProviderContext): UpstreamRequest;
  search?(query: string, page: PageParams, ctx: ProviderContext): UpstreamRequest;
  bestsellers?(category: InterestId, period: BestsellerPeriod, page: PageParams, ctx: ProviderContext): UpstreamRequest;
  /** New books in a category, newest first (ordering by price or at random happens on our side). */
  newBooks?(category: InterestId, page: PageParams, ctx: ProviderContext, today: Date): UpstreamRequest;
  /** Popular loans by KDC over the last `days`. */
  popular?(category: InterestId | null, days: number, page: PageParams, ctx: ProviderContext, today: Date): UpstreamRequest;
  libraries?(region: LibraryRegion, page: PageParams, ctx: ProviderContext): UpstreamRequest;
  availability?(isbn13: string, libCode: string, ctx: ProviderContext): UpstreamRequest;
  /**
   * How an HTTP status other than 2xx reads for this source: `empty` (no results), `body` (the body says;
   * let normalize judge it) or `error` (the generic 4xx/5xx rules). Default: 404 → body.
   */
  statusMeaning?(status: number, endpoint: string): 'empty' | 'body' | 'error';
};

export type { CatalogBook, Library };

/** Build a URL under the base with query parameters (empty values left out). */
export function upstreamUrl(baseUrl: string, path: string, params: Record<string, string | number | null | undefined>): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    url.searchParams.set(name, String(value));
  }
  return url.href;
}

export function request(
  provider: CatalogProviderId,
  baseUrl: string,
  endpoint: string,
  params: Record<string, string | number | null | undefined>,
  headers: Record<string, string> = {},
): UpstreamRequest {
  return { provider, url: upstreamUrl(baseUrl, endpoint, params), endpoint, headers: { accept: 'application/json', ...headers } };
}

/** YYYYMMDD / YYYY-MM-DD of a date `daysAgo` before `today`, in Korean time. */
export function kstDate(today: Date, daysAgo: number, dashed: boolean): string {
  const d = new Date(today.getTime() + 9 * 3600_000 - daysAgo * 86_400_000);
  const ymd = [d.getUTCFullYear(), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0')];
  return ymd.join(dashed ? '-' : '');
}
