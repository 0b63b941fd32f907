import type { SharedCounter } from '../cluster/shared-counter';

/**
 * In-memory token buckets, one per key (a uid or an IP address). Each bucket holds up to `perMinute`
 * tokens and refills continuously; a request takes one token. Buckets that are full again are dropped
 * when the map grows, so memory stays bounded by the number of recently active keys.
 */
export type RateLimiter = {
  /** Take a token for `key`: ok, or how long until one is available. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
  size(): number;
};

export function createRateLimiter({
  perMinute,
  now = Date.now,
  maxKeys = 100_000,
  shared,
}: {
  perMinute: number;
  now?: () => number;
  maxKeys?: number;
  /**
   * A cluster's shared counter: on top of this node's bucket, a key may take at most `perMinute` per calendar
   * minute across all nodes (otherwise N nodes behind a load balancer would allow N times the limit).
   */
  shared?: { counter: SharedCounter; name: string };
}): RateLimiter {
  const ratePerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const refill = (bucket: { tokens: number; at: number }, t: number) => {
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * ratePerMs);
    bucket.at = t;
  };

  const sweep = (t: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, t);
      if (bucket.tokens >= perMinute) buckets.delete(key);
    }
  };

  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) sweep(t);
        bucket = { tokens: perMinute, at: t };
        buckets.set(key, bucket);
      } else refill(bucket, t);
      if (bucket.tokens >= 1) {
        if (shared) {
          const minute = Math.floor(t / 60_000);
          if (shared.counter.add(`rl:${shared.name}:${key}:${minute}`, 1, 120_000) > perMinute) {
            return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((minute + 1) * 60_000 - t) / 1000)) };
          }
        }
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)) };
    },
    size: () => buckets.size,
  };
}
