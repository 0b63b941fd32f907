import { z } from 'zod';

export const PROFILE_LIMITS = { displayName: 40, bio: 280, interests: 18, photoUrl: 2048 } as const;

export const VISIBILITIES = ['public', 'members'] as const;
export const VisibilitySchema = z.enum(VISIBILITIES);

export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'displayName is required')
  .max(PROFILE_LIMITS.displayName, `displayName is at most ${PROFILE_LIMITS.displayName} characters`);

/** users/{uid}: the reader's profile. Dates are JS Dates here; the repository converts Timestamps. */
export const UserProfileSchema = z.strictObject({
  displayName: DisplayNameSchema,
  createdAt: z.date(),
  updatedAt: z.date().optional(),
  photoUrl: z
    .string()
    .max(PROFILE_LIMITS.photoUrl)
    .regex(/^https:\/\/\S+$/)
    .nullable()
    .optional(),
  bio: z.string().max(PROFILE_LIMITS.bio).optional(),
  interests: z.array(z.string().max(40)).max(PROFILE_LIMITS.interests).optional(),
  visibility: VisibilitySchema.optional(),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;
