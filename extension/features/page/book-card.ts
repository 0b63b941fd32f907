import type { DetectedBook } from '../../../shared/schemas/detected-book';
import { type BookCard, BookCardSchema } from '../../../shared/schemas/peer-messages';

/** The card everyone in the room sees for a detected book; null if the book cannot make a valid card. */
export function bookCardFrom(book: DetectedBook, sharedBy: string, now = Date.now()): BookCard | null {
  const card = {
    isbn13: book.isbn13,
    title: book.title,
    authors: book.authors,
    ...(book.publisher ? { publisher: book.publisher } : {}),
    ...(book.coverUrl?.startsWith('https://') ? { coverUrl: book.coverUrl } : {}),
    url: book.url,
    sharedBy,
    sharedAt: now,
  };
  const parsed = BookCardSchema.safeParse(card);
  return parsed.success ? parsed.data : null;
}
