import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('token bucket rate limiter', () => {
  it('allows a burst of perMinute, then refuses with a retry time, then refills', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 6, now: () => t });
    for (let i = 0; i < 6; i++) expect(limiter.take('a').ok).toBe(true);
    const refused = limiter.take('a');
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(limiter.take('b').ok).toBe(true); // keys are independent
    t += 9_999;
    expect(limiter.take('a').ok).toBe(false);
    t += 2;
    expect(limiter.take('a').ok).toBe(true);
    t += 60_000 * 10;
    for (let i = 0; i < 6; i++) expect(limiter.take('a').ok).toBe(true); // capped at the burst size
    expect(limiter.take('a').ok).toBe(false);
  });

  it('keeps memory bounded by dropping refilled buckets', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 60, now: () => t, maxKeys: 100 });
    for (let i = 0; i < 100; i++) limiter.take(`k${i}`);
    t += 60_000;
    limiter.take('new');
    expect(limiter.size()).toBe(1);
  });
});
