import { useEffect, useState } from 'preact/hooks';
import { marathonState } from '../../../shared/marathon';
import type { Marathon } from '../../../shared/schemas/marathon';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { marathonsRepository } from '../../data/marathons-repository';
import { t } from '../../i18n';
import { describeMarathonError } from './marathon-errors';
import { MarathonForm } from './marathon-form';
import { MarathonView } from './marathon-view';
import { useMyMarathons, useNow } from './use-marathon';

/**
 * A club's marathons on the club page: the running and upcoming ones (join in one click), and, for the
 * club's hosts (`canCreate`), a form to start one for the club.
 */
export function ClubMarathons({
  clubId,
  uid,
  displayName,
  canCreate = false,
}: {
  clubId: string;
  uid: string;
  displayName?: string;
  canCreate?: boolean;
}) {
  const [items, setItems] = useState<Marathon[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = useMyMarathons(uid);
  const now = useNow();
  const name = displayName ?? firebase().auth.currentUser?.displayName ?? '?';

  useEffect(
    () =>
      marathonsRepository(firebase().db).watchClub(
        clubId,
        (list) => {
          setItems(list);
          setLoaded(true);
        },
        () => setLoaded(true),
      ),
    [clubId],
  );

  if (open) {
    return (
      <div class="club-marathons" data-testid="club-marathons">
        <MarathonView marathonId={open} uid={uid} onBack={() => setOpen(null)} />
      </div>
    );
  }
  const current = items.filter((m) => marathonState(m, now) !== 'ended');

  async function join(m: Marathon) {
    setBusy(true);
    setError(null);
    try {
      await marathonsRepository(firebase().db).joinClubMarathon({ uid, displayName: name }, m);
      setOpen(m.id);
    } catch (err) {
      setError(describeMarathonError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="club-marathons" data-testid="club-marathons">
      <h3 class="marathon-subtitle">{t('marathonClubTitle')}</h3>
      {loaded && current.length === 0 && <p class="small muted">{t('marathonClubEmpty')}</p>}
      <ul class="marathon-list">
        {current.map((m) => {
          const joined = mine.items.some((x) => x.marathonId === m.id);
          return (
            <li key={m.id} class="marathon-card" data-testid="club-marathon" data-marathon={m.id}>
              <button
                type="button"
                class="link marathon-card-open"
                aria-label={t('marathonOpen', m.title)}
                onClick={() => setOpen(m.id)}
              >
                <span class="marathon-card-title">{m.title}</span>
                <span class="small muted">
                  {marathonState(m, now) === 'running' ? t('marathonRunning') : t('marathonUpcoming')}
                </span>
              </button>
              {joined ? (
                <span class="small muted">{t('marathonJoined')}</span>
              ) : (
                <button type="button" disabled={busy} onClick={() => join(m)} data-testid="club-marathon-join">
                  {t('marathonJoinNamed', m.title)}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {canCreate &&
        (creating ? (
          <MarathonForm
            reader={{ uid, displayName: name }}
            clubId={clubId}
            onCreated={(id) => {
              setCreating(false);
              setOpen(id);
            }}
            onCancel={() => setCreating(false)}
          />
        ) : (
          <button type="button" onClick={() => setCreating(true)} data-testid="club-marathon-new">
            {t('marathonNewFor')}
          </button>
        ))}
      <ErrorNote message={error} />
    </div>
  );
}
