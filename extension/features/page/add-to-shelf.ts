import type { BookRecord } from '../../../shared/schemas/book-record';
import type { DetectedBook } from '../../../shared/schemas/detected-book';
import type { BookCard } from '../../../shared/schemas/peer-messages';
import { booksRepository } from '../../data/books-repository';
import { firebase } from '../../data/firebase-app';
import { addToShelf, type BookInput } from '../../data/shelf-repository';

/**
 * What goes on the shelf for a detected book or a room card: the same fields either way (a card carries
 * the detected book's pages, date, store category and KDC), so a book added from a room-mate's card gets
 * the same entry as one added from the page's chip.
 */
export function shelfInputFrom(book: DetectedBook | BookCard): BookInput {
  return {
    isbn13: book.isbn13,
    title: book.title,
    authors: book.authors,
    publisher: book.publisher,
    coverUrl: book.coverUrl,
    pages: book.pages,
    pubDate: book.pubDate,
    categoryPath: book.categoryPath,
    kdc: book.kdc,
  };
}

const needsRecord = (input: BookInput) => !input.pages || (!input.categoryPath && !input.kdc);

/** Fill what the card lacks from the shared books/{isbn13} record (never overriding what it has). */
export function withRecord(input: BookInput, record: BookRecord | null): BookInput {
  if (!record) return input;
  return {
    ...input,
    publisher: input.publisher ?? record.publisher ?? undefined,
    coverUrl: input.coverUrl ?? record.coverUrl ?? undefined,
    pages: input.pages ?? record.pages ?? undefined,
    pubDate: input.pubDate ?? record.pubDate ?? undefined,
    ...(!input.categoryPath && !input.kdc ? { category: record.category } : {}),
  };
}

/** What adding a book did: put it on the shelf, or found it there already (the entry is left as it is). */
export type AddOutcome = 'added' | 'already-on-shelf';

/**
 * Add a detected book or a room's shared card to the reader's shelf as "want to read". Every entry point
 * (chip, context menu, "On this page", room card) goes through here, so each can say "already on your shelf".
 */
export async function addBookToShelf(uid: string, book: DetectedBook | BookCard): Promise<AddOutcome> {
  const db = firebase().db;
  let input = shelfInputFrom(book);
  // A card from an older panel may lack pages or category: the shared books record may have them.
  if ('sharedBy' in book && needsRecord(input)) input = withRecord(input, await booksRepository(db).getWithin(book.isbn13, 2000));
  const write = await addToShelf(db, uid, input);
  // Offline, the write is queued in the persistent cache and shows at once; don't wait for the server.
  write.synced.catch(() => {});
  return write.created ? 'added' : 'already-on-shelf';
}
