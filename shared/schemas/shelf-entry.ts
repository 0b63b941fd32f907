import { z } from 'zod';
import { CategoryIdSchema } from '../categories';
import { isHalfStar, MAX_PAGES, SHELF_STATUSES } from '../reading';
import { BOOK_LIMITS, Isbn13Schema } from './detected-book';

export const SHELF_LIMITS = { notes: 2000 } as const;

export const ShelfStatusSchema = z.enum(SHELF_STATUSES);

export const HalfStarSchema = z.number().refine(isHalfStar, 'rating is 0.5 to 5 in steps of 0.5');
export const PageSchema = z.number().int().min(0).max(MAX_PAGES);
export const TotalPagesSchema = z.number().int().min(1).max(MAX_PAGES);
export const HttpsUrlSchema = z
  .string()
  .max(BOOK_LIMITS.url)
  .regex(/^https:\/\/\S+$/, 'must be an https URL');

/** The book snapshot kept on the shelf entry (for listing without another read) and in books/{isbn13}. */
export const BookSnapshotSchema = z.object({
  isbn13: Isbn13Schema,
  title: z.string().trim().min(1).max(BOOK_LIMITS.title),
  authors: z.array(z.string().min(1).max(BOOK_LIMITS.author)).max(BOOK_LIMITS.authors),
  publisher: z.string().max(BOOK_LIMITS.publisher).nullable().optional(),
  coverUrl: HttpsUrlSchema.nullable().optional(),
});

/** users/{uid}/shelf/{isbn13}: one book on the reader's shelf. Private to the reader (notes live here). */
export const ShelfEntrySchema = z
  .strictObject({
    ...BookSnapshotSchema.shape,
    category: CategoryIdSchema,
    status: ShelfStatusSchema,
    startedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
    currentPage: PageSchema,
    totalPages: TotalPagesSchema.nullable(),
    /** Pages of earlier reads, banked when the reader starts the book again (they stay in pagesRead). */
    pagesBanked: z.number().int().min(0),
    rating: HalfStarSchema.nullable(),
    notes: z.string().max(SHELF_LIMITS.notes),
    rereadCount: z.number().int().min(0),
    addedAt: z.date(),
    updatedAt: z.date(),
  })
  .refine((e) => e.totalPages === null || e.currentPage <= e.totalPages, {
    message: 'currentPage cannot be past totalPages',
    path: ['currentPage'],
  });
export type ShelfEntry = z.infer<typeof ShelfEntrySchema>;

/**
 * users/{uid}/reading/{isbn13}: a book the reader is reading, as their profile shows it to others (when
 * public and showReading). Exists only while the shelf entry has status "reading"; written in the same
 * batch as the shelf change; only the entry's title, authors and cover.
 */
export const ReadingEntrySchema = z.strictObject({
  isbn13: Isbn13Schema,
  title: BookSnapshotSchema.shape.title,
  authors: BookSnapshotSchema.shape.authors,
  coverUrl: HttpsUrlSchema.nullable(),
  updatedAt: z.date(),
});
export type ReadingEntry = z.infer<typeof ReadingEntrySchema>;
