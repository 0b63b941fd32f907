import { z } from 'zod';
import { CategoryIdSchema } from '../categories';
import { CatalogProviderIdSchema } from './catalog';
import { BookSnapshotSchema, TotalPagesSchema } from './shelf-entry';

/**
 * books/{isbn13}: shared book metadata, one record per ISBN for every reader. Created once (with the
 * first reader's shelf entry); later readers may only fill fields that are still missing. Such a record is
 * provisional: the server (firebase-admin) verifies it from a book source, overwriting the fields the source
 * knows and adding `source` and `verifiedAt`; from then on no client may write it (firestore.rules).
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
  /** Set only by the server: the catalog source the verified fields came from. */
  source: CatalogProviderIdSchema.optional(),
  /** Set only by the server: when the record was verified (absent: provisional, reader-written). */
  verifiedAt: z.date().optional(),
});
export type BookRecord = z.infer<typeof BookRecordSchema>;

/** Fields a later reader may add to an existing record when the first one did not have them. */
/** Fields only the server writes (clients can never set them, nor write a record that has them). */
export const BOOK_VERIFIED_FIELDS = ['source', 'verifiedAt'] as const;

/** Whether a books/ record (raw document data) was verified by the server. */
export const isVerifiedRecord = (data: Record<string, unknown>): boolean => data.verifiedAt != null;

export const BOOK_FILLABLE_FIELDS = ['publisher', 'coverUrl', 'pages', 'pubDate'] as const;
