import { z } from 'zod';

/** Field caps: page text is untrusted, so every string crossing a boundary is bounded. */
export const BOOK_LIMITS = {
  title: 300,
  author: 120,
  authors: 12,
  publisher: 120,
  url: 2048,
  site: 40,
} as const;

const httpUrl = z
  .string()
  .max(BOOK_LIMITS.url)
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

export const Isbn13Schema = z.string().regex(/^97[89]\d{10}$/, 'ISBN-13: 13 digits starting with 978 or 979');
export const Isbn10Schema = z.string().regex(/^\d{9}[\dX]$/, 'ISBN-10: 9 digits and a check digit (0-9 or X)');

export const EXTRACTORS = ['json-ld', 'meta', 'framework', 'label', 'regex', 'cover-url', 'url', 'site'] as const;
export const ExtractorSchema = z.enum(EXTRACTORS);

/** A book found on a web page by a detector. Everything in it came from an untrusted page. */
export const DetectedBookSchema = z.object({
  isbn13: Isbn13Schema,
  isbn10: Isbn10Schema.optional(),
  title: z.string().min(1).max(BOOK_LIMITS.title),
  authors: z.array(z.string().min(1).max(BOOK_LIMITS.author)).max(BOOK_LIMITS.authors),
  publisher: z.string().max(BOOK_LIMITS.publisher).optional(),
  /** ISO date: YYYY, YYYY-MM or YYYY-MM-DD. */
  pubDate: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .optional(),
  pages: z.number().int().positive().max(100_000).optional(),
  coverUrl: httpUrl.optional(),
  /** Price in the page's currency minor-less units (KRW has none). */
  price: z.number().nonnegative().max(100_000_000).optional(),
  /** The store's own category path as shown on the page, e.g. "국내도서 > 소설/시/희곡 > 한국소설". */
  categoryPath: z.string().max(200).optional(),
  /** KDC class number when the page gives one (library pages), e.g. "813.7". */
  kdc: z
    .string()
    .regex(/^\d{3}(\.\d+)?$/)
    .optional(),
  url: httpUrl,
  /** The detector id (its file name), e.g. "yes24" or "generic". */
  site: z.string().min(1).max(BOOK_LIMITS.site),
  /** Which step of the cascade produced the ISBN. */
  extractor: ExtractorSchema,
});
export type DetectedBook = z.infer<typeof DetectedBookSchema>;
