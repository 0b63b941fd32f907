import { describe, expect, it } from 'vitest';
import {
  type CountedEntry,
  clampPage,
  countsAsRead,
  currentStreak,
  daysToPrune,
  epochDay,
  isHalfStar,
  isRecentReadingDay,
  longestStreak,
  pagesOf,
  progressPercent,
  READ_DAYS_KEPT,
  READ_DAYS_PRUNE_AT,
  statsDelta,
} from './reading';

const entry = (over: Partial<CountedEntry> = {}): CountedEntry => ({
  status: 'reading',
  rereadCount: 0,
  currentPage: 0,
  pagesBanked: 0,
  category: 'novel',
  ...over,
});

describe('progress', () => {
  it('percent, rounded down, null without a page count', () => {
    expect(progressPercent(0, 200)).toBe(0);
    expect(progressPercent(50, 200)).toBe(25);
    expect(progressPercent(199, 200)).toBe(99);
    expect(progressPercent(200, 200)).toBe(100);
    expect(progressPercent(500, 200)).toBe(100);
    expect(progressPercent(10, null)).toBeNull();
    expect(progressPercent(10, 0)).toBeNull();
  });
  it('clamps pages', () => {
    expect(clampPage(-4, 100)).toBe(0);
    expect(clampPage(110, 100)).toBe(100);
    expect(clampPage(12.7, 100)).toBe(12);
    expect(clampPage(30_000, null)).toBe(20_000);
    expect(clampPage(Number.NaN, 100)).toBe(0);
  });
  it('half stars', () => {
    expect([0.5, 1, 2.5, 5].every(isHalfStar)).toBe(true);
    expect([0, 5.5, 4.3, -1, Number.NaN].some(isHalfStar)).toBe(false);
  });
});

describe('what an entry counts', () => {
  it('a book counts as read when finished, and stays counted while reread', () => {
    expect(countsAsRead(entry())).toBe(false);
    expect(countsAsRead(entry({ status: 'read' }))).toBe(true);
    expect(countsAsRead(entry({ status: 'reading', rereadCount: 1 }))).toBe(true);
    expect(countsAsRead(null)).toBe(false);
    expect(pagesOf(entry({ currentPage: 30, pagesBanked: 200 }))).toBe(230);
  });
  it('statsDelta: adding, finishing, rereading, re-categorising, removing', () => {
    expect(statsDelta(null, entry({ currentPage: 20 }))).toEqual({ books: 0, pages: 20, categories: {} });
    expect(statsDelta(entry({ currentPage: 20 }), entry({ status: 'read', currentPage: 200 }))).toEqual({
      books: 1,
      pages: 180,
      categories: { novel: 1 },
    });
    const read = entry({ status: 'read', currentPage: 200 });
    expect(statsDelta(read, entry({ rereadCount: 1, pagesBanked: 200 }))).toEqual({ books: 0, pages: 0, categories: {} });
    expect(statsDelta(read, { ...read, category: 'arts' })).toEqual({ books: 0, pages: 0, categories: { novel: -1, arts: 1 } });
    expect(statsDelta(read, null)).toEqual({ books: -1, pages: -200, categories: { novel: -1 } });
  });
});

describe('days and streaks', () => {
  it('epochDay uses the local calendar', () => {
    const d = new Date(Date.UTC(2026, 0, 1, 20, 0)); // 2026-01-02 05:00 in Seoul (UTC+9)
    expect(epochDay(d, 0)).toBe(Date.UTC(2026, 0, 1) / 86_400_000);
    expect(epochDay(d, -540)).toBe(Date.UTC(2026, 0, 2) / 86_400_000);
  });
  it('longest and current streak', () => {
    expect(longestStreak([])).toBe(0);
    expect(longestStreak([5])).toBe(1);
    expect(longestStreak([1, 2, 3, 5, 6, 7, 8, 3])).toBe(4);
    expect(currentStreak([8, 9, 10], 10)).toBe(3);
    expect(currentStreak([8, 9], 10)).toBe(2); // today not over yet
    expect(currentStreak([8], 10)).toBe(0);
    expect(currentStreak([], 10)).toBe(0);
  });
  it('prunes to the last year only past the prune mark', () => {
    const few = [1, 2, 3];
    expect(daysToPrune(few)).toEqual([]);
    const many = Array.from({ length: READ_DAYS_PRUNE_AT + 1 }, (_, i) => i * 2);
    const pruned = daysToPrune(many);
    const kept = many.filter((d) => !pruned.includes(d));
    expect(kept.length).toBeLessThanOrEqual(READ_DAYS_KEPT);
    expect(Math.min(...kept)).toBeGreaterThan(Math.max(...many) - 366);
  });
  it('a reading day lies within the offline week before the server time, never tomorrow anywhere', () => {
    // 2026-03-10 07:00 UTC: already the 10th in Seoul, the 11th nowhere (UTC+14 is at 21:00 on the 10th).
    const now = new Date(Date.UTC(2026, 2, 10, 7, 0));
    const day = (d: number) => Date.UTC(2026, 2, d) / 86_400_000;
    expect(isRecentReadingDay(day(10), now)).toBe(true);
    expect(isRecentReadingDay(day(11), now)).toBe(false);
    expect(isRecentReadingDay(day(3), now)).toBe(true);
    expect(isRecentReadingDay(day(1), now)).toBe(false);
    expect(isRecentReadingDay(0, now)).toBe(false);
    // At 11:00 UTC it is the 11th in Kiritimati (UTC+14).
    expect(isRecentReadingDay(day(11), new Date(Date.UTC(2026, 2, 10, 11, 0)))).toBe(true);
  });
});
