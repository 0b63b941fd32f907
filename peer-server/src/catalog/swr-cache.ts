import type { Clock } from './clock';
import { SingleFlight } from './single-flight';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Freshness per kind of answer: served from cache while fresh; while stale it is still served at once and
 * refreshed in the background; past `staleMs` it is reloaded before answering. A "no results" answer is
 * kept a day whatever its kind.
 */
export const CACHE_TTLS = {
  /** bestsellers, new books, popular loans */
  list: { freshMs: 3 * HOUR, staleMs: 2 * DAY },
  /** one book by ISBN: bibliographic records barely change */
  isbn: { freshMs: 14 * DAY, staleMs: 60 * DAY },
  /** keyword search */
  search: { freshMs: 6 * HOUR, staleMs: 3 * DAY },
  /** library lists */
  libraries: { freshMs: 7 * DAY, staleMs: 30 * DAY },
  /** on-shelf / on-loan at a library */
  availability: { freshMs: 10 * MINUTE, staleMs: 30 * MINUTE },
  /** an answer with nothing in it */
  empty: { freshMs: DAY, staleMs: DAY },
  /** an answer from a fallback because an earlier source failed or was over its quota */
  degraded: { freshMs: 5 * MINUTE, staleMs: 5 * MINUTE },
} as const;
export type CacheKind = Exclude<keyof typeof CACHE_TTLS, 'empty' | 'degraded'>;

type Entry<T> = { value: T; freshUntil: number; staleUntil: number };

export type CacheResult<T> = { value: T; state: 'hit' | 'stale' | 'miss' };

export type SwrOptions<T> = {
  kind: CacheKind;
  /** Whether the value is a "no results" answer (cached for a day). */
  isEmpty?: (value: T) => boolean;
  /** Whether the value may be cached at all (e.g. not when every source failed). */
  cacheable?: (value: T) => boolean;
  /** A TTL for this value instead of its kind's (e.g. a short one for an answer from a fallback). */
  ttl?: (value: T) => { freshMs: number; staleMs: number } | null;
};

/**
 * A bounded stale-while-revalidate cache with single-flight loads: concurrent misses for one key share
 * one load, a stale entry triggers at most one background refresh. A failed load is not cached; when a
 * stale value exists it keeps being served (stale-if-error) until `staleUntil`.
 */
export class SwrCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly flights = new SingleFlight<T>();
  /** Background refreshes (tests await them). */
  readonly refreshing = new Set<Promise<unknown>>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 5000,
    private readonly onError: (key: string, error: unknown) => void = () => {},
  ) {}

  private store(key: string, value: T, options: SwrOptions<T>): void {
    if (options.cacheable && !options.cacheable(value)) return;
    const ttl = options.ttl?.(value) ?? (options.isEmpty?.(value) ? CACHE_TTLS.empty : CACHE_TTLS[options.kind]);
    const now = this.clock.now();
    this.entries.delete(key);
    this.entries.set(key, { value, freshUntil: now + ttl.freshMs, staleUntil: now + Math.max(ttl.staleMs, ttl.freshMs) });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  private load(key: string, loader: () => Promise<T>, options: SwrOptions<T>): Promise<T> {
    return this.flights.run(key, async () => {
      const value = await loader();
      this.store(key, value, options);
      return value;
    });
  }

  async get(key: string, loader: () => Promise<T>, options: SwrOptions<T>): Promise<CacheResult<T>> {
    const entry = this.entries.get(key);
    const now = this.clock.now();
    if (entry && now < entry.freshUntil) {
      // Most recently used last, so eviction drops the least used.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return { value: entry.value, state: 'hit' };
    }
    if (entry && now < entry.staleUntil) {
      const refresh = this.load(key, loader, options).catch((error: unknown) => this.onError(key, error));
      this.refreshing.add(refresh);
      void refresh.finally(() => this.refreshing.delete(refresh));
      return { value: entry.value, state: 'stale' };
    }
    if (entry) this.entries.delete(key);
    return { value: await this.load(key, loader, options), state: 'miss' };
  }

  peek(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Wait for background refreshes started so far (tests, shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.refreshing]);
  }
}
