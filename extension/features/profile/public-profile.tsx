import { useEffect, useState } from 'preact/hooks';
import type { ReadingEntry } from '../../../shared/schemas/shelf-entry';
import type { UserProfile } from '../../../shared/schemas/user-profile';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { readingRepository } from '../../data/reading-repository';
import { NO_STATS, type StatsView, statsRepository } from '../../data/stats-repository';
import { usersRepository } from '../../data/users-repository';
import { t } from '../../i18n';
import { describeError } from '../account/describe-error';
import { ProfileHeader } from './profile-view';
import { ReadingNow } from './reading-now';
import { LevelLine, StatsSummary } from './stats-summary';
import { canSeeFullProfile } from './visibility';
import '../shelf/shelf.css';

type Loaded = {
  profile: UserProfile | null;
  /** Level inputs (the public stats document): always readable. */
  level: StatsView;
  /** The whole summary (reading days: streaks), or null when this viewer may not read it. */
  summary: StatsView | null;
  /** What they are reading, or null when hidden from this viewer. */
  reading: ReadingEntry[] | null;
};

/** A read the rules may refuse for this viewer (a members-only profile): null instead of an error. */
function unlessDenied<T>(read: Promise<T>): Promise<T | null> {
  return read.catch((err: unknown) => {
    if ((err as { code?: string }).code === 'permission-denied') return null;
    throw err;
  });
}

/**
 * Another member's profile, as the room opens it from a tile. What is shown is what the rules let this
 * viewer read: a public profile shows everything (bio, interests, stats with streaks, badges, and the
 * books being read if the reader allows it); a members-only profile shows the name and level only. The
 * views ask only for what the profile's visibility suggests they may see (`sharesRoom` is a hint for the
 * clubs work, whose rules will open members-only profiles to club-mates).
 */
export function PublicProfile({ uid, viewerUid, sharesRoom = false }: { uid: string; viewerUid: string; sharesRoom?: boolean }) {
  const { db } = firebase();
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoaded(undefined);
    setError(null);
    (async () => {
      const [profile, level] = await Promise.all([usersRepository(db).get(uid), statsRepository(db).get(uid)]);
      const mayAsk = profile !== null && canSeeFullProfile(profile, uid, viewerUid, sharesRoom);
      const [summary, reading] = mayAsk
        ? await Promise.all([
            unlessDenied(statsRepository(db).getSummary(uid)),
            profile.showReading || uid === viewerUid ? unlessDenied(readingRepository(db).list(uid)) : null,
          ])
        : [null, null];
      if (live) setLoaded({ profile, level, summary, reading });
    })().catch((err: unknown) => live && setError(describeError(err)));
    return () => {
      live = false;
    };
  }, [db, uid, viewerUid, sharesRoom]);

  if (error) return <ErrorNote message={error} />;
  if (loaded === undefined) return <p class="muted">{t('loading')}</p>;
  const { profile, level, summary, reading } = loaded;
  if (profile === null) return <p class="muted">{t('publicProfileMissing')}</p>;
  const full = summary !== null;
  return (
    <section class="card profile public-profile" data-testid="public-profile" data-full={full}>
      {full ? (
        <>
          <ProfileHeader profile={profile} />
          <ReadingNow entries={reading ?? []} />
          <StatsSummary stats={summary ?? NO_STATS} />
        </>
      ) : (
        <>
          <p class="profile-name" data-testid="profile-name">
            {profile.displayName}
          </p>
          <LevelLine stats={level} />
          <p class="muted">{t('publicProfileMembersOnly')}</p>
        </>
      )}
    </section>
  );
}
