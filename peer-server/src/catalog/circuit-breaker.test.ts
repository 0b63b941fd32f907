import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { ManualClock } from './clock';

const options = { failureThreshold: 3, openMs: 30_000, maxOpenMs: 120_000 };

describe('CircuitBreaker', () => {
  it('opens after repeated failures and lets one trial through after the open period', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock, options);
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(29_999);
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // one trial at a time
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a success resets the count (failures must be consecutive)', () => {
    const breaker = new CircuitBreaker(new ManualClock(), options);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
  });

  it('a failed trial opens it again for twice as long, up to the cap', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock, options);
    for (let i = 0; i < 3; i += 1) breaker.failure();
    const periods: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      const opened = clock.now();
      while (!breaker.tryAcquire()) clock.advance(1000);
      periods.push(clock.now() - opened);
      breaker.failure();
    }
    expect(periods).toEqual([30_000, 60_000, 120_000, 120_000]);
  });

  it('honours Retry-After: open at once until then, even below the threshold', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock, options);
    breaker.failure(90_000);
    expect(breaker.state).toBe('open');
    expect(breaker.retryAt).toBe(clock.now() + 90_000);
    clock.advance(89_000);
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(1000);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('release() frees a half-open trial without judging the source', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock, options);
    breaker.failure(1000);
    clock.advance(1000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
  });
});
