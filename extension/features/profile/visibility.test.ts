import { describe, expect, it } from 'vitest';
import { canSeeFullProfile } from './visibility';

describe('canSeeFullProfile', () => {
  it('public profiles (and profiles without a setting) are visible to every signed-in reader', () => {
    expect(canSeeFullProfile({ visibility: 'public' }, 'a', 'b', false)).toBe(true);
    expect(canSeeFullProfile({}, 'a', 'b', false)).toBe(true);
  });
  it('members-only: name and level for strangers, everything for room mates and oneself', () => {
    expect(canSeeFullProfile({ visibility: 'members' }, 'a', 'b', false)).toBe(false);
    expect(canSeeFullProfile({ visibility: 'members' }, 'a', 'b', true)).toBe(true);
    expect(canSeeFullProfile({ visibility: 'members' }, 'a', 'a', false)).toBe(true);
  });
});
