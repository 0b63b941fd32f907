import { z } from 'zod';
import { CategoryIdSchema } from '../categories';
import { READ_DAYS_KEPT } from '../reading';
import { Isbn13Schema } from './detected-book';

/**
 * users/{uid}/stats/summary: the reader's totals, kept equal to the sum over their shelf by the security
 * rules (every change must come in the same batch as the shelf change it accounts for). Levels and
 * badges are derived from it (shared/levels.ts), so a profile or a room tile costs one document read.
 */
export const ReaderStatsSchema = z.strictObject({
  booksRead: z.number().int().min(0),
  pagesRead: z.number().int().min(0),
  /** Read books per category. */
  categoriesRead: z.partialRecord(CategoryIdSchema, z.number().int().min(0)),
  /** Local calendar days (days since 1970-01-01) on which pages were logged; the last year or so. */
  readDays: z.array(z.number().int().min(0)).max(READ_DAYS_KEPT),
  /** The day the latest reading day was logged for (the one day a write may add to readDays). */
  lastReadDay: z.number().int().min(0),
  /** The shelf entry changed together with this write (what the rules check the change against). */
  lastIsbn: Isbn13Schema,
  updatedAt: z.date(),
});
export type ReaderStats = z.infer<typeof ReaderStatsSchema>;

export const EMPTY_STATS: Omit<ReaderStats, 'lastIsbn' | 'updatedAt'> = {
  booksRead: 0,
  pagesRead: 0,
  categoriesRead: {},
  readDays: [],
  lastReadDay: 0,
};
