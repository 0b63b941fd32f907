import { describe, expect, it } from 'vitest';
import { freshInvite, INVITE_HANDOFF_TTL_MS } from './invite-handoff';

describe('freshInvite', () => {
  const now = 1_800_000_000_000;
  it('takes a fresh hand-off of a canonical room code', () => {
    expect(freshInvite({ code: 'K7P2QX', at: now - 1000 }, now)).toEqual({ code: 'K7P2QX', at: now - 1000 });
  });
  it('ignores stale, future, malformed or foreign values', () => {
    expect(freshInvite({ code: 'K7P2QX', at: now - INVITE_HANDOFF_TTL_MS - 1 }, now)).toBeNull();
    expect(freshInvite({ code: 'K7P2QX', at: now + 5 * 60_000 }, now)).toBeNull();
    for (const code of ['k7p2qx', 'K7P-2QX', 'ILO123', '', 42]) expect(freshInvite({ code, at: now }, now)).toBeNull();
    for (const value of [null, undefined, 'K7P2QX', { at: now }, []]) expect(freshInvite(value, now)).toBeNull();
  });
});
