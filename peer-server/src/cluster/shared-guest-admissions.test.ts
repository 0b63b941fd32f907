import { describe, expect, it } from 'vitest';
import { createGuestAdmissions } from '../http/guest-admissions';
import { createMemoryCounter } from './shared-counter';
import { sharedGuestAdmissions } from './shared-guest-admissions';

// Two nodes sharing one counter (what Redis gives a cluster; the in-memory counter stands in for it here).
describe('guest admissions across nodes', () => {
  it('an address gets the limit once across two nodes, not once per node; admitted guests carry on', async () => {
    let t = 10 * 3600_000 + 60_000;
    const counter = createMemoryCounter(() => t);
    const one = sharedGuestAdmissions({ counter, perIpPerHour: 4, now: () => t });
    const two = sharedGuestAdmissions({ counter, perIpPerHour: 4, now: () => t });
    const verdicts: boolean[] = [];
    for (let i = 0; i < 8; i++) verdicts.push((await (i % 2 ? two : one).admit('203.0.113.7', `g${i}`)).ok);
    expect(verdicts.filter(Boolean)).toHaveLength(4);
    // Per-node counting alone would have admitted all 8.
    const alone = [
      createGuestAdmissions({ perIpPerHour: 4, now: () => t }),
      createGuestAdmissions({ perIpPerHour: 4, now: () => t }),
    ];
    let aloneOk = 0;
    for (let i = 0; i < 8; i++) if ((await alone[i % 2]?.admit('203.0.113.7', `g${i}`))?.ok) aloneOk++;
    expect(aloneOk).toBe(8);
    // A guest already in keeps coming in; a new one waits for the next hour; another address is not affected.
    expect((await one.admit('203.0.113.7', 'g0')).ok).toBe(true);
    const refused = await one.admit('203.0.113.7', 'g-new');
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 3540 });
    expect((await two.admit('198.51.100.1', 'h1')).ok).toBe(true);
    t += 3600_000;
    expect((await one.admit('203.0.113.7', 'g-new')).ok).toBe(true);
  });
});
