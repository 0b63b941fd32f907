import type { InterestId } from '../../../shared/catalog-categories';
import { INTEREST_IDS } from '../../../shared/categories';
import { parseIsbn } from '../../../shared/isbn';
import {
  type AvailabilityResponse,
  type AvailabilityStatus,
  attributionFor,
  type BestsellerPeriod,
  type BestsellersResponse,
  CATALOG_LIMITS,
  CATALOG_PROVIDERS,
  type CatalogAttribution,
  type CatalogBook,
  type CatalogProviderId,
  type CatalogSearchResponse,
  type LibrariesResponse,
  type Library,
  type LibraryRegion,
  type NewBookOrder,
  type NewBooksResponse,
  type PopularEntry,
  type PopularResponse,
  type ProviderStatus,
} from '../../../shared/schemas/catalog';
import type { SharedCounter } from '../cluster/shared-counter';
import { type Logger, silentLogger } from '../logger';
import { inBackground, isBackground } from './background';
import { CircuitBreaker, type CircuitOptions, DEFAULT_CIRCUIT } from './circuit-breaker';
import { type Clock, systemClock } from './clock';
import type { CatalogConfig } from './config';
import { CatalogUnavailableError, CatalogUpstreamError } from './errors';
import { type FetchLike, fetchUpstream, type UpstreamRequest } from './fetch-upstream';
import { loanCounts, normalizeAvailability, normalizeLibraries, normalizeResponse } from './normalize';
import { ORDER, PROVIDERS } from './providers/index';
import { openLibraryRate } from './providers/open-library';
import type { CatalogProvider, PageParams, ProviderContext } from './providers/types';
import { DailyCounter, TokenBucket } from './quota';
import { CACHE_TTLS, type CacheKind, SwrCache } from './swr-cache';

/**
 * Our own data, the embedded default that works with no keys and no network: books readers shelved
 * (`books/` records) and "popular in our clubs" counts. The server wires these to Firestore (admin SDK).
 * A failure here is logged and reads as "nothing of ours".
 */
export type LocalSearch = (query: string, page: PageParams) => Promise<CatalogBook[]>;
export type LocalBook = (isbn13: string) => Promise<CatalogBook | null>;
export type LocalPopular = (
  category: InterestId | null,
  window: '7d' | '30d',
  page: PageParams,
) => Promise<{ book: CatalogBook; clubScore: number }[]>;

/** Our own books in one category, newest first (the lists' last step when no source has one). */
export type LocalCategory = (category: InterestId, page: PageParams) => Promise<CatalogBook[]>;

export type CatalogDeps = {
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  /** Keyword search over the books readers shelved (the last step of a search). */
  localSearch?: LocalSearch;
  /** One shelved book by ISBN-13 (the last step of a lookup). */
  localBook?: LocalBook;
  /** "Popular in our clubs" (shelf adds, finishes, ratings within the window). */
  localPopular?: LocalPopular;
  /** Our own books in a category: bestsellers and new books fall back to it when no source has a list. */
  localCategory?: LocalCategory;
  /** For "a random pick" (tests inject a seeded one). */
  random?: () => number;
  circuit?: CircuitOptions;
  cacheEntries?: number;
  /** A cluster's shared counter (Redis): daily provider quotas then count every node's calls. */
  counter?: SharedCounter;
};

type Answer<T> = { value: T; sources: CatalogAttribution[] };
type BookList = { books: CatalogBook[]; sources: CatalogAttribution[]; hasMore: boolean };

const PAGE_SIZE = CATALOG_LIMITS.pageSize;

function pageParams(page: number): PageParams {
  return { page, pageSize: PAGE_SIZE };
}

/**
 * The catalog: sources tried in order with timeouts, circuit breakers, quotas, single-flight and a
 * stale-while-revalidate cache in front. Every method answers with the shape of its route's response
 * schema (shared/schemas/catalog.ts), or throws `CatalogUnavailableError` when every source that could
 * answer failed (the route turns it into a clear message; upstream text never reaches the reader).
 */
export function createCatalog(config: CatalogConfig, deps: CatalogDeps = {}) {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const fetchImpl: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  const random = deps.random ?? Math.random;
  /** Our own data never breaks an answer: a failure is logged and reads as nothing found. */
  async function ours<T>(what: string, run: (() => Promise<T>) | undefined, fallback: T): Promise<T> {
    if (!run) return fallback;
    try {
      return await run();
    } catch (error) {
      logger.warn('catalog local data failed', { what, error: error instanceof Error ? error.message : String(error) });
      return fallback;
    }
  }

  type State = { provider: CatalogProvider; breaker: CircuitBreaker; bucket: TokenBucket; daily: DailyCounter; calls: number };
  const states = new Map<CatalogProviderId, State>();
  for (const id of CATALOG_PROVIDERS) {
    const provider = PROVIDERS[id];
    const settings = config.providers[id];
    const rate = id === 'open-library' ? openLibraryRate(config.contact) : provider.ratePerSecond;
    states.set(id, {
      provider,
      breaker: new CircuitBreaker(clock, deps.circuit ?? DEFAULT_CIRCUIT),
      bucket: new TokenBucket(clock, rate),
      daily: new DailyCounter(
        clock,
        settings.dailyLimit,
        undefined,
        deps.counter ? { counter: deps.counter, key: `catalog:quota:${id}` } : undefined,
      ),
      calls: 0,
    });
  }
  const state = (id: CatalogProviderId): State => states.get(id) as State;
  const context = (id: CatalogProviderId): ProviderContext => ({
    baseUrl: config.providers[id].baseUrl,
    key: config.providers[id].key,
    contact: config.contact,
  });
  const isOn = (id: CatalogProviderId) => config.providers[id].enabled;

  const cache = new SwrCache<unknown>(clock, deps.cacheEntries ?? 5000, (key, error) =>
    logger.warn('catalog refresh failed', { key, error: error instanceof Error ? error.message : String(error) }),
  );

  /** One guarded call: breaker → rate → daily quota → fetch (timeout, size cap) → status → parse. */
  async function call<T>(id: CatalogProviderId, req: UpstreamRequest, parse: (text: string) => T, empty: T): Promise<T> {
    const s = state(id);
    if (!isOn(id)) throw new CatalogUpstreamError(id, 'off', 'not configured');
    // The server's own work never takes the readers' reserve of a source's rate (background.ts).
    const keep = isBackground() ? s.bucket.reserve : 0;
    if (!s.breaker.tryAcquire())
      throw new CatalogUpstreamError(id, 'circuit-open', 'circuit open', {
        retryAfterMs: Math.max(0, (s.breaker.retryAt ?? 0) - clock.now()),
      });
    if (!s.bucket.tryTake(keep)) {
      s.breaker.release();
      throw new CatalogUpstreamError(id, 'quota', 'over its rate for now');
    }
    if (!s.daily.tryCount()) {
      s.breaker.release();
      throw new CatalogUpstreamError(id, 'quota', 'daily quota reached its stop line');
    }
    s.calls += 1;
    try {
      const answer = await fetchUpstream(req, {
        fetch: fetchImpl,
        clock,
        timeoutMs: config.timeoutMs,
        maxBodyBytes: config.maxBodyBytes,
      });
      const value = interpret(id, req, answer.status, answer.text, answer.retryAfterMs, parse, empty);
      s.breaker.success();
      return value;
    } catch (error) {
      const upstream =
        error instanceof CatalogUpstreamError ? error : new CatalogUpstreamError(id, 'bad-response', 'unreadable answer');
      if (upstream.countsAsFailure) s.breaker.failure(upstream.details.retryAfterMs);
      else s.breaker.release();
      logger.warn('catalog source failed', {
        provider: id,
        endpoint: req.endpoint,
        kind: upstream.kind,
        status: upstream.details.status,
      });
      throw upstream;
    }
  }

  function interpret<T>(
    id: CatalogProviderId,
    req: UpstreamRequest,
    status: number,
    text: string,
    retryAfterMs: number | null,
    parse: (text: string) => T,
    empty: T,
  ): T {
    const details = { status, ...(retryAfterMs !== null ? { retryAfterMs } : {}) };
    if (status >= 200 && status < 300) return parse(text);
    const meaning = state(id).provider.statusMeaning?.(status, req.endpoint) ?? (status === 404 ? 'body' : 'error');
    if (meaning === 'empty') return empty;
    if (meaning === 'body') {
      try {
        return parse(text);
      } catch (error) {
        if (status === 404) return empty;
        if (error instanceof CatalogUpstreamError && error.kind !== 'bad-response') throw error;
      }
    }
    if (status === 429) throw new CatalogUpstreamError(id, 'rate-limited', 'HTTP 429', details);
    if (status === 401 || status === 403) throw new CatalogUpstreamError(id, 'auth', `HTTP ${status}`, details);
    if (status >= 500) throw new CatalogUpstreamError(id, 'unavailable', `HTTP ${status}`, details);
    if (status === 404) return empty;
    throw new CatalogUpstreamError(id, 'bad-request', `HTTP ${status}`, details);
  }

  /**
   * Try sources in order; the first non-empty answer wins. Returns the sources that answered (empty or
   * not). Throws CatalogUnavailableError when at least one source failed and none gave anything.
   */
  async function chain<T>(
    ids: readonly CatalogProviderId[],
    build: (provider: CatalogProvider, id: CatalogProviderId) => UpstreamRequest | null,
    parse: (id: CatalogProviderId, req: UpstreamRequest) => (text: string) => T,
    isEmpty: (value: T) => boolean,
    empty: T,
  ): Promise<Answer<T> & { degraded: boolean }> {
    const failures: CatalogUpstreamError[] = [];
    const answered: CatalogAttribution[] = [];
    for (const id of ids) {
      if (!isOn(id)) continue;
      const req = build(state(id).provider, id);
      if (!req) continue;
      try {
        const value = await call(id, req, parse(id, req), empty);
        answered.push(attributionFor(id));
        if (!isEmpty(value)) return { value, sources: [attributionFor(id)], degraded: failures.length > 0 };
      } catch (error) {
        failures.push(error instanceof CatalogUpstreamError ? error : new CatalogUpstreamError(id, 'bad-response', 'failed'));
      }
    }
    if (failures.length > 0 && answered.length === 0) {
      const retry = failures.map((f) => f.details.retryAfterMs).filter((ms): ms is number => typeof ms === 'number');
      throw new CatalogUnavailableError('every catalog source failed', failures, retry.length ? Math.min(...retry) : undefined);
    }
    return { value: empty, sources: answered, degraded: failures.length > 0 };
  }

  const booksParser = (id: CatalogProviderId, req: UpstreamRequest) => (text: string) =>
    normalizeResponse(id, req.endpoint, text);
  const noBooks = (books: CatalogBook[]) => books.length === 0;

  async function cached<T>(
    key: string,
    kind: CacheKind,
    load: () => Promise<T & { degraded?: boolean }>,
    isEmpty: (v: T) => boolean,
  ): Promise<T> {
    const result = await cache.get(key, load as () => Promise<unknown>, {
      kind,
      isEmpty: (v) => isEmpty(v as T),
      // An answer from a fallback because an earlier source failed is kept only minutes: then the first
      // source is tried again.
      ttl: (v) => ((v as { degraded?: boolean }).degraded ? CACHE_TTLS.degraded : null),
    });
    // `degraded` steers the cache only; answers carry exactly their response schema's fields.
    const { degraded: _degraded, ...value } = result.value as T & { degraded?: boolean };
    return value as T;
  }

  const withCategory = (books: CatalogBook[], category: InterestId) =>
    books.map((b) => (b.category === 'other' ? { ...b, category } : b));

  /** The ISBN sources in order, uncached: the first that knows the book wins. */
  const isbnChain = (isbn13: string) =>
    chain(
      ORDER.isbn,
      (p, id) => p.isbn?.(isbn13, context(id)) ?? null,
      (id, req) => (text) => normalizeResponse(id, req.endpoint, text).filter((b) => b.isbn13 === isbn13),
      noBooks,
      [] as CatalogBook[],
    );

  async function upstreamBook(isbn13: string): Promise<{ book: CatalogBook | null; sources: CatalogAttribution[] }> {
    return cached(
      `isbn:${isbn13}`,
      'isbn',
      async () => {
        const answer = await isbnChain(isbn13);
        return { book: answer.value[0] ?? null, sources: answer.sources, degraded: answer.degraded };
      },
      (v) => v.book === null,
    );
  }

  /**
   * For the server's verification of readers' records: the ISBN sources asked now (no cache, no records of ours), and
   * whether the answer is complete (every source on answered; none skipped, over its rate or failing). An incomplete
   * "not found" says nothing about the book: the verifier asks again later.
   */
  async function lookupIsbn(isbn13: string): Promise<{ book: CatalogBook | null; complete: boolean }> {
    try {
      const answer = await isbnChain(isbn13);
      return { book: answer.value[0] ?? null, complete: !answer.degraded };
    } catch (error) {
      if (error instanceof CatalogUnavailableError) return { book: null, complete: false };
      throw error;
    }
  }

  /** One book by ISBN-13: seoji → YES24 → Kakao → Google Books → Open Library → our own records. */
  async function book(isbn13: string): Promise<CatalogBook | null> {
    let upstream: { book: CatalogBook | null } = { book: null };
    let failure: unknown = null;
    try {
      upstream = await upstreamBook(isbn13);
    } catch (error) {
      failure = error;
    }
    if (upstream.book) return upstream.book;
    const mine = await ours('book', deps.localBook && (() => (deps.localBook as LocalBook)(isbn13)), null);
    if (mine) return mine;
    if (failure) throw failure;
    return null;
  }

  /** Search: an ISBN in any form is an exact lookup; otherwise YES24 → Kakao → our own data. */
  async function search(query: string, page = 1): Promise<CatalogSearchResponse> {
    const q = query.trim().slice(0, CATALOG_LIMITS.query);
    const isbn = parseIsbn(q);
    if (isbn && q.replace(/[\s\-–]|isbn[:\s]*/gi, '').length <= 13) {
      const found = await book(isbn.isbn13);
      return {
        query: q,
        kind: 'isbn',
        page: 1,
        books: found ? [found] : [],
        hasMore: false,
        sources: found ? [found.source] : [],
      };
    }
    const key = `search:${q.toLowerCase().replace(/\s+/g, ' ')}:${page}`;
    let upstream: BookList = { books: [], sources: [], hasMore: false };
    let failure: unknown = null;
    try {
      upstream = await cached<BookList>(
        key,
        'search',
        async () => {
          const answer = await chain(
            ORDER.search,
            (p, id) => p.search?.(q, pageParams(page), context(id)) ?? null,
            booksParser,
            noBooks,
            [],
          );
          return {
            books: answer.value,
            sources: answer.sources,
            hasMore: answer.value.length >= PAGE_SIZE,
            degraded: answer.degraded,
          };
        },
        (v) => v.books.length === 0,
      );
    } catch (error) {
      failure = error;
    }
    if (upstream.books.length > 0) return { query: q, kind: 'keyword', page, ...upstream };
    const mine = await ours('search', deps.localSearch && (() => (deps.localSearch as LocalSearch)(q, pageParams(page))), []);
    if (mine.length === 0 && failure) throw failure;
    return {
      query: q,
      kind: 'keyword',
      page,
      books: mine.slice(0, PAGE_SIZE),
      hasMore: mine.length >= PAGE_SIZE,
      sources: mine.length > 0 ? [attributionFor('chaekbang', null)] : upstream.sources,
    };
  }

  /**
   * A list no source could give (every source off, or none had it): our own data, named as such. Bestsellers
   * take the category's most popular books in our clubs (30 days), then the category's shelved books; new
   * books take the category's shelved books. Throws the sources' failure when we have nothing either.
   */
  async function ownList(what: 'bestsellers' | 'new', category: InterestId, page: number, failure: unknown): Promise<BookList> {
    let books: CatalogBook[] = [];
    if (what === 'bestsellers') {
      const club = await ours(
        'popular',
        deps.localPopular && (() => (deps.localPopular as LocalPopular)(category, '30d', pageParams(page))),
        [],
      );
      books = club.map((entry) => entry.book);
    }
    if (books.length === 0) {
      books = await ours(
        'category',
        deps.localCategory && (() => (deps.localCategory as LocalCategory)(category, pageParams(page))),
        [],
      );
    }
    if (books.length === 0 && failure) throw failure;
    return {
      books,
      sources: books.length > 0 ? [attributionFor('chaekbang', null)] : [],
      hasMore: books.length >= PAGE_SIZE,
    };
  }

  async function bestsellers(category: InterestId, period: BestsellerPeriod = 'weekly', page = 1): Promise<BestsellersResponse> {
    let failure: unknown = null;
    const list = await cached<BookList>(
      `best:${category}:${period}:${page}`,
      'list',
      async () => {
        const answer = await chain(
          ORDER.bestsellers,
          (p, id) =>
            p.bestsellers?.(category, period, pageParams(page), context(id)) ??
            p.popular?.(
              category,
              period === 'daily' || period === 'realtime' ? 7 : 30,
              pageParams(page),
              context(id),
              new Date(clock.now()),
            ) ??
            null,
          booksParser,
          noBooks,
          [],
        );
        const books = withCategory(answer.value, category);
        return { books, sources: answer.sources, hasMore: books.length >= PAGE_SIZE, degraded: answer.degraded };
      },
      (v) => v.books.length === 0,
    ).catch((error: unknown) => {
      failure = error;
      return { books: [], sources: [], hasMore: false } as BookList;
    });
    if (list.books.length === 0) return { category, period, page, ...(await ownList('bestsellers', category, page, failure)) };
    return { category, period, page, ...list };
  }

  function order(books: CatalogBook[], how: NewBookOrder, maxPrice: number | null): CatalogBook[] {
    const within = maxPrice === null ? books : books.filter((b) => b.priceKrw !== null && b.priceKrw <= maxPrice);
    const byPrice = (dir: 1 | -1) => (a: CatalogBook, b: CatalogBook) =>
      a.priceKrw === null ? 1 : b.priceKrw === null ? -1 : dir * (a.priceKrw - b.priceKrw);
    switch (how) {
      case 'latest':
        return [...within].sort((a, b) => (b.pubDate ?? '').localeCompare(a.pubDate ?? ''));
      case 'price-asc':
        return [...within].sort(byPrice(1));
      case 'price-desc':
        return [...within].sort(byPrice(-1));
      case 'random': {
        const out = [...within];
        for (let i = out.length - 1; i > 0; i -= 1) {
          const j = Math.floor(random() * (i + 1));
          [out[i], out[j]] = [out[j] as CatalogBook, out[i] as CatalogBook];
        }
        return out;
      }
    }
  }

  async function newBooks(
    category: InterestId,
    how: NewBookOrder = 'latest',
    maxPrice: number | null = null,
    page = 1,
  ): Promise<NewBooksResponse> {
    let failure: unknown = null;
    const fetched = await cached<BookList>(
      `new:${category}:${page}`,
      'list',
      async () => {
        const answer = await chain(
          ORDER.newBooks,
          (p, id) => p.newBooks?.(category, pageParams(page), context(id), new Date(clock.now())) ?? null,
          (id, req) => (text) => {
            const books = normalizeResponse(id, req.endpoint, text);
            // seoji lists every new book by date: keep the category asked for.
            return id === 'yes24' ? withCategory(books, category) : books.filter((b) => b.category === category);
          },
          noBooks,
          [],
        );
        return {
          books: answer.value,
          sources: answer.sources,
          hasMore: answer.value.length >= PAGE_SIZE,
          degraded: answer.degraded,
        };
      },
      (v) => v.books.length === 0,
    ).catch((error: unknown) => {
      failure = error;
      return { books: [], sources: [], hasMore: false } as BookList;
    });
    const list = fetched.books.length > 0 ? fetched : await ownList('new', category, page, failure);
    return { category, order: how, maxPrice, page, ...list, books: order(list.books, how, maxPrice) };
  }

  type LoanList = { entries: { book: CatalogBook; loanCount: number | null }[]; sources: CatalogAttribution[] };

  async function popular(category: InterestId | null, window: '7d' | '30d' = '7d', page = 1): Promise<PopularResponse> {
    const club = await ours(
      'popular',
      deps.localPopular && (() => (deps.localPopular as LocalPopular)(category, window, pageParams(page))),
      [],
    );
    const entries: PopularEntry[] = club.map((e) => ({
      book: e.book,
      clubScore: Math.max(0, Math.round(e.clubScore)),
      loanCount: null,
    }));
    const sources: CatalogAttribution[] = club.length > 0 ? [attributionFor('chaekbang', null)] : [];
    if (entries.length < PAGE_SIZE && ORDER.popular.some(isOn)) {
      try {
        const loans = await cached<LoanList>(
          `popular:${category ?? 'all'}:${window}:${page}`,
          'list',
          async () => {
            const answer = await chain(
              ORDER.popular,
              (p, id) =>
                p.popular?.(category, window === '7d' ? 7 : 30, pageParams(page), context(id), new Date(clock.now())) ?? null,
              (id, req) => (text) => {
                const counts = loanCounts(text);
                return normalizeResponse(id, req.endpoint, text).map((book) => ({
                  book,
                  loanCount: counts.get(book.isbn13) ?? null,
                }));
              },
              (v) => v.length === 0,
              [] as LoanList['entries'],
            );
            return { entries: answer.value, sources: answer.sources, degraded: answer.degraded };
          },
          (v) => v.entries.length === 0,
        );
        for (const e of loans.entries) {
          if (entries.length >= PAGE_SIZE) break;
          if (entries.some((x) => x.book.isbn13 === e.book.isbn13)) continue;
          entries.push({
            book: category ? (withCategory([e.book], category)[0] ?? e.book) : e.book,
            clubScore: 0,
            loanCount: e.loanCount,
          });
        }
        sources.push(...loans.sources);
      } catch (error) {
        if (entries.length === 0) throw error;
      }
    }
    return { category, window, page, entries, hasMore: club.length >= PAGE_SIZE, sources };
  }

  async function libraries(region: LibraryRegion, page = 1): Promise<LibrariesResponse> {
    const list = await cached<{ libraries: Library[]; sources: CatalogAttribution[] }>(
      `libs:${region}:${page}`,
      'libraries',
      async () => {
        const answer = await chain(
          ORDER.libraries,
          (p, id) => p.libraries?.(region, { page, pageSize: 100 }, context(id)) ?? null,
          () => (text) => normalizeLibraries(text),
          (v) => v.length === 0,
          [] as Library[],
        );
        return { libraries: answer.value, sources: answer.sources, degraded: answer.degraded };
      },
      (v) => v.libraries.length === 0,
    );
    return { region, page, libraries: list.libraries, hasMore: list.libraries.length >= 100, sources: list.sources };
  }

  async function availability(isbn13: string, libCodes: readonly string[]): Promise<AvailabilityResponse> {
    const on = ORDER.availability.filter(isOn);
    const results = await Promise.all(
      libCodes.slice(0, CATALOG_LIMITS.homeLibraries).map(async (libCode) => {
        if (on.length === 0) return { libCode, status: 'unknown' as AvailabilityStatus };
        try {
          const status = await cached<{ status: AvailabilityStatus }>(
            `avail:${isbn13}:${libCode}`,
            'availability',
            async () => {
              const answer = await chain(
                on,
                (p, id) => p.availability?.(isbn13, libCode, context(id)) ?? null,
                () => (text) => normalizeAvailability(text) as AvailabilityStatus,
                () => false,
                'not-held' as AvailabilityStatus,
              );
              return { status: answer.value, degraded: answer.degraded };
            },
            () => false,
          );
          return { libCode, status: status.status };
        } catch {
          return { libCode, status: 'unknown' as AvailabilityStatus };
        }
      }),
    );
    return { isbn13, libraries: results, sources: on.map((id) => attributionFor(id)) };
  }

  /** Which sources are on, for `/health`. */
  function providersStatus(): ProviderStatus[] {
    return CATALOG_PROVIDERS.map((id) => {
      const s = state(id);
      const settings = config.providers[id];
      const breakerState = s.breaker.state;
      const status: ProviderStatus['state'] = !settings.enabled
        ? s.provider.keyed
          ? 'no-key'
          : 'off'
        : breakerState === 'open'
          ? 'circuit-open'
          : s.daily.exhausted
            ? 'quota-exhausted'
            : 'on';
      return {
        id,
        state: status,
        usedToday: s.daily.used,
        dailyLimit: settings.dailyLimit,
        retryAt: breakerState === 'open' ? s.breaker.retryAt : null,
      };
    });
  }

  /**
   * Warm the lists for the interest categories readers actually chose (never per reader): bestsellers and
   * new books, page 1, one list every `spacingMs` (under YES24's 5 requests/s). Cached lists are only
   * fetched again once stale, so repeated warming costs nothing.
   */
  async function warm(categories: readonly InterestId[], options: { spacingMs?: number } = {}): Promise<number> {
    const spacingMs = options.spacingMs ?? 300;
    const unique = [...new Set(categories)].filter((c) => (INTEREST_IDS as readonly string[]).includes(c));
    let warmed = 0;
    let first = true;
    for (const category of unique) {
      for (const run of [() => bestsellers(category, 'weekly', 1), () => newBooks(category, 'latest', null, 1)]) {
        if (!first && spacingMs > 0) await new Promise<void>((resolve) => clock.after(spacingMs, resolve));
        first = false;
        try {
          await run();
          warmed += 1;
        } catch (error) {
          logger.warn('catalog warm failed', { category, error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return warmed;
  }

  /**
   * Warm every `intervalMs` with the categories `chosen()` returns (first run at once). `onWarmed` hears how
   * many lists each run warmed. Returns a stop function.
   */
  function scheduleWarming(
    chosen: () => Promise<readonly InterestId[]>,
    intervalMs: number,
    onWarmed: (lists: number) => void = () => {},
  ): () => void {
    let cancel: () => void = () => {};
    let stopped = false;
    const tick = async () => {
      let lists = 0;
      try {
        lists = await inBackground(async () => warm(await chosen()));
      } catch (error) {
        logger.warn('catalog warm failed', { error: error instanceof Error ? error.message : String(error) });
      }
      onWarmed(lists);
      if (!stopped) cancel = clock.after(intervalMs, () => void tick());
    };
    cancel = clock.after(0, () => void tick());
    return () => {
      stopped = true;
      cancel();
    };
  }

  return {
    search,
    book,
    lookupIsbn,
    bestsellers,
    newBooks,
    popular,
    libraries,
    availability,
    providersStatus,
    warm,
    scheduleWarming,
    /** Upstream calls made per source since start (bench and tests). */
    upstreamCalls: (): Record<CatalogProviderId, number> =>
      Object.fromEntries(CATALOG_PROVIDERS.map((id) => [id, state(id).calls])) as Record<CatalogProviderId, number>,
    /** Wait for background cache refreshes (tests, shutdown). */
    settle: () => cache.settle(),
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
