import type { Firestore } from 'firebase/firestore';
import { useState } from 'preact/hooks';
import { parseIsbn } from '../../../shared/isbn';
import { BOOK_LIMITS } from '../../../shared/schemas/detected-book';
import type { ShelfEntry } from '../../../shared/schemas/shelf-entry';
import { CharCounter } from '../../components/char-counter';
import { ErrorNote } from '../../components/error-note';
import { booksRepository } from '../../data/books-repository';
import { addToShelf, ShelfError } from '../../data/shelf-repository';
import { t } from '../../i18n';
import { describeShelfError } from './shelf-errors';

/** Add a book by ISBN (typed or pasted). A book new to Chaekbang also needs its title. */
export function AddBookForm({ db, uid, entries }: { db: Firestore; uid: string; entries: readonly ShelfEntry[] }) {
  const [isbn, setIsbn] = useState('');
  const [title, setTitle] = useState('');
  const [author, setAuthor] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const parsed = parseIsbn(isbn);
    if (!parsed) {
      setError(describeShelfError(new ShelfError('invalid-isbn')));
      return;
    }
    if (title.trim().length > BOOK_LIMITS.title) {
      setError(t('errFieldTooLong', [t('shelfAddTitleLabel'), String(BOOK_LIMITS.title)]));
      return;
    }
    if (author.trim().length > BOOK_LIMITS.author) {
      setError(t('errFieldTooLong', [t('shelfAddAuthorLabel'), String(BOOK_LIMITS.author)]));
      return;
    }
    if (entries.some((e) => e.isbn13 === parsed.isbn13)) {
      setNotice(t('shelfAlreadyThere'));
      return;
    }
    setBusy(true);
    try {
      // Someone may already have shared this book's record: then the ISBN alone is enough. Bounded, so a
      // slow server never holds the add (the entry carries the typed title; the record is read again later).
      const record = await booksRepository(db).getWithin(parsed.isbn13);
      if (!record && !title.trim()) {
        setError(t('shelfNeedTitle'));
        return;
      }
      const book = record
        ? { ...record, pages: record.pages ?? null }
        : { isbn13: parsed.isbn13, title: title.trim(), authors: author.trim() ? [author.trim()] : [] };
      const added = await addToShelf(db, uid, book);
      added.synced.catch((err: unknown) => setError(describeShelfError(err)));
      setNotice(t('shelfAdded'));
      setIsbn('');
      setTitle('');
      setAuthor('');
    } catch (err) {
      setError(describeShelfError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="shelf-add" onSubmit={submit} data-testid="shelf-add" noValidate>
      <label>
        {t('shelfAddIsbnLabel')}
        <input
          name="isbn"
          inputMode="numeric"
          autoComplete="off"
          placeholder={t('shelfAddIsbnPlaceholder')}
          value={isbn}
          data-testid="shelf-add-isbn"
          onInput={(e) => setIsbn(e.currentTarget.value)}
        />
      </label>
      <div class="shelf-add-row">
        <label>
          {t('shelfAddTitleLabel')}
          <input
            name="title"
            value={title}
            aria-describedby="add-title-count"
            aria-invalid={title.trim().length > BOOK_LIMITS.title}
            data-testid="shelf-add-title"
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
          <CharCounter id="add-title-count" value={title.trim()} max={BOOK_LIMITS.title} />
        </label>
        <label>
          {t('shelfAddAuthorLabel')}
          <input
            name="author"
            value={author}
            aria-describedby="add-author-count"
            aria-invalid={author.trim().length > BOOK_LIMITS.author}
            onInput={(e) => setAuthor(e.currentTarget.value)}
          />
          <CharCounter id="add-author-count" value={author.trim()} max={BOOK_LIMITS.author} />
        </label>
      </div>
      <ErrorNote message={error} />
      {notice && (
        <p class="muted" role="status" data-testid="shelf-add-notice">
          {notice}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy} data-testid="shelf-add-submit">
        {t('shelfAddButton')}
      </button>
    </form>
  );
}
