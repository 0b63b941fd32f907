import { badgeContext, badgeStatuses, levelFor } from '../../../shared/levels';
import { currentStreak, epochDay } from '../../../shared/reading';
import type { StatsView } from '../../data/stats-repository';
import { t, uiLocale } from '../../i18n';
import { BADGE_LABELS } from './badge-labels';

/** Level line only (what a members-only profile shows to strangers). */
export function LevelLine({ stats }: { stats: StatsView }) {
  const level = levelFor(stats.booksRead, stats.pagesRead);
  return (
    <p class="profile-level" data-testid="profile-level">
      <strong>{t('profileLevel', String(level.level))}</strong>
      {level.nextLevelAt !== null && (
        <span class="muted"> · {t('profileLevelProgress', [String(level.points), String(level.nextLevelAt)])}</span>
      )}
    </p>
  );
}

/** Level, totals and badges, all derived from the one stats document. */
export function StatsSummary({ stats, marathonsFinished }: { stats: StatsView; marathonsFinished?: number }) {
  const nf = new Intl.NumberFormat(uiLocale());
  const ctx = badgeContext(stats, marathonsFinished);
  // Marathon badges are derived from the reader's own marathons (private): shown on their own profile only.
  const badges = badgeStatuses(ctx).filter((b) => b.group !== 'marathon' || marathonsFinished !== undefined);
  const earned = badges.filter((b) => b.earned);
  const streak = currentStreak(stats.readDays, epochDay(new Date()));
  return (
    <div class="profile-summary" data-testid="profile-stats">
      <LevelLine stats={stats} />
      <dl class="profile-stats">
        <div>
          <dt>{t('statBooksRead')}</dt>
          <dd data-testid="stat-books">{nf.format(stats.booksRead)}</dd>
        </div>
        <div>
          <dt>{t('statPagesRead')}</dt>
          <dd data-testid="stat-pages">{nf.format(stats.pagesRead)}</dd>
        </div>
        <div>
          <dt>{t('statCategories')}</dt>
          <dd>{nf.format(ctx.categoriesExplored)}</dd>
        </div>
        <div>
          <dt>{t('statStreak')}</dt>
          <dd data-testid="stat-streak">{nf.format(streak)}</dd>
        </div>
      </dl>
      <h3 class="profile-subtitle">{t('profileBadges')}</h3>
      {earned.length === 0 && <p class="muted">{t('badgeNone')}</p>}
      <ul class="chips" data-testid="profile-badges">
        {badges.map((b) => (
          <li
            key={b.id}
            class={b.earned ? 'chip earned' : 'chip'}
            data-badge={b.id}
            data-earned={b.earned}
            title={b.earned ? undefined : t('badgeProgress', [nf.format(Math.min(b.value, b.target)), nf.format(b.target)])}
          >
            {t(BADGE_LABELS[b.id])}
          </li>
        ))}
      </ul>
    </div>
  );
}
