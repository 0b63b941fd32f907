import { describe, expect, it } from 'vitest';
import { formatCountdown, offsetOf, remainingMs, ServerClock } from './server-clock';

/**
 * A simulated world: true time `t`, the server's clock = t + serverSkew, a panel's clock = t + localSkew, and
 * requests that take `up` ms to reach the server and `down` ms to come back.
 */
function world(serverSkew: number, localSkew: number) {
  let t = 1_800_000_000_000;
  const panel = () => t + localSkew;
  const clock = new ServerClock(panel);
  const request = async (up: number, down: number) => {
    await clock.measure(
      async () => {
        t += up;
        const now = t + serverSkew;
        t += down;
        return { now };
      },
      (r) => r.now,
    );
  };
  return { clock, request, trueServerNow: () => t + serverSkew, advance: (ms: number) => (t += ms) };
}

describe('clock offset from server time', () => {
  it('symmetric round trip: exact, whatever the panel’s skew', async () => {
    for (const localSkew of [0, 7 * 60_000, -3 * 3600_000, 123_456]) {
      const w = world(250, localSkew);
      await w.request(40, 40);
      expect(w.clock.now()).toBe(w.trueServerNow());
    }
  });

  it('asymmetric round trip: the error is half the difference, never more than half the round trip', () => {
    const t0 = 1_000_000;
    // Server clock 5 s ahead; 10 ms up, 90 ms down: the estimate is 40 ms early.
    const est = offsetOf({ sentAt: t0, receivedAt: t0 + 100, serverNow: t0 + 10 + 5000 });
    expect(est.offsetMs).toBe(5000 - 40);
    expect(est.errorMs).toBe(50);
    for (const [up, down] of [
      [0, 100],
      [100, 0],
      [30, 70],
      [500, 1],
    ] as const) {
      const e = offsetOf({ sentAt: t0, receivedAt: t0 + up + down, serverNow: t0 + up + 5000 });
      expect(Math.abs(e.offsetMs - 5000)).toBeLessThanOrEqual(e.errorMs);
    }
  });

  it('keeps the sample with the shortest round trip (a slow, lopsided one does not spoil it)', async () => {
    const w = world(-90_000, 4 * 60_000);
    await w.request(5, 5); // good
    await w.request(10, 1500); // congested download
    await w.request(800, 20); // congested upload
    expect(w.clock.estimate?.errorMs).toBe(5);
    expect(Math.abs(w.clock.now() - w.trueServerNow())).toBeLessThanOrEqual(5);
  });

  it('two panels with clocks minutes apart agree on the server time within their error bounds', async () => {
    const a = world(1000, 0);
    const b = world(1000, -7 * 60_000);
    await a.request(20, 60);
    await b.request(70, 10);
    const errA = a.clock.estimate?.errorMs ?? Number.POSITIVE_INFINITY;
    const errB = b.clock.estimate?.errorMs ?? Number.POSITIVE_INFINITY;
    // Same true instant in both worlds (both advanced 80 ms).
    expect(Math.abs(a.clock.now() - b.clock.now())).toBeLessThanOrEqual(errA + errB);
    expect(Math.abs(a.clock.now() - b.clock.now())).toBeLessThan(1000);
  });

  it('ignores answers without a server time and samples where the local clock went backwards', async () => {
    const clock = new ServerClock(() => 1000);
    await clock.measure(
      async () => ({}),
      () => undefined,
    );
    expect(clock.synced).toBe(false);
    expect(clock.now()).toBe(1000);
    clock.add({ sentAt: 2000, receivedAt: 1000, serverNow: 5000 });
    expect(clock.synced).toBe(false);
  });

  it('forgets old samples: only the most recent eight count', () => {
    let local = 0;
    const clock = new ServerClock(() => local);
    clock.add({ sentAt: 0, receivedAt: 2, serverNow: 1 }); // excellent but old, offset 0
    for (let i = 1; i <= 8; i++) clock.add({ sentAt: i * 100, receivedAt: i * 100 + 20, serverNow: i * 100 + 10 + 500 });
    expect(clock.estimate).toEqual({ offsetMs: 500, errorMs: 10 });
    local = 1000;
    expect(clock.now()).toBe(1500);
  });
});

describe('countdown', () => {
  it('counts down against the estimated server time and ends at endsAt on every panel', async () => {
    const a = world(0, 0);
    const b = world(0, 5 * 60_000);
    await a.request(30, 30);
    await b.request(30, 30);
    const endsAt = a.trueServerNow() + 10 * 60_000;
    expect(remainingMs(endsAt, a.clock.now())).toBe(10 * 60_000);
    expect(remainingMs(endsAt, b.clock.now())).toBe(10 * 60_000);
    a.advance(10 * 60_000 - 1);
    expect(remainingMs(endsAt, a.clock.now())).toBe(1);
    a.advance(5000);
    expect(remainingMs(endsAt, a.clock.now())).toBe(0);
  });

  it('formats what is left, rounding up so 0:00 is the end', () => {
    expect(formatCountdown(25 * 60_000)).toBe('25:00');
    expect(formatCountdown(59_001)).toBe('1:00');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(3600_000)).toBe('1:00:00');
  });
});
