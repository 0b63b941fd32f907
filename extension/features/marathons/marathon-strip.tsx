import { useState } from 'preact/hooks';
import { daysLeft } from '../../../shared/marathon';
import { firebase } from '../../data/firebase-app';
import { marathonsRepository } from '../../data/marathons-repository';
import { usersRepository } from '../../data/users-repository';
import { t, uiLocale } from '../../i18n';
import { describeMarathonError } from './marathon-errors';
import { readerTimeZone, useClubRunning, useMarathon, useMyMarathons, useNow } from './use-marathon';
import { useStrip } from './use-strip';

const SHOWN = 5;

/**
 * The compact live leaderboard under the room's tiles: the marathon pinned to the room, else the club's
 * running marathon ending soonest. Top readers and the reader's own rank, live (strip-data.ts: at most
 * 10 + 1 + 1 reads to render, then 1 per changed row). Nothing when there is no marathon to show.
 */
export function MarathonStrip({ uid, clubId, marathonId }: { uid: string; clubId?: string | null; marathonId?: string | null }) {
  const running = useClubRunning(marathonId ? null : clubId);
  const id = marathonId ?? running?.id ?? null;
  const mine = useMyMarathons(uid);
  const membership = mine.items.find((m) => m.marathonId === id) ?? null;
  // The title comes from the reader's own list when they are in it (no extra read), else the marathon.
  const fetched = useMarathon(id && mine.loaded && !membership && !running ? id : null);
  const marathon = running ?? fetched ?? null;
  const title = membership?.title ?? marathon?.title ?? null;
  const endAt = membership?.endAt ?? marathon?.endAt ?? null;
  const { state } = useStrip(id, uid);
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!id || !title || !endAt) return null;
  const nf = new Intl.NumberFormat(uiLocale());
  const left = daysLeft({ startAt: now, endAt }, now, readerTimeZone());
  const inTop = state.top.findIndex((p) => p.uid === uid);
  const shown = state.top.slice(0, SHOWN);

  async function join() {
    if (!marathon) return;
    setBusy(true);
    setError(null);
    try {
      // The reader's name as their profile shows it (the Auth user of an e-mail account has none).
      const profile = await usersRepository(firebase().db)
        .get(uid)
        .catch(() => null);
      const displayName = profile?.displayName ?? firebase().auth.currentUser?.displayName ?? '?';
      await marathonsRepository(firebase().db).joinClubMarathon({ uid, displayName }, marathon);
    } catch (err) {
      setError(describeMarathonError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="marathon-strip" aria-label={t('marathonStripLabel', title)} data-testid="marathon-strip" data-marathon={id}>
      <p class="marathon-strip-title">
        <strong>{title}</strong>
        <span class="muted small"> · {left <= 1 ? t('marathonLastDay') : t('marathonDaysLeft', nf.format(left))}</span>
      </p>
      <ol class="marathon-strip-list" data-testid="marathon-strip-list">
        {shown.map((p, i) => (
          <li key={p.uid} class={p.uid === uid ? 'me' : undefined} data-testid="marathon-strip-row" data-uid={p.uid}>
            <span class="marathon-board-rank">{i + 1}</span> {p.displayName}{' '}
            <span class="muted">{nf.format(Math.max(0, p.pages))}</span>
          </li>
        ))}
      </ol>
      {state.me && !state.me.hidden && state.rank !== null && (inTop < 0 || inTop >= SHOWN) && (
        <p class="small" data-testid="marathon-strip-me">
          {t('marathonStripMe', [nf.format(state.rank), nf.format(Math.max(0, state.me.pages))])}
        </p>
      )}
      {state.loaded && !state.me && (
        <p class="small row">
          <span class="muted">{t('marathonStripNotIn')}</span>
          {marathon?.clubId && (
            <button type="button" class="link" disabled={busy} onClick={join} data-testid="marathon-strip-join">
              {t('marathonJoinNamed', title)}
            </button>
          )}
        </p>
      )}
      {error && (
        <p class="error small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
