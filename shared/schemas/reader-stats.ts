import { z } from 'zod';
import { CategoryIdSchema } from '../categories';
import { READ_DAYS_KEPT } from '../reading';
import { Isbn13Schema } from './detected-book';

const totals = {
  booksRead: z.number().int().min(0),
  pagesRead: z.number().int().min(0),
  /** Read books per category. */
  categoriesRead: z.partialRecord(CategoryIdSchema, z.number().int().min(0)),
};

/**
 * users/{uid}/stats/summary: the reader's totals, kept equal to the sum over their shelf by the security
 * rules (every change must come in the same batch as the shelf change it accounts for). Private: readable
 * by the owner, and by others only when the profile is public (it names the last book and the reading days).
 * Levels and badges are derived from it (shared/levels.ts).
 */
export const ReaderStatsSchema = z.strictObject({
  ...totals,
  /** Local calendar days (days since 1970-01-01) on which pages were logged; the last year or so. */
  readDays: z.array(z.number().int().min(0)).max(READ_DAYS_KEPT),
  /** The latest reading day logged (the one day a write may add to readDays); absent before the first. */
  lastReadDay: z.number().int().min(0).default(0),
  /** The shelf entry changed together with this write (what the rules check the change against). */
  lastIsbn: Isbn13Schema,
  updatedAt: z.date(),
});
export type ReaderStats = z.infer<typeof ReaderStatsSchema>;

/**
 * users/{uid}/stats/public: the level inputs others may read (room tiles, members-only profiles): exactly
 * the summary's totals, kept equal to it by the rules. No ISBN, no reading days.
 */
export const PublicStatsSchema = z.strictObject({ ...totals, updatedAt: z.date() });
export type PublicStats = z.infer<typeof PublicStatsSchema>;

export const EMPTY_STATS: Omit<ReaderStats, 'lastIsbn' | 'updatedAt'> = {
  booksRead: 0,
  pagesRead: 0,
  categoriesRead: {},
  readDays: [],
  lastReadDay: 0,
};
