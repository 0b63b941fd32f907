import { safeBookLink, safeCoverUrl } from '../../../shared/cover-hosts';
import type { DetectedBook } from '../../../shared/schemas/detected-book';
import { type BookCard, BookCardSchema } from '../../../shared/schemas/peer-messages';

/**
 * The card everyone in the room sees for a detected book; null if the book cannot make a valid card.
 * It carries everything a room-mate needs to add the book to their shelf as the sharer would (pages, date,
 * store category, KDC); a cover only from a known book-image host (else the placeholder), the link over
 * https unless it is a library that serves http only.
 */
export function bookCardFrom(book: DetectedBook, sharedBy: string, now = Date.now()): BookCard | null {
  const coverUrl = safeCoverUrl(book.coverUrl);
  const url = safeBookLink(book.url);
  if (!url) return null;
  const card = {
    isbn13: book.isbn13,
    title: book.title,
    authors: book.authors,
    ...(book.publisher ? { publisher: book.publisher } : {}),
    ...(book.pubDate ? { pubDate: book.pubDate } : {}),
    ...(book.pages ? { pages: book.pages } : {}),
    ...(book.categoryPath ? { categoryPath: book.categoryPath } : {}),
    ...(book.kdc ? { kdc: book.kdc } : {}),
    ...(coverUrl ? { coverUrl } : {}),
    url,
    sharedBy,
    sharedAt: now,
  };
  const parsed = BookCardSchema.safeParse(card);
  if (parsed.success) return parsed.data;
  // One odd optional field must not stop the share: retry with the fields every book has.
  const { pubDate: _d, pages: _p, categoryPath: _c, kdc: _k, ...basic } = card;
  const fallback = BookCardSchema.safeParse(basic);
  return fallback.success ? fallback.data : null;
}
