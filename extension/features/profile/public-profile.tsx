import { useEffect, useState } from 'preact/hooks';
import type { UserProfile } from '../../../shared/schemas/user-profile';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { NO_STATS, type StatsView, statsRepository } from '../../data/stats-repository';
import { usersRepository } from '../../data/users-repository';
import { t } from '../../i18n';
import { describeError } from '../account/describe-error';
import { ProfileHeader } from './profile-view';
import { LevelLine, StatsSummary } from './stats-summary';
import { canSeeFullProfile } from './visibility';
import '../shelf/shelf.css';

/**
 * Another member's profile, as the room opens it from a tile. Members-only profiles show just the name
 * and level unless the viewer shares a room with them (the room passes `sharesRoom`).
 */
export function PublicProfile({ uid, viewerUid, sharesRoom = false }: { uid: string; viewerUid: string; sharesRoom?: boolean }) {
  const { db } = firebase();
  const [profile, setProfile] = useState<UserProfile | null | undefined>(undefined);
  const [stats, setStats] = useState<StatsView>(NO_STATS);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([usersRepository(db).get(uid), statsRepository(db).get(uid)])
      .then(([p, s]) => {
        if (!live) return;
        setProfile(p);
        setStats(s);
      })
      .catch((err: unknown) => live && setError(describeError(err)));
    return () => {
      live = false;
    };
  }, [db, uid]);

  if (error) return <ErrorNote message={error} />;
  if (profile === undefined) return <p class="muted">{t('loading')}</p>;
  if (profile === null) return <p class="muted">{t('publicProfileMissing')}</p>;
  const full = canSeeFullProfile(profile, uid, viewerUid, sharesRoom);
  return (
    <section class="card profile public-profile" data-testid="public-profile" data-full={full}>
      {full ? (
        <>
          <ProfileHeader profile={profile} />
          <StatsSummary stats={stats} />
        </>
      ) : (
        <>
          <p class="profile-name" data-testid="profile-name">
            {profile.displayName}
          </p>
          <LevelLine stats={stats} />
          <p class="muted">{t('publicProfileMembersOnly')}</p>
        </>
      )}
    </section>
  );
}
