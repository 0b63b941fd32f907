/**
 * The shape rules of a detected book, without Zod: the content script runs these on every page it
 * detects, and Zod would double its size. `DetectedBookSchema` (shared/schemas/detected-book.ts) is
 * built from the same constants, and a test holds `checkDetectedBook` and the schema to the same verdicts.
 */

/** Field caps: page text is untrusted, so every string crossing a boundary is bounded. */
export const BOOK_LIMITS = {
  title: 300,
  author: 120,
  authors: 12,
  publisher: 120,
  url: 2048,
  site: 40,
  categoryPath: 200,
  maxPages: 100_000,
  maxPrice: 100_000_000,
} as const;

export const EXTRACTORS = ['json-ld', 'meta', 'framework', 'label', 'regex', 'cover-url', 'url', 'site'] as const;

export const BOOK_PATTERNS = {
  isbn13: /^97[89]\d{10}$/,
  isbn10: /^\d{9}[\dX]$/,
  pubDate: /^\d{4}(-\d{2}(-\d{2})?)?$/,
  kdc: /^\d{3}(\.\d+)?$/,
  httpUrl: /^https?:\/\//i,
} as const;

type Extractor = (typeof EXTRACTORS)[number];

/** Mirrors DetectedBook (the schema's inferred type) so the two cannot drift apart silently. */
export type CheckedBook = {
  isbn13: string;
  isbn10?: string;
  title: string;
  authors: string[];
  publisher?: string;
  pubDate?: string;
  pages?: number;
  coverUrl?: string;
  price?: number;
  categoryPath?: string;
  kdc?: string;
  url: string;
  site: string;
  extractor: Extractor;
};

const KEYS = new Set([
  'isbn13',
  'isbn10',
  'title',
  'authors',
  'publisher',
  'pubDate',
  'pages',
  'coverUrl',
  'price',
  'categoryPath',
  'kdc',
  'url',
  'site',
  'extractor',
]);

const str = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const opt = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const url = (v: unknown) => str(v, 0, BOOK_LIMITS.url) && BOOK_PATTERNS.httpUrl.test(v);

/**
 * The candidate as a DetectedBook (unknown keys dropped, as the schema's object parsing does), or null when
 * any field breaks the rules.
 */
export function checkDetectedBook(candidate: Record<string, unknown>): CheckedBook | null {
  const c = candidate;
  const ok =
    typeof c.isbn13 === 'string' &&
    BOOK_PATTERNS.isbn13.test(c.isbn13) &&
    opt(c.isbn10, (v) => typeof v === 'string' && BOOK_PATTERNS.isbn10.test(v)) &&
    str(c.title, 1, BOOK_LIMITS.title) &&
    Array.isArray(c.authors) &&
    c.authors.length <= BOOK_LIMITS.authors &&
    c.authors.every((a) => str(a, 1, BOOK_LIMITS.author)) &&
    opt(c.publisher, (v) => str(v, 0, BOOK_LIMITS.publisher)) &&
    opt(c.pubDate, (v) => typeof v === 'string' && BOOK_PATTERNS.pubDate.test(v)) &&
    opt(c.pages, (v) => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= BOOK_LIMITS.maxPages) &&
    opt(c.coverUrl, url) &&
    opt(c.price, (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= BOOK_LIMITS.maxPrice) &&
    opt(c.categoryPath, (v) => str(v, 0, BOOK_LIMITS.categoryPath)) &&
    opt(c.kdc, (v) => typeof v === 'string' && BOOK_PATTERNS.kdc.test(v)) &&
    url(c.url) &&
    str(c.site, 1, BOOK_LIMITS.site) &&
    (EXTRACTORS as readonly unknown[]).includes(c.extractor);
  if (!ok) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (KEYS.has(k) && v !== undefined) out[k] = k === 'authors' ? [...(v as string[])] : v;
  return out as CheckedBook;
}
