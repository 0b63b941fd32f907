// zod/mini: the content script bundles this schema (and the message protocols), so it uses Zod's
// tree-shakable build. Mini and classic schemas compose freely (they share zod/v4/core).
import * as z from 'zod/mini';
import { BOOK_LIMITS, BOOK_PATTERNS, EXTRACTORS } from '../book-fields';

export { BOOK_LIMITS, EXTRACTORS } from '../book-fields';

const httpUrl = z.string().check(
  z.maxLength(BOOK_LIMITS.url),
  z.refine((value) => BOOK_PATTERNS.httpUrl.test(value), 'must be an http(s) URL'),
);

export const Isbn13Schema = z.string().check(z.regex(BOOK_PATTERNS.isbn13, 'ISBN-13: 13 digits starting with 978 or 979'));
export const Isbn10Schema = z.string().check(z.regex(BOOK_PATTERNS.isbn10, 'ISBN-10: 9 digits and a check digit (0-9 or X)'));

export const ExtractorSchema = z.enum(EXTRACTORS);

const bounded = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** A book found on a web page by a detector. Everything in it came from an untrusted page. */
export const DetectedBookSchema = z.object({
  isbn13: Isbn13Schema,
  isbn10: z.optional(Isbn10Schema),
  title: bounded(1, BOOK_LIMITS.title),
  authors: z.array(bounded(1, BOOK_LIMITS.author)).check(z.maxLength(BOOK_LIMITS.authors)),
  publisher: z.optional(bounded(0, BOOK_LIMITS.publisher)),
  /** ISO date: YYYY, YYYY-MM or YYYY-MM-DD. */
  pubDate: z.optional(z.string().check(z.regex(BOOK_PATTERNS.pubDate))),
  pages: z.optional(z.number().check(z.int(), z.positive(), z.maximum(100_000))),
  coverUrl: z.optional(httpUrl),
  /** Price in the page's currency (KRW has no minor unit). */
  price: z.optional(z.number().check(z.nonnegative(), z.maximum(100_000_000))),
  /** The store's own category path as shown on the page, e.g. "국내도서 > 소설/시/희곡 > 한국소설". */
  categoryPath: z.optional(bounded(0, BOOK_LIMITS.categoryPath)),
  /** KDC class number when the page gives one (library pages), e.g. "813.7". */
  kdc: z.optional(z.string().check(z.regex(BOOK_PATTERNS.kdc))),
  url: httpUrl,
  /** The detector id (its file name), e.g. "yes24" or "generic". */
  site: bounded(1, BOOK_LIMITS.site),
  /** Which step of the cascade produced the ISBN. */
  extractor: ExtractorSchema,
});
export type DetectedBook = z.infer<typeof DetectedBookSchema>;
