import type { User } from 'firebase/auth/web-extension';
import { useState } from 'preact/hooks';
import { marathonState, progressShare } from '../../../shared/marathon';
import type { UserProfile } from '../../../shared/schemas/user-profile';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { marathonsRepository } from '../../data/marathons-repository';
import { t } from '../../i18n';
import { MarathonCard } from './marathon-card';
import { describeMarathonError } from './marathon-errors';
import { MarathonForm } from './marathon-form';
import { MarathonView } from './marathon-view';
import { useMyMarathons, useNow } from './use-marathon';
import { useMyRows } from './use-participants';

/** The reader's reading marathons (독서마라톤): personal and club; create, join by code, open one. */
export function MarathonsSection({ user, profile }: { user: User; profile: UserProfile | null }) {
  const uid = user.uid;
  // The name others see on a leaderboard: the reader's profile name (never their e-mail address). Until the
  // profile has loaded, creating and joining wait.
  const displayName = profile?.displayName ?? user.displayName ?? null;
  const reader = displayName ? { uid, displayName } : null;
  const mine = useMyMarathons(uid);
  const now = useNow();
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = mine.items.filter((m) => marathonState(m, now) !== 'ended');
  const rows = useMyRows(
    uid,
    current.map((m) => m.marathonId),
  );

  if (open) {
    return (
      <section class="card marathons" aria-labelledby="marathons-title" data-testid="marathons-section">
        <h2 id="marathons-title">{t('marathonsTitle')}</h2>
        <MarathonView marathonId={open} uid={uid} onBack={() => setOpen(null)} />
      </section>
    );
  }

  async function join(event: Event) {
    event.preventDefault();
    if (!reader) return;
    setError(null);
    setBusy(true);
    try {
      const id = await marathonsRepository(firebase().db).joinByCode(reader, code);
      setCode('');
      setOpen(id);
    } catch (err) {
      setError(describeMarathonError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card marathons" aria-labelledby="marathons-title" data-testid="marathons-section">
      <h2 id="marathons-title">{t('marathonsTitle')}</h2>
      <p class="small muted">{t('marathonsIntro')}</p>
      {mine.loaded && current.length === 0 && <p class="muted">{t('marathonsEmpty')}</p>}
      <ul class="marathon-list" data-testid="marathon-list">
        {current.map((m) => {
          const row = rows.get(m.marathonId);
          return (
            <MarathonCard
              key={m.marathonId}
              id={m.marathonId}
              title={m.title}
              startAt={m.startAt}
              endAt={m.endAt}
              share={row ? progressShare(row.pages, m.targetPages) : null}
              now={now}
              onOpen={setOpen}
            />
          );
        })}
      </ul>
      {creating && reader ? (
        <MarathonForm
          reader={reader}
          onCreated={(id) => {
            setCreating(false);
            setOpen(id);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <div class="row">
          <button type="button" class="primary" disabled={!reader} onClick={() => setCreating(true)} data-testid="marathon-new">
            {t('marathonNew')}
          </button>
        </div>
      )}
      <form class="row marathon-join" onSubmit={join} noValidate>
        <label>
          {t('marathonCodeLabel')}
          <input
            name="code"
            autoComplete="off"
            value={code}
            data-testid="marathon-code"
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy || !reader || code.trim() === ''} data-testid="marathon-join-code">
          {t('marathonJoinCode')}
        </button>
      </form>
      <ErrorNote message={error} />
    </section>
  );
}
