/**
 * Reading-marathon arithmetic (pure): state, days left and pace in the reader's own time zone, the
 * projected finish, the history of logs per local day, and which marathons a shelf change logs to.
 * Instants are stored; days are computed in the reader's time zone (an IANA name, e.g. "Asia/Seoul").
 */

/** DECISION: a reader is in at most 3 marathons that have not ended, so one shelf batch logs to at most
 * 3 (the rules' document-access budget of a batch; firebase/firestore.rules counts it). */
export const MAX_RUNNING_MARATHONS = 3;

const DAY_MS = 86_400_000;

export type MarathonWindow = { startAt: Date; endAt: Date };
export type MarathonState = 'upcoming' | 'running' | 'ended';

export function marathonState(m: MarathonWindow, now: Date): MarathonState {
  if (now < m.startAt) return 'upcoming';
  return now <= m.endAt ? 'running' : 'ended';
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    at,
  );
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Days between two YYYY-MM-DD days (b − a). */
function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/**
 * Calendar days left, counting today, in the reader's zone: 1 on the last day, 0 once ended. Before the
 * start, the whole window's days.
 */
export function daysLeft(m: MarathonWindow, now: Date, timeZone: string): number {
  if (now > m.endAt) return 0;
  const from = now < m.startAt ? m.startAt : now;
  return dayDiff(localDay(from, timeZone), localDay(m.endAt, timeZone)) + 1;
}

/** "N pages a day to finish": pages still to read spread over the days left (0 when reached or ended). */
export function pagesPerDayNeeded(pages: number, target: number, m: MarathonWindow, now: Date, timeZone: string): number {
  const left = Math.max(0, target - pages);
  const days = daysLeft(m, now, timeZone);
  if (left === 0 || days === 0) return 0;
  return Math.ceil(left / days);
}

/**
 * When the target would be reached at the pace so far (pages per elapsed time since the start), or null
 * with no pages yet. The target already reached: the instant is `now`.
 */
export function projectedFinish(pages: number, target: number, m: MarathonWindow, now: Date): Date | null {
  if (pages >= target) return now;
  if (pages <= 0 || now <= m.startAt) return null;
  const elapsed = Math.min(now.getTime(), m.endAt.getTime()) - m.startAt.getTime();
  const rate = pages / elapsed;
  return new Date(m.startAt.getTime() + target / rate);
}

/** Share of the target reached, 0–1. */
export function progressShare(pages: number, target: number): number {
  if (target <= 0) return 0;
  return Math.min(1, Math.max(0, pages / target));
}

/** A marathon is completed when it has ended with the target pages (and target books, if set) reached. */
export function isCompleted(
  m: MarathonWindow & { targetPages: number; targetBooks: number | null },
  totals: { pages: number; books: number },
  now: Date,
): boolean {
  return (
    marathonState(m, now) === 'ended' &&
    totals.pages >= m.targetPages &&
    (m.targetBooks === null || totals.books >= m.targetBooks)
  );
}

export type DayTotal = { day: string; pages: number; logs: number };

/** Logs summed per local calendar day, newest day first (corrections count with their sign). */
export function logsByDay(logs: readonly { at: Date; delta: number }[], timeZone: string): DayTotal[] {
  const byDay = new Map<string, DayTotal>();
  for (const log of logs) {
    const day = localDay(log.at, timeZone);
    const total = byDay.get(day) ?? { day, pages: 0, logs: 0 };
    total.pages += log.delta;
    total.logs += 1;
    byDay.set(day, total);
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
}

export type RunningCandidate = MarathonWindow & { marathonId: string; bookIsbn: string | null };

/**
 * The marathons a shelf change of `isbn13` at `at` counts toward: running at that instant, about any book
 * or about this one, ending soonest first, at most MAX_RUNNING_MARATHONS.
 */
export function marathonsToLog<T extends RunningCandidate>(memberships: readonly T[], isbn13: string, at: Date): T[] {
  return memberships
    .filter((m) => marathonState(m, at) === 'running' && (m.bookIsbn === null || m.bookIsbn === isbn13))
    .sort((a, b) => a.endAt.getTime() - b.endAt.getTime())
    .slice(0, MAX_RUNNING_MARATHONS);
}

/** Marathons that count toward the cap: not ended at `now` (running or upcoming). */
export function unfinishedCount(memberships: readonly MarathonWindow[], now: Date): number {
  return memberships.filter((m) => marathonState(m, now) !== 'ended').length;
}

/**
 * The log delta of a shelf change: the pages it added; a decrease is a compensating log of at most the
 * pages the reader has in this marathon (never below zero), never more than the shelf change.
 */
export function logDelta(shelfChange: number, participantPages: number): number {
  if (shelfChange >= 0) return shelfChange;
  return Math.max(shelfChange, -Math.max(0, participantPages));
}
