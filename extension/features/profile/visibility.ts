import type { UserProfile } from '../../../shared/schemas/user-profile';

/**
 * Whether a viewer sees another reader's whole profile: their own, a public one, or a members-only one
 * when they share a room. Otherwise only the name and level are shown.
 */
export function canSeeFullProfile(
  profile: Pick<UserProfile, 'visibility'>,
  uid: string,
  viewerUid: string,
  sharesRoom: boolean,
): boolean {
  return uid === viewerUid || (profile.visibility ?? 'public') === 'public' || sharesRoom;
}
