import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs helpers shared with the scripts
import { freePort, waitForPort } from '../../scripts/lib/ports.mjs';
// @ts-expect-error: plain .mjs helpers shared with the scripts
import { findRedisServer } from '../../scripts/lib/system.mjs';
import { ManualClock } from '../src/catalog/clock';
import { DailyCounter } from '../src/catalog/quota';
import { createMemoryCounter, createRedisCounter, type SharedCounter } from '../src/cluster/shared-counter';
import { createRateLimiter } from '../src/http/rate-limit';

/**
 * The shared counters against a real redis-server (Debian's, started here on a free loopback port): two counters
 * stand for two nodes of a cluster.
 */
let redis: ChildProcess;
let port = 0;
const open: SharedCounter[] = [];
const node = (syncMs = 50) => {
  const c = createRedisCounter({ host: '127.0.0.1', port, syncMs, prefix: `t${Date.now()}:` });
  open.push(c);
  return c;
};
const until = async (check: () => boolean, timeoutMs = 3000) => {
  const t = Date.now();
  while (!check()) {
    if (Date.now() - t > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  port = await freePort();
  redis = spawn(findRedisServer(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await waitForPort(port, { name: 'redis-server', timeoutMs: 15_000 });
}, 60_000);
afterAll(async () => {
  for (const c of open) await c.close();
  redis?.kill('SIGKILL');
});

describe('shared counter', () => {
  it('memory: counts exactly and forgets a key after its time', () => {
    let t = 0;
    const c = createMemoryCounter(() => t);
    expect(c.add('k', 2, 1000)).toBe(2);
    expect(c.add('k', 3, 1000)).toBe(5);
    t = 1000;
    expect(c.get('k')).toBe(0);
  });

  it('redis: two nodes adding to one key both see the cluster total after a sync', async () => {
    const a = node();
    const b = node();
    // Same prefix for both (one deployment).
    const shared = createRedisCounter({ host: '127.0.0.1', port, syncMs: 50, prefix: 'pair:' });
    const other = createRedisCounter({ host: '127.0.0.1', port, syncMs: 50, prefix: 'pair:' });
    open.push(shared, other);
    await until(() => shared.state() === 'redis' && other.state() === 'redis');
    for (let i = 0; i < 30; i++) shared.add('quota:x:1', 1, 60_000);
    for (let i = 0; i < 12; i++) other.add('quota:x:1', 1, 60_000);
    expect(shared.get('quota:x:1')).toBe(30);
    await shared.sync();
    await other.sync();
    await shared.sync();
    expect(shared.get('quota:x:1')).toBe(42);
    expect(other.get('quota:x:1')).toBe(42);
    expect(a.backend).toBe('redis');
    expect(b.get('quota:x:1')).toBe(0); // another prefix: another deployment
  });

  it('redis: a daily provider quota stops at its line across nodes (each node alone would allow it twice)', async () => {
    const clock = new ManualClock();
    const one = createRedisCounter({ host: '127.0.0.1', port, syncMs: 20, prefix: 'quota:' });
    const two = createRedisCounter({ host: '127.0.0.1', port, syncMs: 20, prefix: 'quota:' });
    open.push(one, two);
    await until(() => one.state() === 'redis' && two.state() === 'redis');
    const q1 = new DailyCounter(clock, 100, 0.9, { counter: one, key: 'catalog:quota:yes24' });
    const q2 = new DailyCounter(clock, 100, 0.9, { counter: two, key: 'catalog:quota:yes24' });
    let allowed = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 5; i++) {
        if (q1.tryCount()) allowed++;
        if (q2.tryCount()) allowed++;
      }
      await Promise.all([one.sync(), two.sync()]);
      await Promise.all([one.sync(), two.sync()]);
    }
    // The stop line is 90 of 100: the two nodes together stop there (within one sync's worth of calls).
    expect(allowed).toBeGreaterThanOrEqual(90);
    expect(allowed).toBeLessThanOrEqual(100);
    expect(q1.exhausted && q2.exhausted).toBe(true);
  });

  it('redis: a per-user rate limit holds across nodes', async () => {
    const one = createRedisCounter({ host: '127.0.0.1', port, syncMs: 20, prefix: 'rl:' });
    const two = createRedisCounter({ host: '127.0.0.1', port, syncMs: 20, prefix: 'rl:' });
    open.push(one, two);
    await until(() => one.state() === 'redis' && two.state() === 'redis');
    const t = 30_000; // mid-minute
    const l1 = createRateLimiter({ perMinute: 40, now: () => t, shared: { counter: one, name: 'uid' } });
    const l2 = createRateLimiter({ perMinute: 40, now: () => t, shared: { counter: two, name: 'uid' } });
    let ok = 0;
    for (let i = 0; i < 40; i++) {
      if (l1.take('alice').ok) ok++;
      if (l2.take('alice').ok) ok++;
      if (i % 5 === 4) await Promise.all([one.sync(), two.sync(), one.sync(), two.sync()]);
    }
    // Without the shared window each node would allow 40 (80 in all).
    expect(ok).toBeLessThanOrEqual(50);
    expect(ok).toBeGreaterThanOrEqual(40);
    const refused = l1.take('alice');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBe(30);
  });

  it('redis away: counting goes on locally, and the additions reach Redis once it is back', async () => {
    const p = await freePort();
    const c = createRedisCounter({ host: '127.0.0.1', port: p, syncMs: 20, prefix: 'away:' });
    open.push(c);
    expect(c.state()).toBe('redis-unavailable');
    expect(c.add('k', 5, 60_000)).toBe(5);
    await c.sync();
    expect(c.get('k')).toBe(5);
    const late = spawn(findRedisServer(), ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    try {
      await waitForPort(p, { name: 'redis-server', timeoutMs: 15_000 });
      await until(() => c.state() === 'redis', 10_000);
      await c.sync();
      const reader = createRedisCounter({ host: '127.0.0.1', port: p, syncMs: 20, prefix: 'away:' });
      open.push(reader);
      await until(() => reader.state() === 'redis');
      reader.get('k');
      await reader.sync();
      expect(reader.get('k')).toBe(5);
    } finally {
      late.kill('SIGKILL');
    }
  }, 30_000);
});
