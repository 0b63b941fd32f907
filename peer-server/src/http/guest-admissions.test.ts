import { describe, expect, it } from 'vitest';
import { createGuestAdmissions, GUEST_WINDOW_MS } from './guest-admissions';

function make(perIpPerHour: number, over: { maxIps?: number } = {}) {
  let t = 5_000_000;
  const guests = createGuestAdmissions({ perIpPerHour, now: () => t, ...over });
  return {
    guests,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('guest admissions per address per hour', () => {
  it('admits up to the limit of new guest uids from one address, then refuses new ones until the oldest is an hour old', async () => {
    const { guests, advance } = make(3);
    for (const uid of ['g1', 'g2', 'g3']) expect(await guests.admit('10.0.0.1', uid)).toEqual({ ok: true });
    advance(10 * 60_000);
    expect(await guests.admit('10.0.0.1', 'g4')).toEqual({ ok: false, retryAfterSeconds: 50 * 60 });
    // Another address has its own count.
    expect(await guests.admit('10.0.0.2', 'g4')).toEqual({ ok: true });
    advance(50 * 60_000 - 1000);
    expect((await guests.admit('10.0.0.1', 'g5')).ok).toBe(false);
    advance(1000);
    expect(await guests.admit('10.0.0.1', 'g5')).toEqual({ ok: true });
  });

  it('keeps admitting a guest already admitted from the address (a long call is never cut off)', async () => {
    const { guests, advance } = make(2);
    await guests.admit('ip', 'a');
    await guests.admit('ip', 'b');
    expect((await guests.admit('ip', 'c')).ok).toBe(false);
    for (let i = 0; i < 5; i++) {
      advance(30 * 60_000);
      expect(await guests.admit('ip', 'a')).toEqual({ ok: true });
    }
    // `a` came back every half hour: still known. `b` has not been seen for over an hour: forgotten.
    expect(await guests.admit('ip', 'c')).toEqual({ ok: true });
    expect(await guests.admit('ip', 'b')).toEqual({ ok: true });
    expect((await guests.admit('ip', 'd')).ok).toBe(false);
  });

  it('0 admits no guest at all', async () => {
    const { guests } = make(0);
    expect(await guests.admit('ip', 'a')).toEqual({ ok: false, retryAfterSeconds: GUEST_WINDOW_MS / 1000 });
  });

  it('forgets addresses whose guests are gone, and stays bounded when full of live ones', async () => {
    const { guests, advance } = make(5, { maxIps: 2 });
    await guests.admit('a', 'g');
    await guests.admit('b', 'g');
    expect(await guests.admit('c', 'g')).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(guests.size()).toBe(2);
    advance(GUEST_WINDOW_MS);
    expect(await guests.admit('c', 'g')).toEqual({ ok: true });
    expect(guests.size()).toBe(1);
  });
});
