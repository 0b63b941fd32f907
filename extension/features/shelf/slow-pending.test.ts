import { describe, expect, it } from 'vitest';
import { SLOW_SYNC_MS, slowPending } from './slow-pending';

describe('slowPending: the "saved on this device" notice only for writes really waiting on the network', () => {
  const pending = new Set(['a', 'b']);
  const since = new Map([
    ['a', 1000],
    ['b', 1000 + SLOW_SYNC_MS - 1],
  ]);

  it('online: a write that is still pending after the threshold, and only that one', () => {
    expect([...slowPending(pending, since, 1000 + SLOW_SYNC_MS, true)]).toEqual(['a']);
  });

  it('online: a write that just started is not reported (it usually lands within milliseconds)', () => {
    expect(slowPending(pending, since, 1001, true).size).toBe(0);
    expect(slowPending(new Set(['c']), since, 5000, true).size).toBe(0);
  });

  it('offline: every pending write, at once', () => {
    expect([...slowPending(pending, since, 1001, false)].sort()).toEqual(['a', 'b']);
  });

  it('nothing pending, nothing shown', () => {
    expect(slowPending(new Set(), since, 1e9, false).size).toBe(0);
  });
});
