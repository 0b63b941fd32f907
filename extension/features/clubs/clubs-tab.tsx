import type { User } from 'firebase/auth/web-extension';
import type { UserProfile } from '../../../shared/schemas/user-profile';
import { MarathonsSection } from '../marathons/marathons-section';
import { ClubsSection } from './clubs-section';

/** The Clubs tab: the reader's book clubs (lasting beyond one call) and their reading marathons. */
export function ClubsTab({ user, profile }: { user: User; profile: UserProfile | null }) {
  return (
    <div class="clubs-tab" data-testid="clubs-tab">
      <ClubsSection user={user} profile={profile} />
      <MarathonsSection user={user} profile={profile} />
    </div>
  );
}
