import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { CACHE_TTLS, SwrCache } from './swr-cache';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('SwrCache', () => {
  it('serves fresh hits without loading, a stale value at once while refreshing once, and reloads past stale', async () => {
    const clock = new ManualClock();
    const cache = new SwrCache<string>(clock);
    let loads = 0;
    const loader = async () => `v${++loads}`;
    expect(await cache.get('best:novel', loader, { kind: 'list' })).toEqual({ value: 'v1', state: 'miss' });
    clock.advance(CACHE_TTLS.list.freshMs - 1);
    expect(await cache.get('best:novel', loader, { kind: 'list' })).toEqual({ value: 'v1', state: 'hit' });
    clock.advance(1);
    const stale = await Promise.all([
      cache.get('best:novel', loader, { kind: 'list' }),
      cache.get('best:novel', loader, { kind: 'list' }),
    ]);
    expect(stale.map((r) => r.state)).toEqual(['stale', 'stale']);
    expect(stale[0]?.value).toBe('v1');
    await cache.settle();
    expect(loads).toBe(2); // one background refresh for both
    expect(await cache.get('best:novel', loader, { kind: 'list' })).toEqual({ value: 'v2', state: 'hit' });
    clock.advance(CACHE_TTLS.list.staleMs + 1);
    expect(await cache.get('best:novel', loader, { kind: 'list' })).toEqual({ value: 'v3', state: 'miss' });
  });

  it('uses a TTL per kind: lists hours, ISBN records weeks, availability minutes, "no results" a day', async () => {
    expect(CACHE_TTLS.list.freshMs).toBeGreaterThanOrEqual(HOUR);
    expect(CACHE_TTLS.list.freshMs).toBeLessThan(DAY);
    expect(CACHE_TTLS.isbn.freshMs).toBeGreaterThanOrEqual(7 * DAY);
    expect(CACHE_TTLS.availability.freshMs).toBeLessThanOrEqual(HOUR);
    expect(CACHE_TTLS.empty.freshMs).toBe(DAY);

    const clock = new ManualClock();
    const cache = new SwrCache<string[]>(clock);
    let loads = 0;
    const empty = async () => {
      loads += 1;
      return [];
    };
    const options = { kind: 'isbn' as const, isEmpty: (v: string[]) => v.length === 0 };
    await cache.get('isbn:9791199999999', empty, options);
    clock.advance(DAY - 1);
    expect((await cache.get('isbn:9791199999999', empty, options)).state).toBe('hit');
    clock.advance(1);
    expect((await cache.get('isbn:9791199999999', empty, options)).state).toBe('miss');
    expect(loads).toBe(2);

    let avail = 0;
    const availability = async () => [`${++avail}`];
    await cache.get('avail:x:1', availability, { kind: 'availability' });
    clock.advance(CACHE_TTLS.availability.freshMs);
    expect((await cache.get('avail:x:1', availability, { kind: 'availability' })).state).toBe('stale');
  });

  it('concurrent misses share one load; a failed load is not cached', async () => {
    const clock = new ManualClock();
    const cache = new SwrCache<number>(clock);
    let loads = 0;
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        cache.get(
          'search:x:1',
          async () => {
            loads += 1;
            return 7;
          },
          { kind: 'search' },
        ),
      ),
    );
    expect(loads).toBe(1);
    expect(results.every((r) => r.value === 7)).toBe(true);
    await expect(cache.get('k', () => Promise.reject(new Error('down')), { kind: 'search' })).rejects.toThrow('down');
    expect(cache.peek('k')).toBeUndefined();
  });

  it('keeps serving a stale value when the refresh fails (and reports the error)', async () => {
    const clock = new ManualClock();
    const errors: string[] = [];
    const cache = new SwrCache<string>(clock, 10, (key) => errors.push(key));
    await cache.get('k', async () => 'old', { kind: 'list' });
    clock.advance(CACHE_TTLS.list.freshMs + 1);
    expect(await cache.get('k', () => Promise.reject(new Error('down')), { kind: 'list' })).toEqual({
      value: 'old',
      state: 'stale',
    });
    await cache.settle();
    expect(errors).toEqual(['k']);
    expect(cache.peek('k')).toBe('old');
  });

  it('does not store what `cacheable` refuses, and evicts the least recently used past its size', async () => {
    const clock = new ManualClock();
    const cache = new SwrCache<string>(clock, 2);
    await cache.get('degraded', async () => 'x', { kind: 'list', cacheable: () => false });
    expect(cache.peek('degraded')).toBeUndefined();
    await cache.get('a', async () => 'a', { kind: 'list' });
    await cache.get('b', async () => 'b', { kind: 'list' });
    await cache.get('a', async () => 'a2', { kind: 'list' }); // touch a
    await cache.get('c', async () => 'c', { kind: 'list' });
    expect(cache.peek('a')).toBe('a');
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});

describe('SwrCache ttl override', () => {
  it('keeps a value for its own TTL instead of its kind’s', async () => {
    const clock = new ManualClock();
    const cache = new SwrCache<{ degraded: boolean }>(clock);
    let loads = 0;
    const options = { kind: 'search' as const, ttl: (v: { degraded: boolean }) => (v.degraded ? CACHE_TTLS.degraded : null) };
    await cache.get('k', async () => ({ degraded: ++loads === 1 }), options);
    clock.advance(CACHE_TTLS.degraded.freshMs - 1);
    expect((await cache.get('k', async () => ({ degraded: false }), options)).state).toBe('hit');
    clock.advance(1);
    expect((await cache.get('k', async () => ({ degraded: ++loads === 1 }), options)).state).toBe('miss');
    clock.advance(CACHE_TTLS.degraded.freshMs);
    expect((await cache.get('k', async () => ({ degraded: false }), options)).state).toBe('hit');
  });
});
