import type { User } from 'firebase/auth/web-extension';
import type { UserProfile } from '../../../shared/schemas/user-profile';
import { catalogClient } from './catalog-store';
import { DiscoverView } from './discover-view';
import { useHomeLibraries } from './home-libraries';
import { useCatalogActions } from './use-catalog-actions';

/** The Discover tab for the signed-in reader: their interests, their home libraries, their shelf and room. */
export function DiscoverTab({ user, profile }: { user: User; profile: UserProfile | null }) {
  const actions = useCatalogActions(user.uid);
  const [libraries, saveLibraries] = useHomeLibraries();
  return (
    <DiscoverView
      client={catalogClient()}
      interests={profile?.interests}
      actions={actions}
      libraries={libraries}
      onSaveLibraries={saveLibraries}
    />
  );
}
