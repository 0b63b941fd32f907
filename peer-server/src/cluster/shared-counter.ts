import type { Logger } from '../logger';
import { createRedisClient, type RedisClient } from './redis-client';

/**
 * Counters that hold across the nodes of a cluster: the catalog's daily provider quotas and per-second
 * rates, and the cluster-wide windows of the per-user and per-IP rate limits.
 *
 * The API is synchronous, because every caller sits on a request's hot path (a quota check before an
 * upstream call, a rate limit before token verification) and must not wait on the network:
 * - `memory` (the default, one process): exact.
 * - `redis` (SHARED_COUNTER_URL): each node adds locally and pushes its additions to Redis every `syncMs`
 *   (INCRBY + PEXPIRE … NX in one pipeline) and reads back the cluster totals (MGET of the keys it used
 *   recently). A node sees the others' additions at most one sync late, so a limit of L can be overrun by
 *   what the other nodes counted within one sync interval (200 ms): small against daily quotas and
 *   per-minute limits. When Redis is away the node keeps counting on its own (its own share is never lost:
 *   the additions are pushed once Redis is back) and /health says so.
 */
export type SharedCounter = {
  readonly backend: 'memory' | 'redis';
  /** Add `n` to `key` (which expires `ttlMs` after it was first counted); the cluster total as known now. */
  add(key: string, n: number, ttlMs: number): number;
  /** The cluster total as known now (0 for a key nobody counted). */
  get(key: string): number;
  /** Push local additions and read back totals now (the Redis backend also does it every syncMs). */
  sync(): Promise<void>;
  /** For /health: `memory`, `redis` (connected) or `redis-unavailable`. */
  state(): 'memory' | 'redis' | 'redis-unavailable';
  close(): Promise<void>;
};

export function createMemoryCounter(now: () => number = Date.now): SharedCounter {
  const values = new Map<string, { value: number; expiresAt: number }>();
  const live = (key: string) => {
    const v = values.get(key);
    if (v && v.expiresAt <= now()) {
      values.delete(key);
      return undefined;
    }
    return v;
  };
  let adds = 0;
  return {
    backend: 'memory',
    add(key, n, ttlMs) {
      // Now and then drop expired keys, so memory follows the recently active keys only.
      if (++adds % 1024 === 0) for (const k of [...values.keys()]) live(k);
      const v = live(key);
      if (v) {
        v.value += n;
        return v.value;
      }
      values.set(key, { value: n, expiresAt: now() + ttlMs });
      return n;
    },
    get: (key) => live(key)?.value ?? 0,
    sync: async () => {},
    state: () => 'memory',
    close: async () => {},
  };
}

/** Keys not read or added for this long stop being refreshed from Redis. */
const WATCH_MS = 120_000;
/** At most this many keys per sync round trip. */
const BATCH = 500;

export function createRedisCounter(options: {
  host: string;
  port: number;
  password?: string | null;
  db?: number;
  /** Prefix of every key (several deployments may share one Redis). */
  prefix?: string;
  syncMs?: number;
  now?: () => number;
  logger?: Logger;
  client?: RedisClient;
}): SharedCounter {
  const now = options.now ?? Date.now;
  const prefix = options.prefix ?? 'chaekbang:';
  const logger = options.logger;
  let wasDown = false;
  const client =
    options.client ??
    createRedisClient({
      host: options.host,
      port: options.port,
      password: options.password ?? null,
      db: options.db ?? 0,
      onState: (up, error) => {
        if (up && wasDown) logger?.info('shared counter: Redis is back');
        if (!up) {
          if (!wasDown) logger?.warn('shared counter: Redis unavailable; counting on this node alone', { error });
          wasDown = true;
        } else wasDown = false;
      },
    });
  /** Additions not yet in Redis. */
  const pending = new Map<string, { delta: number; ttlMs: number }>();
  /**
   * The cluster total Redis last told us (our pushed additions included) for each key in use. Callers put the
   * time window in the key (a day, a minute), so a total never needs resetting here: the key changes.
   */
  const known = new Map<string, { value: number; usedAt: number }>();
  /** Additions on their way to Redis (sent, not yet answered). */
  const inflight = new Map<string, number>();
  let running: Promise<void> | null = null;

  const current = (key: string) => {
    return (known.get(key)?.value ?? 0) + (inflight.get(key) ?? 0) + (pending.get(key)?.delta ?? 0);
  };

  async function syncOnce(): Promise<void> {
    if (!client.connected) return;
    const t = now();
    // 1. push our additions: INCRBY answers the new cluster total.
    const pushes = [...pending.entries()].slice(0, BATCH);
    if (pushes.length > 0) {
      for (const [key, p] of pushes) {
        pending.delete(key);
        inflight.set(key, p.delta);
      }
      const commands: (string | number)[][] = [];
      for (const [key, p] of pushes) {
        commands.push(['INCRBY', prefix + key, p.delta], ['PEXPIRE', prefix + key, p.ttlMs, 'NX']);
      }
      try {
        const replies = await client.pipeline(commands).finally(() => {
          for (const [key] of pushes) inflight.delete(key);
        });
        pushes.forEach(([key], i) => {
          const total = replies[i * 2];
          const entry = known.get(key);
          if (typeof total !== 'number') return;
          if (entry) entry.value = total;
          else known.set(key, { value: total, usedAt: t });
        });
      } catch {
        // Not counted in Redis: put the additions back for the next round.
        for (const [key, p] of pushes) {
          const again = pending.get(key);
          pending.set(key, { delta: p.delta + (again?.delta ?? 0), ttlMs: p.ttlMs });
        }
        return;
      }
    }
    // 2. read back the totals of the keys in use (the other nodes' additions).
    for (const [key, k] of known) if (t - k.usedAt >= WATCH_MS && !pending.has(key)) known.delete(key);
    const watched = [...known.entries()].filter(([key]) => !pending.has(key));
    for (let i = 0; i < watched.length; i += BATCH) {
      const slice = watched.slice(i, i + BATCH);
      try {
        const values = await client.command('MGET', ...slice.map(([key]) => prefix + key));
        if (!Array.isArray(values)) return;
        slice.forEach(([key, k], j) => {
          const v = values[j];
          const entry = known.get(key);
          if (entry) entry.value = typeof v === 'string' ? Number(v) || 0 : v === null ? 0 : k.value;
        });
      } catch {
        return;
      }
    }
  }

  /** A key read or counted here is refreshed from Redis at every sync while it stays in use. */
  const touch = (key: string) => {
    const k = known.get(key);
    if (k) k.usedAt = now();
    else known.set(key, { value: 0, usedAt: now() });
  };

  const sync = () => {
    running ??= syncOnce().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void sync(), options.syncMs ?? 200);
  timer.unref();

  return {
    backend: 'redis',
    add(key, n, ttlMs) {
      const p = pending.get(key);
      pending.set(key, { delta: (p?.delta ?? 0) + n, ttlMs });
      touch(key);
      return current(key);
    },
    get(key) {
      touch(key);
      return current(key);
    },
    sync,
    state: () => (client.connected ? 'redis' : 'redis-unavailable'),
    async close() {
      clearInterval(timer);
      await sync().catch(() => {});
      await client.close();
    },
  };
}
