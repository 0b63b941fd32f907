import type { Participant } from '../../../shared/schemas/marathon';
import { t, uiLocale } from '../../i18n';
import type { StripState } from './strip-data';

/** The top readers (ordered by pages) and the reader's own rank below when they are not among them. */
export function Leaderboard({ state, uid, compact = false }: { state: StripState; uid: string; compact?: boolean }) {
  const nf = new Intl.NumberFormat(uiLocale());
  const inTop = state.top.some((p) => p.uid === uid);
  return (
    <div class={compact ? 'marathon-board compact' : 'marathon-board'}>
      <ol class="marathon-board-list" data-testid="marathon-board">
        {state.top.map((p: Participant, i) => (
          <li key={p.uid} class={p.uid === uid ? 'me' : undefined} data-testid="marathon-board-row" data-uid={p.uid}>
            <span class="marathon-board-rank">{i + 1}</span>
            <span class="marathon-board-name">
              {p.displayName}
              {p.uid === uid && <span class="muted"> {t('marathonYou')}</span>}
            </span>
            <span class="marathon-board-pages">{t('marathonPagesCount', nf.format(Math.max(0, p.pages)))}</span>
          </li>
        ))}
      </ol>
      {state.me && !inTop && !state.me.hidden && state.rank !== null && (
        <p class="small" data-testid="marathon-my-rank">
          {t('marathonStripMe', [nf.format(state.rank), nf.format(Math.max(0, state.me.pages))])}
        </p>
      )}
      {state.me?.hidden && <p class="small muted">{t('marathonHiddenNote')}</p>}
    </div>
  );
}
