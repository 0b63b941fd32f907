/**
 * Levels and badges (pure). Everything here is derived from the reader-stats document, so nothing is
 * stored that could be forged on its own: the rules guard the stats, and levels and badges follow.
 */
import type { CategoryId } from './categories';
import { longestStreak } from './reading';

export type StatsForLevels = {
  booksRead: number;
  pagesRead: number;
  /** Count of read books per category id. */
  categoriesRead: Partial<Record<CategoryId, number>>;
  /** Reading days (epoch days, see shared/reading.ts). */
  readDays: readonly number[];
};

/** Points: 10 per book read, 1 per 100 pages. */
export function readingPoints(booksRead: number, pagesRead: number): number {
  return Math.max(0, Math.floor(booksRead)) * 10 + Math.floor(Math.max(0, pagesRead) / 100);
}

export const MAX_LEVEL = 99;

/** Points needed to reach a level: 0, 10, 30, 60, 100, 150 … (5·n·(n−1)). */
export function pointsForLevel(level: number): number {
  const n = Math.max(1, Math.min(MAX_LEVEL, Math.floor(level)));
  return 5 * n * (n - 1);
}

export type LevelInfo = {
  level: number;
  points: number;
  /** Points at which this level started and the next one starts (null at the top level). */
  levelStart: number;
  nextLevelAt: number | null;
  /** 0–1 progress towards the next level. */
  progress: number;
};

/** The reader's level from books and pages read. */
export function levelFor(booksRead: number, pagesRead: number): LevelInfo {
  const points = readingPoints(booksRead, pagesRead);
  let level = 1;
  while (level < MAX_LEVEL && pointsForLevel(level + 1) <= points) level += 1;
  const levelStart = pointsForLevel(level);
  const nextLevelAt = level < MAX_LEVEL ? pointsForLevel(level + 1) : null;
  const progress = nextLevelAt === null ? 1 : (points - levelStart) / (nextLevelAt - levelStart);
  return { level, points, levelStart, nextLevelAt, progress };
}

/** Distinct categories with at least one read book; `other` does not count as exploring. */
export function categoriesExplored(categoriesRead: StatsForLevels['categoriesRead']): number {
  return Object.entries(categoriesRead).filter(([id, count]) => id !== 'other' && (count ?? 0) > 0).length;
}

/** What badges are computed from. Marathon and review figures arrive with those features. */
export type BadgeContext = {
  booksRead: number;
  pagesRead: number;
  categoriesExplored: number;
  longestStreak: number;
  marathonsFinished?: number;
  reviewsWritten?: number;
};

export const BADGE_GROUPS = ['books', 'pages', 'categories', 'streak', 'marathon', 'review'] as const;
export type BadgeGroup = (typeof BADGE_GROUPS)[number];

export type BadgeDefinition = {
  id: string;
  group: BadgeGroup;
  /** The figure the badge is about, and the target that earns it. */
  measure: (ctx: BadgeContext) => number;
  target: number;
};

const books = (ctx: BadgeContext) => ctx.booksRead;
const pages = (ctx: BadgeContext) => ctx.pagesRead;
/** Reading marathons completed (ended with the target reached; shared/marathon.ts isCompleted). */
const marathons = (ctx: BadgeContext) => ctx.marathonsFinished ?? 0;

/**
 * The badge registry. Add marathon and review badges here (groups `marathon` and `review`, measuring
 * ctx.marathonsFinished / ctx.reviewsWritten) and give each id a name in the i18n catalogues
 * (the UI maps ids to message keys in extension/features/profile/badge-labels.ts).
 */
export const BADGES = [
  { id: 'first-book', group: 'books', measure: books, target: 1 },
  { id: 'books-10', group: 'books', measure: books, target: 10 },
  { id: 'books-50', group: 'books', measure: books, target: 50 },
  { id: 'books-100', group: 'books', measure: books, target: 100 },
  { id: 'pages-1000', group: 'pages', measure: pages, target: 1_000 },
  { id: 'pages-10000', group: 'pages', measure: pages, target: 10_000 },
  { id: 'categories-5', group: 'categories', measure: (ctx) => ctx.categoriesExplored, target: 5 },
  { id: 'streak-7', group: 'streak', measure: (ctx) => ctx.longestStreak, target: 7 },
  { id: 'marathon-1', group: 'marathon', measure: marathons, target: 1 },
  { id: 'marathon-3', group: 'marathon', measure: marathons, target: 3 },
  { id: 'marathon-10', group: 'marathon', measure: marathons, target: 10 },
] as const satisfies readonly BadgeDefinition[];

export type BadgeId = (typeof BADGES)[number]['id'];

export type BadgeStatus = { id: BadgeId; group: BadgeGroup; earned: boolean; value: number; target: number };

/** Every badge with whether it is earned and how far along the reader is. */
export function badgeStatuses(ctx: BadgeContext): BadgeStatus[] {
  return BADGES.map((badge) => {
    const value = badge.measure(ctx);
    return { id: badge.id, group: badge.group, earned: value >= badge.target, value, target: badge.target };
  });
}

export function earnedBadges(ctx: BadgeContext): BadgeId[] {
  return badgeStatuses(ctx)
    .filter((b) => b.earned)
    .map((b) => b.id);
}

/**
 * The badge context of a stats document, with the reader's completed marathons when known (derived from
 * their marathons, never stored: extension/features/marathons/use-completed-marathons.ts).
 */
export function badgeContext(stats: StatsForLevels, marathonsFinished?: number): BadgeContext {
  return {
    booksRead: stats.booksRead,
    pagesRead: stats.pagesRead,
    categoriesExplored: categoriesExplored(stats.categoriesRead),
    longestStreak: longestStreak(stats.readDays),
    ...(marathonsFinished !== undefined ? { marathonsFinished: Math.max(0, Math.floor(marathonsFinished)) } : {}),
  };
}
