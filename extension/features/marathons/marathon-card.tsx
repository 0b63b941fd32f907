import { marathonState } from '../../../shared/marathon';
import { t } from '../../i18n';
import { ProgressRing } from './progress-ring';

/** One marathon in a list: a small ring, title, state; opens the marathon view. */
export function MarathonCard({
  id,
  title,
  startAt,
  endAt,
  share,
  now,
  onOpen,
}: {
  id: string;
  title: string;
  startAt: Date;
  endAt: Date;
  share: number | null;
  now: Date;
  onOpen: (id: string) => void;
}) {
  const state = marathonState({ startAt, endAt }, now);
  return (
    <li class="marathon-card" data-testid="marathon-card" data-marathon={id}>
      {share !== null && <ProgressRing share={share} size={40} label="" />}
      <button type="button" class="link marathon-card-open" aria-label={t('marathonOpen', title)} onClick={() => onOpen(id)}>
        <span class="marathon-card-title">{title}</span>
        <span class="small muted">
          {state === 'upcoming' ? t('marathonUpcoming') : state === 'running' ? t('marathonRunning') : t('marathonPast')}
        </span>
      </button>
    </li>
  );
}
