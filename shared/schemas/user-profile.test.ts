import { describe, expect, it } from 'vitest';
import { DisplayNameSchema, isPublicProfile, ProfileDetailsSchema, UserDocSchema } from './user-profile';

describe('user profile schemas', () => {
  it('a display name is one line of plain text (as the rules require)', () => {
    expect(DisplayNameSchema.safeParse('김 책방 · Reader').success).toBe(true);
    for (const name of ['Bob\u202egnp.exe', 'Bob\nAdmin', 'B\u200bob', 'Bob\u2028x', 'B\ufeffob', 'Bob\u0000']) {
      expect(DisplayNameSchema.safeParse(name).success, JSON.stringify(name)).toBe(false);
    }
  });
  it('old profile documents (bio and interests in users/{uid}) still parse; details parse on their own', () => {
    const old = { displayName: 'Old', createdAt: new Date(), bio: '소개', interests: ['novel'], visibility: 'members' };
    expect(UserDocSchema.parse(old)).toMatchObject({ bio: '소개' });
    expect(ProfileDetailsSchema.parse({ bio: '소개', updatedAt: new Date() }).bio).toBe('소개');
    expect(UserDocSchema.safeParse({ ...old, showReading: 'yes' }).success).toBe(false);
  });
  it('no visibility means public (the editor default)', () => {
    expect(isPublicProfile({})).toBe(true);
    expect(isPublicProfile({ visibility: 'members' })).toBe(false);
  });
});
