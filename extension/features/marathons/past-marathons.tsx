import { useEffect, useState } from 'preact/hooks';
import { isCompleted, marathonState } from '../../../shared/marathon';
import type { Membership } from '../../../shared/schemas/marathon';
import { firebase } from '../../data/firebase-app';
import { marathonsRepository } from '../../data/marathons-repository';
import { t, uiLocale } from '../../i18n';
import { useMyMarathons } from './use-marathon';

type Past = Membership & { pages: number; completed: boolean };

/**
 * The reader's ended marathons with their result (one read of their own row each, newest first, at most
 * 20), and how many were completed (the marathon badges of shared/levels.ts).
 */
export function usePastMarathons(uid: string): { past: Past[]; completed: number; loaded: boolean } {
  const mine = useMyMarathons(uid);
  const [past, setPast] = useState<Past[]>([]);
  const [loaded, setLoaded] = useState(false);
  const now = new Date();
  const ended = mine.items
    .filter((m) => marathonState(m, now) === 'ended')
    .sort((a, b) => b.endAt.getTime() - a.endAt.getTime())
    .slice(0, 20);
  const key = ended.map((m) => m.marathonId).join(',');
  useEffect(() => {
    if (!mine.loaded) return;
    let live = true;
    const repo = marathonsRepository(firebase().db);
    Promise.all(
      ended.map(async (m) => {
        const row = await repo.getParticipant(m.marathonId, uid).catch(() => null);
        const pages = row?.pages ?? 0;
        return { ...m, pages, completed: isCompleted(m, { pages, books: row?.books ?? 0 }, new Date()) };
      }),
    ).then((list) => {
      if (!live) return;
      setPast(list);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [uid, key, mine.loaded]);
  return { past, completed: past.filter((p) => p.completed).length, loaded };
}

/** The profile's list of past marathons: title, dates, pages against the target, completed or not. */
export function PastMarathons({ uid }: { uid: string }) {
  const { past, loaded } = usePastMarathons(uid);
  const nf = new Intl.NumberFormat(uiLocale());
  const df = new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium' });
  return (
    <div class="past-marathons" data-testid="past-marathons">
      <h3 class="profile-subtitle">{t('marathonPast')}</h3>
      {loaded && past.length === 0 && <p class="muted small">{t('marathonPastEmpty')}</p>}
      <ul class="marathon-history">
        {past.map((m) => (
          <li key={m.marathonId} data-testid="past-marathon" data-completed={m.completed}>
            <span>
              <strong>{m.title}</strong> <span class="small muted">{df.format(m.endAt)}</span>
            </span>
            <span class="small">
              {t('marathonPagesOf', [nf.format(Math.max(0, m.pages)), nf.format(m.targetPages)])} ·{' '}
              {m.completed ? t('marathonCompleted') : t('marathonNotCompleted')}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
