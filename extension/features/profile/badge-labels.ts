import type { BadgeId } from '../../../shared/levels';
import type { MessageKey } from '../../i18n';

/** The name of each badge of shared/levels.ts BADGES (a new badge needs an entry here and in both catalogues). */
export const BADGE_LABELS: Record<BadgeId, MessageKey> = {
  'first-book': 'badgeFirstBook',
  'books-10': 'badgeBooks10',
  'books-50': 'badgeBooks50',
  'books-100': 'badgeBooks100',
  'pages-1000': 'badgePages1000',
  'pages-10000': 'badgePages10000',
  'categories-5': 'badgeCategories5',
  'streak-7': 'badgeStreak7',
  'marathon-1': 'badgeMarathon1',
  'marathon-3': 'badgeMarathon3',
  'marathon-10': 'badgeMarathon10',
};
