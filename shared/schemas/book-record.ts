import { z } from 'zod';
import { CategoryIdSchema } from '../categories';
import { BookSnapshotSchema, TotalPagesSchema } from './shelf-entry';

/**
 * books/{isbn13}: shared book metadata, one record per ISBN for every reader. Created once (with the
 * first reader's shelf entry); later readers may only fill fields that are still missing.
 */
export const BookRecordSchema = z.strictObject({
  ...BookSnapshotSchema.shape,
  pages: TotalPagesSchema.nullable().optional(),
  pubDate: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .nullable()
    .optional(),
  category: CategoryIdSchema,
  createdBy: z.string().min(1).max(128),
  createdAt: z.date(),
});
export type BookRecord = z.infer<typeof BookRecordSchema>;

/** Fields a later reader may add to an existing record when the first one did not have them. */
export const BOOK_FILLABLE_FIELDS = ['publisher', 'coverUrl', 'pages', 'pubDate'] as const;
