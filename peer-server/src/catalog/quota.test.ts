import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { DailyCounter, TokenBucket } from './quota';

describe('TokenBucket', () => {
  it('allows the published rate (YES24: 5/s) and refills over time', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 5);
    const burst = Array.from({ length: 8 }, () => bucket.tryTake());
    expect(burst.filter(Boolean)).toHaveLength(5);
    clock.advance(200);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(10_000);
    expect(Array.from({ length: 8 }, () => bucket.tryTake()).filter(Boolean)).toHaveLength(5);
  });

  it('keeps a reserve for readers: work that asks to keep it stops at half the burst; readers take the rest', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 5);
    expect(bucket.reserve).toBe(2.5);
    // 5 → 4 → 3, then 3 < 1 + 2.5: background work stops with the reserve untouched.
    expect(Array.from({ length: 5 }, () => bucket.tryTake(bucket.reserve)).filter(Boolean)).toHaveLength(2);
    expect(Array.from({ length: 5 }, () => bucket.tryTake()).filter(Boolean)).toHaveLength(3);
    // A bucket of one has no reserve to keep (Open Library's 1/s): background work takes turns.
    const one = new TokenBucket(clock, 1);
    expect(one.reserve).toBe(0);
    expect(one.tryTake(one.reserve)).toBe(true);
  });

  it('a rate under 1/s still allows one call per interval', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 0.5);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(2000);
    expect(bucket.tryTake()).toBe(true);
  });
});

describe('DailyCounter', () => {
  it('stops at 90 % of the daily limit (data4library: 450 of 500) and resets at KST midnight', () => {
    // 14:59:59 UTC = 23:59:59 KST
    const clock = new ManualClock(Date.UTC(2026, 10, 30, 14, 59, 59));
    const counter = new DailyCounter(clock, 500);
    let allowed = 0;
    for (let i = 0; i < 600; i += 1) if (counter.tryCount()) allowed += 1;
    expect(allowed).toBe(450);
    expect(counter.exhausted).toBe(true);
    expect(counter.used).toBe(450);
    clock.advance(1000); // 00:00:00 KST
    expect(counter.exhausted).toBe(false);
    expect(counter.used).toBe(0);
    expect(counter.tryCount()).toBe(true);
  });

  it('has no stop line without a published limit', () => {
    const counter = new DailyCounter(new ManualClock(), null);
    for (let i = 0; i < 10_000; i += 1) expect(counter.tryCount()).toBe(true);
    expect(counter.stopAt).toBeNull();
  });
});
