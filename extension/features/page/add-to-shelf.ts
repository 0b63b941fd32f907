import type { DetectedBook } from '../../../shared/schemas/detected-book';
import type { BookCard } from '../../../shared/schemas/peer-messages';
import { firebase } from '../../data/firebase-app';
import { addToShelf } from '../../data/shelf-repository';

/** Add a detected book or a room's shared card to the reader's shelf as "want to read". */
export async function addBookToShelf(uid: string, book: DetectedBook | BookCard): Promise<void> {
  const write = await addToShelf(firebase().db, uid, {
    isbn13: book.isbn13,
    title: book.title,
    authors: book.authors,
    publisher: book.publisher,
    coverUrl: book.coverUrl,
    ...('pages' in book ? { pages: book.pages, pubDate: book.pubDate, categoryPath: book.categoryPath, kdc: book.kdc } : {}),
  });
  // Offline, the write is queued in the persistent cache and shows at once; don't wait for the server.
  write.synced.catch(() => {});
}
