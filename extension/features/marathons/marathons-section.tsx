import type { User } from 'firebase/auth/web-extension';
import type { UserProfile } from '../../../shared/schemas/user-profile';

/** The reader's reading marathons (독서마라톤): personal and club. (Being built: issue 11.) */
export function MarathonsSection(_props: { user: User; profile: UserProfile | null }) {
  return null;
}
