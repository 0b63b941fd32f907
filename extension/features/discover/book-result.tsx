import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { safeBookLink, safeCoverUrl } from '../../../shared/cover-hosts';
import type { CatalogAttribution, CatalogBook } from '../../../shared/schemas/catalog';
import { BookCover } from '../../components/book-cover';
import { type MessageKey, t, uiLocale } from '../../i18n';
import type { ActionStatus } from '../../utils/book-action';
import { BookRatingBadge } from '../board/book-rating';
import type { AddOutcome } from '../page/add-to-shelf';
import { storeLinksOf, yearOf } from './catalog-book';

export type ResultActions = {
  /** Present only while the reader is in a room. */
  onShare?: ((book: CatalogBook) => ActionStatus) | undefined;
  onShelf: (book: CatalogBook) => Promise<AddOutcome>;
  /** Discover: show this book's availability at the reader's home libraries. */
  onLibraries?: ((book: CatalogBook) => void) | undefined;
};

const STORE_KEYS = { yes24: 'storeYes24', kyobo: 'storeKyobo', aladin: 'storeAladin', interpark: 'storeInterpark' } as const;
const SHARE_KEYS: Partial<Record<ActionStatus, MessageKey>> = {
  shared: 'catalogShared',
  'no-room': 'chipNoRoom',
  error: 'catalogShareFailed',
};

/** "₩15,000" / "15,000원". */
export function priceText(krw: number): string {
  return t('catalogPrice', new Intl.NumberFormat(uiLocale()).format(krw));
}

/** The source line a list or a record must carry (as the server gives it), linked when the source asks. */
export function Attribution({ sources, testId = 'catalog-sources' }: { sources: CatalogAttribution[]; testId?: string }) {
  if (sources.length === 0) return null;
  return (
    <p class="catalog-sources muted small" data-testid={testId}>
      {sources.map((s, i) => {
        const url = safeBookLink(s.url ?? null);
        return (
          <span key={s.provider} data-provider={s.provider}>
            {i > 0 && ' · '}
            {url ? (
              <a href={url} target="_blank" rel="noopener noreferrer">
                {s.attribution}
              </a>
            ) : (
              s.attribution
            )}
          </span>
        );
      })}
    </p>
  );
}

/** One catalog book: cover, title, authors, publisher, year, price, and what the reader can do with it. */
export function BookResult({ book, actions, extra }: { book: CatalogBook; actions: ResultActions; extra?: JSX.Element | null }) {
  const [shared, setShared] = useState<ActionStatus | null>(null);
  const [shelf, setShelf] = useState<'idle' | 'busy' | AddOutcome | 'failed'>('idle');
  const year = yearOf(book.pubDate);
  const meta = [book.publisher, year].filter(Boolean).join(' · ');
  const titleId = `result-${book.isbn13}-title`;
  return (
    <article class="catalog-result" data-testid="catalog-result" data-isbn={book.isbn13} tabIndex={-1} aria-labelledby={titleId}>
      <BookCover class="book-cover" url={safeCoverUrl(book.coverUrl)} title={book.title} />
      <div class="book-meta">
        <strong class="book-title" id={titleId} data-testid="catalog-result-title">
          {book.title}
        </strong>
        {book.authors.length > 0 && <span class="muted">{book.authors.join(', ')}</span>}
        {meta && <span class="muted small">{meta}</span>}
        <BookRatingBadge isbn13={book.isbn13} />
        {book.priceKrw !== null && (
          <span class="small" data-testid="catalog-price">
            {priceText(book.priceKrw)}
          </span>
        )}
        {extra}
        <div class="catalog-actions">
          {actions.onShare && (
            <button
              type="button"
              class="primary small"
              data-testid="catalog-share"
              onClick={() => setShared(actions.onShare?.(book) ?? null)}
            >
              {t('catalogShareToRoom')}
            </button>
          )}
          <button
            type="button"
            class="small"
            data-testid="catalog-shelf"
            disabled={shelf !== 'idle' && shelf !== 'failed'}
            onClick={() => {
              setShelf('busy');
              actions.onShelf(book).then(setShelf, () => setShelf('failed'));
            }}
          >
            {shelf === 'added'
              ? t('chipAdded')
              : shelf === 'already-on-shelf'
                ? t('chipAlreadyOnShelf')
                : shelf === 'busy'
                  ? t('catalogAdding')
                  : t('chipShelf')}
          </button>
          {actions.onLibraries && (
            <button type="button" class="small" data-testid="catalog-libraries" onClick={() => actions.onLibraries?.(book)}>
              {t('catalogAtMyLibraries')}
            </button>
          )}
          <details class="store-links">
            <summary data-testid="catalog-stores">{t('catalogOpenInStore')}</summary>
            <ul>
              {storeLinksOf(book).map(({ store, url }) => (
                <li key={store}>
                  <a href={url} target="_blank" rel="noopener noreferrer" data-store={store}>
                    {t(STORE_KEYS[store])}
                  </a>
                </li>
              ))}
            </ul>
          </details>
        </div>
        {shared && SHARE_KEYS[shared] && (
          <span class="small muted" role="status" data-testid="catalog-share-status">
            {t(SHARE_KEYS[shared] as MessageKey)}
          </span>
        )}
        {shelf === 'failed' && (
          <span class="small error" role="alert">
            {t('catalogShelfFailed')}
          </span>
        )}
        <span class="muted small catalog-source" data-testid="catalog-result-source">
          {book.source.attribution}
        </span>
      </div>
    </article>
  );
}

/**
 * Results as a list the keyboard can walk: ↓/↑ move between results, Home/End jump, Escape goes back to
 * the search field (`onEscape`). Each result is focusable; its buttons are reached with Tab.
 */
export function ResultList({
  items,

  label,
  onEscape,
  testId = 'catalog-results',
}: {
  items: { key: string; node: JSX.Element }[];
  label: string;
  onEscape?: () => void;
  testId?: string;
}) {
  function onKeyDown(e: KeyboardEvent) {
    const list = e.currentTarget as HTMLElement;
    const results = [...list.querySelectorAll<HTMLElement>(':scope > li > .catalog-result')];
    const current = results.findIndex((r) => r.contains(document.activeElement));
    let next = -1;
    if (e.key === 'ArrowDown') next = Math.min(results.length - 1, current + 1);
    else if (e.key === 'ArrowUp') next = current <= 0 ? -1 : current - 1;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = results.length - 1;
    else if (e.key === 'Escape' && onEscape) {
      e.preventDefault();
      onEscape();
      return;
    } else return;
    e.preventDefault();
    if (next === -1 && e.key === 'ArrowUp' && onEscape) onEscape();
    else results[next]?.focus();
  }
  return (
    <ul class="catalog-results" aria-label={label} data-testid={testId} onKeyDown={onKeyDown}>
      {items.map(({ key, node }) => (
        <li key={key}>{node}</li>
      ))}
    </ul>
  );
}

/** Focus the first result of the list after `el` (↓ from a search field). */
export function focusFirstResult(from: HTMLElement | null) {
  from?.closest('.catalog-search, .catalog-section')?.querySelector<HTMLElement>('.catalog-result')?.focus();
}
