import { z } from 'zod';
import { PLAIN_LINE } from './peer-messages';

export const PROFILE_LIMITS = { displayName: 40, bio: 280, interests: 18, photoUrl: 2048 } as const;

export const VISIBILITIES = ['public', 'members'] as const;
export const VisibilitySchema = z.enum(VISIBILITIES);

/** One line of plain text (no control, zero-width or bidi-override characters), as the rules require. */
export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'displayName is required')
  .max(PROFILE_LIMITS.displayName, `displayName is at most ${PROFILE_LIMITS.displayName} characters`)
  .regex(PLAIN_LINE, 'displayName: one line without control, zero-width or bidi-override characters');

export const BioSchema = z.string().max(PROFILE_LIMITS.bio);
export const InterestListSchema = z.array(z.string().max(40)).max(PROFILE_LIMITS.interests);

/**
 * users/{uid}: what room tiles and every profile show, readable by any signed-in reader (get by id only).
 * `bio` and `interests` are only here in documents from before they moved to users/{uid}/profile/details
 * (the owner's client moves them on its next load); new writes never put them here.
 */
export const UserDocSchema = z.strictObject({
  displayName: DisplayNameSchema,
  createdAt: z.date(),
  updatedAt: z.date().optional(),
  photoUrl: z
    .string()
    .max(PROFILE_LIMITS.photoUrl)
    .regex(/^https:\/\/\S+$/)
    .nullable()
    .optional(),
  visibility: VisibilitySchema.optional(),
  /** Show the books being read on a public profile (missing = not shown). */
  showReading: z.boolean().optional(),
  bio: BioSchema.optional(),
  interests: InterestListSchema.optional(),
});
export type UserDoc = z.infer<typeof UserDocSchema>;

/** users/{uid}/profile/details: bio and interests, readable by the owner, and by others when public. */
export const ProfileDetailsSchema = z.strictObject({
  bio: BioSchema.optional(),
  interests: InterestListSchema.optional(),
  updatedAt: z.date(),
});
export type ProfileDetails = z.infer<typeof ProfileDetailsSchema>;

/** The reader's profile as the views use it: users/{uid} with the details the viewer may see merged in. */
export const UserProfileSchema = UserDocSchema;
export type UserProfile = z.infer<typeof UserProfileSchema>;

/** Whether a profile is public (no visibility yet = public, the editor's default). */
export function isPublicProfile(profile: Pick<UserProfile, 'visibility'>): boolean {
  return (profile.visibility ?? 'public') === 'public';
}
