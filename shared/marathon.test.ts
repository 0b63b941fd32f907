import { describe, expect, it } from 'vitest';
import {
  daysLeft,
  isCompleted,
  localDay,
  logDelta,
  logsByDay,
  MAX_RUNNING_MARATHONS,
  marathonState,
  marathonsToLog,
  pagesPerDayNeeded,
  progressShare,
  projectedFinish,
  unfinishedCount,
} from './marathon';
import { MarathonInputSchema, parseInviteCode } from './schemas/marathon';

const at = (iso: string) => new Date(iso);
const window = { startAt: at('2026-12-01T00:00:00+09:00'), endAt: at('2026-12-31T23:59:59+09:00') };

describe('days in the reader’s own time zone', () => {
  it('the same instant is a different calendar day in Seoul and in New York', () => {
    const instant = at('2026-12-10T15:30:00Z'); // 00:30 on the 11th in Seoul, 10:30 on the 10th in New York
    expect(localDay(instant, 'Asia/Seoul')).toBe('2026-12-11');
    expect(localDay(instant, 'America/New_York')).toBe('2026-12-10');
  });

  it('groups logs per local day (newest first), with corrections counted by their sign', () => {
    const logs = [
      { at: at('2026-12-10T14:50:00Z'), delta: 10 }, // 23:50 on the 10th in Seoul
      { at: at('2026-12-10T15:10:00Z'), delta: 20 }, // 00:10 on the 11th in Seoul
      { at: at('2026-12-10T16:00:00Z'), delta: -5 },
      { at: at('2026-12-09T01:00:00Z'), delta: 7 },
    ];
    expect(logsByDay(logs, 'Asia/Seoul')).toEqual([
      { day: '2026-12-11', pages: 15, logs: 2 },
      { day: '2026-12-10', pages: 10, logs: 1 },
      { day: '2026-12-09', pages: 7, logs: 1 },
    ]);
    // In UTC all three December-10 logs are on one day.
    expect(logsByDay(logs, 'UTC')).toEqual([
      { day: '2026-12-10', pages: 25, logs: 3 },
      { day: '2026-12-09', pages: 7, logs: 1 },
    ]);
  });

  it('days left count today, in the reader’s zone; 0 once ended; the whole window before the start', () => {
    expect(daysLeft(window, at('2026-12-31T10:00:00+09:00'), 'Asia/Seoul')).toBe(1);
    expect(daysLeft(window, at('2026-12-30T10:00:00+09:00'), 'Asia/Seoul')).toBe(2);
    expect(daysLeft(window, at('2027-01-01T00:00:01+09:00'), 'Asia/Seoul')).toBe(0);
    expect(daysLeft(window, at('2026-11-20T00:00:00+09:00'), 'Asia/Seoul')).toBe(31);
    // 23:00 on the 30th in Seoul is still the 30th there, but already the 31st 14:00 UTC… in UTC the end is the 31st.
    expect(daysLeft(window, at('2026-12-30T14:00:00Z'), 'UTC')).toBe(2);
  });
});

describe('pace and projection', () => {
  it('"N pages a day to finish": what is left over the days left, rounded up; 0 when reached', () => {
    const now = at('2026-12-22T12:00:00+09:00'); // 10 days left with today
    expect(pagesPerDayNeeded(400, 1000, window, now, 'Asia/Seoul')).toBe(60);
    expect(pagesPerDayNeeded(995, 1000, window, now, 'Asia/Seoul')).toBe(1);
    expect(pagesPerDayNeeded(1000, 1000, window, now, 'Asia/Seoul')).toBe(0);
    expect(pagesPerDayNeeded(0, 1000, window, at('2027-01-02T00:00:00Z'), 'Asia/Seoul')).toBe(0);
  });

  it('projected finish at the pace so far; none without pages; now when reached', () => {
    const now = at('2026-12-11T00:00:00+09:00'); // 10 days in
    const finish = projectedFinish(250, 1000, window, now);
    expect(finish?.toISOString()).toBe(at('2027-01-10T00:00:00+09:00').toISOString());
    expect(projectedFinish(0, 1000, window, now)).toBeNull();
    expect(projectedFinish(1200, 1000, window, now)).toBe(now);
    expect(progressShare(250, 1000)).toBe(0.25);
    expect(progressShare(2000, 1000)).toBe(1);
  });

  it('completed only once ended with the target pages (and books, if set) reached', () => {
    const m = { ...window, targetPages: 1000, targetBooks: null };
    const after = at('2027-01-02T00:00:00Z');
    expect(isCompleted(m, { pages: 1000, books: 0 }, after)).toBe(true);
    expect(isCompleted(m, { pages: 999, books: 3 }, after)).toBe(false);
    expect(isCompleted(m, { pages: 1500, books: 0 }, at('2026-12-15T00:00:00Z'))).toBe(false);
    expect(isCompleted({ ...m, targetBooks: 2 }, { pages: 1500, books: 1 }, after)).toBe(false);
    expect(isCompleted({ ...m, targetBooks: 2 }, { pages: 1500, books: 2 }, after)).toBe(true);
  });
});

describe('which marathons a shelf change logs to', () => {
  const m = (id: string, start: string, end: string, bookIsbn: string | null = null) => ({
    marathonId: id,
    startAt: at(start),
    endAt: at(end),
    bookIsbn,
  });
  const list = [
    m('late', '2026-12-01T00:00:00Z', '2027-02-01T00:00:00Z'),
    m('soon', '2026-12-01T00:00:00Z', '2026-12-20T00:00:00Z'),
    m('book', '2026-12-01T00:00:00Z', '2026-12-25T00:00:00Z', '9788936434267'),
    m('future', '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z'),
    m('over', '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z'),
    m('fourth', '2026-12-01T00:00:00Z', '2027-03-01T00:00:00Z'),
  ];
  it('running at the instant, about any book or this one, ending soonest first, at most 3', () => {
    const now = at('2026-12-10T00:00:00Z');
    expect(marathonsToLog(list, '9788936434267', now).map((x) => x.marathonId)).toEqual(['soon', 'book', 'late']);
    expect(marathonsToLog(list, '9791197221989', now).map((x) => x.marathonId)).toEqual(['soon', 'late', 'fourth']);
    expect(MAX_RUNNING_MARATHONS).toBe(3);
    expect(unfinishedCount(list, now)).toBe(5);
    expect(marathonState(list[3] as (typeof list)[number], now)).toBe('upcoming');
  });
  it('a decrease is a compensating log of at most the pages the reader has there', () => {
    expect(logDelta(10, 0)).toBe(10);
    expect(logDelta(-5, 30)).toBe(-5);
    expect(logDelta(-50, 30)).toBe(-30);
    expect(logDelta(-5, 0)).toBe(-0);
  });
});

describe('schemas', () => {
  it('invite codes: id-SECRET, typed with spaces or a lower-case secret; anything else is null', () => {
    expect(parseInviteCode(' abcDEF1234567890ghij-abcd2345 ')).toEqual({
      marathonId: 'abcDEF1234567890ghij',
      secret: 'ABCD2345',
    });
    expect(parseInviteCode('abcDEF1234567890ghij-ABCD1234')).toBeNull(); // 1 is not in the alphabet
    expect(parseInviteCode('short-ABCD2345')).toBeNull();
    expect(parseInviteCode('../../etc-ABCD2345')).toBeNull();
    expect(parseInviteCode('')).toBeNull();
  });
  it('the create input refuses an end before the start and a target out of range', () => {
    const base = { title: 'x', clubId: null, targetBooks: null, book: null, ...window, targetPages: 100 };
    expect(MarathonInputSchema.safeParse(base).success).toBe(true);
    expect(MarathonInputSchema.safeParse({ ...base, endAt: window.startAt }).success).toBe(false);
    expect(MarathonInputSchema.safeParse({ ...base, targetPages: 0 }).success).toBe(false);
    expect(MarathonInputSchema.safeParse({ ...base, targetPages: 100_001 }).success).toBe(false);
  });
});
