/**
 * Reading progress, shelf-entry arithmetic and streaks (pure). The same arithmetic is written out in
 * firebase/firestore.rules (the users/{uid}/stats block): the rules accept a stats write only when its
 * change equals what these functions compute from the shelf entry before and after the write.
 */

/** Upper bound for page numbers (the longest real books run to a few thousand pages). */
export const MAX_PAGES = 20_000;
/** How many reading days the stats document keeps (a year and a bit; older days are pruned). */
export const READ_DAYS_KEPT = 400;
/** Prune when the list grows past this, keeping the last year. */
export const READ_DAYS_PRUNE_AT = 380;
export const READ_DAYS_WINDOW = 366;

export const SHELF_STATUSES = ['want-to-read', 'reading', 'read', 'stopped'] as const;
export type ShelfStatus = (typeof SHELF_STATUSES)[number];

/** Percent read, 0–100 (rounded down so 99.6 % does not show as finished), or null without a page count. */
export function progressPercent(currentPage: number, totalPages: number | null | undefined): number | null {
  if (!totalPages || totalPages <= 0) return null;
  const pct = Math.floor((Math.max(0, Math.min(currentPage, totalPages)) / totalPages) * 100);
  return Math.max(0, Math.min(100, pct));
}

/** Clamp a page number to 0…totalPages (or 0…MAX_PAGES without a page count). */
export function clampPage(page: number, totalPages: number | null | undefined): number {
  const max = totalPages && totalPages > 0 ? totalPages : MAX_PAGES;
  if (!Number.isFinite(page)) return 0;
  return Math.max(0, Math.min(Math.trunc(page), max));
}

/** True for a rating in half stars: 0.5, 1, 1.5 … 5. */
export function isHalfStar(value: number): boolean {
  return Number.isFinite(value) && value >= 0.5 && value <= 5 && Number.isInteger(value * 2);
}

/** The parts of a shelf entry that the reader's stats are made of. */
export type CountedEntry = {
  status: ShelfStatus;
  rereadCount: number;
  currentPage: number;
  pagesBanked: number;
  category: string;
};

/** A book counts as read once it has been finished (status read), and stays counted through rereads. */
export function countsAsRead(entry: CountedEntry | null | undefined): boolean {
  return !!entry && (entry.status === 'read' || entry.rereadCount > 0);
}

/** Pages this entry adds to pagesRead: pages of earlier reads (banked on "read again") + the current page. */
export function pagesOf(entry: CountedEntry | null | undefined): number {
  return entry ? entry.pagesBanked + entry.currentPage : 0;
}

export type StatsDelta = {
  books: number;
  pages: number;
  /** Change per category of the count of read books (only non-zero entries). */
  categories: Record<string, number>;
};

/** What a change of one shelf entry (null = absent) does to the reader's stats. */
export function statsDelta(before: CountedEntry | null, after: CountedEntry | null): StatsDelta {
  const b = countsAsRead(before) ? 1 : 0;
  const a = countsAsRead(after) ? 1 : 0;
  const categories: Record<string, number> = {};
  if (before && b) categories[before.category] = (categories[before.category] ?? 0) - b;
  if (after && a) categories[after.category] = (categories[after.category] ?? 0) + a;
  for (const [key, value] of Object.entries(categories)) if (value === 0) delete categories[key];
  return { books: a - b, pages: pagesOf(after) - pagesOf(before), categories };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * READING_DAY_WINDOW: which local days a reading day may claim, judged at the server's time (the rules'
 * isRecentReadingDay() is the same check): no later than "today" in the easternmost time zone (UTC+14),
 * no earlier than `offlineDays` before "today" in the westernmost (UTC−12), so a page log queued offline
 * for up to a week still syncs, and nothing older (or tomorrow) can be claimed.
 */
export const READING_DAY_WINDOW = { offlineDays: 7, eastHours: 14, westHours: 12 } as const;

export function isRecentReadingDay(day: number, serverNow: Date): boolean {
  const t = serverNow.getTime();
  const newest = Math.floor((t + READING_DAY_WINDOW.eastHours * HOUR_MS) / DAY_MS);
  const oldest = Math.floor((t - READING_DAY_WINDOW.westHours * HOUR_MS - READING_DAY_WINDOW.offlineDays * DAY_MS) / DAY_MS);
  return Number.isInteger(day) && day >= oldest && day <= newest;
}

/** The reader's local calendar day as a whole number of days since 1970-01-01 (what the stats store). */
export function epochDay(date: Date, timezoneOffsetMinutes = date.getTimezoneOffset()): number {
  return Math.floor((date.getTime() - timezoneOffsetMinutes * 60_000) / DAY_MS);
}

/** Sorted, distinct days. */
function distinctSorted(days: readonly number[]): number[] {
  return [...new Set(days)].sort((x, y) => x - y);
}

/** The longest run of consecutive reading days. */
export function longestStreak(days: readonly number[]): number {
  let best = 0;
  let run = 0;
  let prev: number | null = null;
  for (const day of distinctSorted(days)) {
    run = prev !== null && day === prev + 1 ? run + 1 : 1;
    best = Math.max(best, run);
    prev = day;
  }
  return best;
}

/**
 * The streak still alive on `today`: consecutive days ending today, or ending yesterday (today is not
 * over yet). 0 when the last reading day is older.
 */
export function currentStreak(days: readonly number[], today: number): number {
  const set = new Set(days);
  let end = set.has(today) ? today : set.has(today - 1) ? today - 1 : null;
  if (end === null) return 0;
  let run = 0;
  while (set.has(end)) {
    run += 1;
    end -= 1;
  }
  return run;
}

/** Days to drop so the list keeps only the last year of reading, once it has grown past the prune mark. */
export function daysToPrune(days: readonly number[]): number[] {
  if (days.length <= READ_DAYS_PRUNE_AT) return [];
  const newest = Math.max(...days);
  return days.filter((d) => d <= newest - READ_DAYS_WINDOW);
}
