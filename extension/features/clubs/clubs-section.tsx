import type { User } from 'firebase/auth/web-extension';
import type { UserProfile } from '../../../shared/schemas/user-profile';

/** The reader's clubs: list, create, join by invite, and one club's page. (Being built: issue 11.) */
export function ClubsSection(_props: { user: User; profile: UserProfile | null }) {
  return null;
}
