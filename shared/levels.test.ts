import { describe, expect, it } from 'vitest';
import {
  BADGE_GROUPS,
  BADGES,
  badgeContext,
  badgeStatuses,
  categoriesExplored,
  earnedBadges,
  levelFor,
  MAX_LEVEL,
  pointsForLevel,
  readingPoints,
} from './levels';

const ctx = (over: Partial<Parameters<typeof earnedBadges>[0]> = {}) => ({
  booksRead: 0,
  pagesRead: 0,
  categoriesExplored: 0,
  longestStreak: 0,
  ...over,
});

describe('levels', () => {
  it('points: 10 per book, 1 per full 100 pages', () => {
    expect(readingPoints(0, 0)).toBe(0);
    expect(readingPoints(1, 99)).toBe(10);
    expect(readingPoints(1, 100)).toBe(11);
    expect(readingPoints(-3, -100)).toBe(0);
  });
  it('thresholds 0, 10, 30, 60, 100', () => {
    expect([1, 2, 3, 4, 5].map(pointsForLevel)).toEqual([0, 10, 30, 60, 100]);
  });
  it('level boundaries', () => {
    expect(levelFor(0, 0).level).toBe(1);
    expect(levelFor(0, 999).level).toBe(1); // 9 points
    expect(levelFor(0, 1000).level).toBe(2); // 10 points
    expect(levelFor(1, 0).level).toBe(2);
    expect(levelFor(2, 999).level).toBe(2); // 29
    expect(levelFor(3, 0).level).toBe(3); // 30
    expect(levelFor(5, 999).level).toBe(3); // 59
    expect(levelFor(6, 0).level).toBe(4); // 60
  });
  it('progress towards the next level', () => {
    expect(levelFor(0, 0)).toMatchObject({ levelStart: 0, nextLevelAt: 10, progress: 0 });
    expect(levelFor(0, 500).progress).toBeCloseTo(0.5);
    expect(levelFor(1_000_000, 0)).toMatchObject({ level: MAX_LEVEL, nextLevelAt: null, progress: 1 });
  });
});

describe('badges', () => {
  it('the registry has unique ids in known groups, with room for marathon and review badges', () => {
    expect(new Set(BADGES.map((b) => b.id)).size).toBe(BADGES.length);
    for (const b of BADGES) expect(BADGE_GROUPS).toContain(b.group);
    expect(BADGE_GROUPS).toContain('marathon');
    expect(BADGE_GROUPS).toContain('review');
  });
  it('book badges at 1, 10, 50, 100 (boundaries)', () => {
    expect(earnedBadges(ctx({ booksRead: 0 }))).toEqual([]);
    expect(earnedBadges(ctx({ booksRead: 1 }))).toEqual(['first-book']);
    expect(earnedBadges(ctx({ booksRead: 9 }))).toEqual(['first-book']);
    expect(earnedBadges(ctx({ booksRead: 10 }))).toEqual(['first-book', 'books-10']);
    expect(earnedBadges(ctx({ booksRead: 49 }))).not.toContain('books-50');
    expect(earnedBadges(ctx({ booksRead: 50 }))).toContain('books-50');
    expect(earnedBadges(ctx({ booksRead: 99 }))).not.toContain('books-100');
    expect(earnedBadges(ctx({ booksRead: 100 }))).toContain('books-100');
  });
  it('page badges at 1,000 and 10,000', () => {
    expect(earnedBadges(ctx({ pagesRead: 999 }))).toEqual([]);
    expect(earnedBadges(ctx({ pagesRead: 1000 }))).toEqual(['pages-1000']);
    expect(earnedBadges(ctx({ pagesRead: 9999 }))).toEqual(['pages-1000']);
    expect(earnedBadges(ctx({ pagesRead: 10_000 }))).toEqual(['pages-1000', 'pages-10000']);
  });
  it('five categories explored, and a 7-day streak', () => {
    expect(earnedBadges(ctx({ categoriesExplored: 4 }))).toEqual([]);
    expect(earnedBadges(ctx({ categoriesExplored: 5 }))).toEqual(['categories-5']);
    expect(earnedBadges(ctx({ longestStreak: 6 }))).toEqual([]);
    expect(earnedBadges(ctx({ longestStreak: 7 }))).toEqual(['streak-7']);
  });
  it('marathon badges: the first, 3 and 10 completed marathons', () => {
    expect(earnedBadges(ctx({}))).toEqual([]);
    expect(earnedBadges(ctx({ marathonsFinished: 1 }))).toEqual(['marathon-1']);
    expect(earnedBadges(ctx({ marathonsFinished: 2 }))).toEqual(['marathon-1']);
    expect(earnedBadges(ctx({ marathonsFinished: 3 }))).toEqual(['marathon-1', 'marathon-3']);
    expect(earnedBadges(ctx({ marathonsFinished: 10 }))).toEqual(['marathon-1', 'marathon-3', 'marathon-10']);
    for (const b of BADGES.filter((x) => x.group === 'marathon')) expect(b.id).toMatch(/^marathon-/);
    const stats = { booksRead: 0, pagesRead: 0, categoriesRead: {}, readDays: [] };
    expect(badgeContext(stats, 2).marathonsFinished).toBe(2);
    expect(badgeContext(stats)).not.toHaveProperty('marathonsFinished');
  });
  it('reports progress for unearned badges', () => {
    const first = badgeStatuses(ctx({ pagesRead: 250 })).find((b) => b.id === 'pages-1000');
    expect(first).toMatchObject({ earned: false, value: 250, target: 1000 });
  });
  it('derives the context from a stats document; "other" does not count as exploring', () => {
    expect(categoriesExplored({ novel: 2, other: 5, science: 0, history: 1 })).toBe(2);
    const c = badgeContext({
      booksRead: 3,
      pagesRead: 900,
      categoriesRead: { novel: 1, arts: 1, travel: 1, religion: 1, comics: 1 },
      readDays: [10, 11, 12, 13, 14, 15, 16, 30],
    });
    expect(c).toEqual({ booksRead: 3, pagesRead: 900, categoriesExplored: 5, longestStreak: 7 });
    expect(earnedBadges(c)).toEqual(['first-book', 'categories-5', 'streak-7']);
  });
});
