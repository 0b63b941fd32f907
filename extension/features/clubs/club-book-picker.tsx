import { useEffect, useRef, useState } from 'preact/hooks';
import { CATALOG_LIMITS, type CatalogBook } from '../../../shared/schemas/catalog';
import type { ClubBook } from '../../../shared/schemas/club';
import type { ShelfEntry } from '../../../shared/schemas/shelf-entry';
import { firebase } from '../../data/firebase-app';
import { shelfRepository } from '../../data/shelf-repository';
import { t } from '../../i18n';
import { catalogClient } from '../discover/catalog-store';
import { useActiveTabState } from '../page/use-active-tab';

/** The club's snapshot of a book from any source: title, authors, an https cover or none. */
export function clubBookFrom(book: {
  isbn13: string;
  title: string;
  authors: readonly string[];
  coverUrl?: string | null;
}): ClubBook {
  const cover = book.coverUrl && /^https:\/\/\S+$/.test(book.coverUrl) && book.coverUrl.length <= 2048 ? book.coverUrl : null;
  return { isbn13: book.isbn13, title: book.title.trim().slice(0, 300), authors: book.authors.slice(0, 12), coverUrl: cover };
}

/** Pick the club's current book: from the host's shelf, from the page being read, or from a catalog search. */
export function ClubBookPicker({ uid, onPick, onCancel }: { uid: string; onPick(book: ClubBook): void; onCancel(): void }) {
  const [source, setSource] = useState<'shelf' | 'page' | 'search'>('shelf');
  return (
    <fieldset class="club-book-picker" data-testid="club-book-picker">
      <legend>{t('clubBookPick')}</legend>
      <div class="row">
        {(['shelf', 'page', 'search'] as const).map((s) => (
          <button
            key={s}
            type="button"
            class={s === source ? 'tab active' : 'tab'}
            aria-pressed={s === source}
            onClick={() => setSource(s)}
          >
            {t(s === 'shelf' ? 'clubBookFromShelf' : s === 'page' ? 'clubBookFromPage' : 'clubBookFromSearch')}
          </button>
        ))}
      </div>
      {source === 'shelf' && <FromShelf uid={uid} onPick={onPick} />}
      {source === 'page' && <FromPage onPick={onPick} />}
      {source === 'search' && <FromSearch onPick={onPick} />}
      <button type="button" class="link small" onClick={onCancel}>
        {t('clubCancel')}
      </button>
    </fieldset>
  );
}

function PickList({ books, onPick }: { books: ClubBook[]; onPick(book: ClubBook): void }) {
  return (
    <ul class="club-pick-list">
      {books.map((b) => (
        <li key={b.isbn13} class="club-pick">
          <span class="book-meta">
            <strong class="small">{b.title}</strong>
            {b.authors.length > 0 && <span class="muted small">{b.authors.join(', ')}</span>}
          </span>
          <button type="button" class="small" aria-label={t('clubBookChooseNamed', b.title)} onClick={() => onPick(b)}>
            {t('clubBookChoose')}
          </button>
        </li>
      ))}
    </ul>
  );
}

function FromShelf({ uid, onPick }: { uid: string; onPick(book: ClubBook): void }) {
  const [entries, setEntries] = useState<ShelfEntry[] | null>(null);
  useEffect(
    () =>
      shelfRepository(firebase().db).watch(
        uid,
        (list) => setEntries(list),
        () => setEntries([]),
      ),
    [uid],
  );
  if (!entries) return <p class="muted small">{t('loading')}</p>;
  if (entries.length === 0) return <p class="muted small">{t('clubBookShelfEmpty')}</p>;
  // Books being read first, then the rest in the shelf's order.
  const order = [...entries].sort((a, b) => Number(b.status === 'reading') - Number(a.status === 'reading'));
  return <PickList books={order.slice(0, 30).map(clubBookFrom)} onPick={onPick} />;
}

function FromPage({ onPick }: { onPick(book: ClubBook): void }) {
  const { state } = useActiveTabState();
  const book = state?.book ?? null;
  if (!book) return <p class="muted small">{t('clubBookNoPage')}</p>;
  return <PickList books={[clubBookFrom(book)]} onPick={onPick} />;
}

function FromSearch({ onPick }: { onPick(book: ClubBook): void }) {
  const [text, setText] = useState('');
  const [books, setBooks] = useState<CatalogBook[]>([]);
  const [status, setStatus] = useState<'idle' | 'loading' | 'done' | 'error'>('idle');
  const abort = useRef<AbortController | null>(null);
  async function search(event: Event) {
    event.preventDefault();
    const q = text.trim().slice(0, CATALOG_LIMITS.query);
    if (!q) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setStatus('loading');
    try {
      const res = await catalogClient().search(q, 1, { signal: controller.signal });
      setBooks(res.books);
      setStatus('done');
    } catch {
      if (!controller.signal.aborted) setStatus('error');
    }
  }
  useEffect(() => () => abort.current?.abort(), []);
  return (
    <form onSubmit={search} class="club-book-search">
      <label for="club-book-q">{t('catalogSearchLabel')}</label>
      <div class="row">
        <input id="club-book-q" type="search" name="clubBookQuery" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit" class="small">
          {t('clubBookSearch')}
        </button>
      </div>
      <p class="muted small" role="status">
        {status === 'loading'
          ? t('catalogSearching')
          : status === 'done' && books.length === 0
            ? t('catalogNoResults', text.trim())
            : ''}
      </p>
      {status === 'error' && (
        <p class="error small" role="alert">
          {t('clubBookSearchFailed')}
        </p>
      )}
      {books.length > 0 && <PickList books={books.map(clubBookFrom)} onPick={onPick} />}
    </form>
  );
}
