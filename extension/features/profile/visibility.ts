import type { UserProfile } from '../../../shared/schemas/user-profile';

/**
 * Whether a viewer may ask for another reader's whole profile: their own, a public one, or a members-only
 * one when they share a room. The rules decide what is really readable (today a members-only profile's
 * details are the owner's alone; the clubs work opens them to club-mates in the rules), so the views
 * treat a refusal as "name and level only".
 */
export function canSeeFullProfile(
  profile: Pick<UserProfile, 'visibility'>,
  uid: string,
  viewerUid: string,
  sharesRoom: boolean,
): boolean {
  return uid === viewerUid || (profile.visibility ?? 'public') === 'public' || sharesRoom;
}
