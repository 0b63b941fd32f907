import { useEffect, useRef, useState } from 'preact/hooks';
import { CATALOG_LIMITS, type CatalogBook } from '../../../shared/schemas/catalog';
import { t } from '../../i18n';
import { Attribution, BookResult, focusFirstResult, type ResultActions, ResultList } from './book-result';
import type { CatalogClient } from './catalog-client';
import { useDebounced, usePagedList } from './use-paged-list';

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * The catalog search box: results as the reader types (debounced; a newer query cancels the older
 * request), by title, author, publisher or ISBN, with "more" by the server's page.
 */
export function CatalogSearch({
  client,
  actions,
  id,
  autoFocus = false,
  debounceMs = SEARCH_DEBOUNCE_MS,
}: {
  client: CatalogClient;
  actions: ResultActions;
  /** Unique per panel place ("room", "discover"): ids for the label and the status. */
  id: string;
  autoFocus?: boolean;
  debounceMs?: number;
}) {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // Opened on purpose (the room's "Find a book"): the reader types straight away.
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);
  const query = useDebounced(text.trim().slice(0, CATALOG_LIMITS.query), debounceMs);
  const list = usePagedList<CatalogBook>(
    query === '' ? null : query,
    async (page, signal) => {
      const res = await client.search(query, page, { signal });
      return { items: res.books, page: res.page, hasMore: res.hasMore, sources: res.sources };
    },
    (b) => b.isbn13,
  );
  const typing = text.trim() !== '' && text.trim().slice(0, CATALOG_LIMITS.query) !== query;
  const inputId = `${id}-catalog-q`;
  const statusId = `${id}-catalog-status`;
  return (
    <div class="catalog-search" data-testid={`${id}-search`}>
      <label for={inputId}>{t('catalogSearchLabel')}</label>
      <input
        id={inputId}
        ref={input}
        type="search"
        name="catalogQuery"
        value={text}
        placeholder={t('catalogSearchPlaceholder')}
        autoComplete="off"
        aria-describedby={statusId}
        data-testid="catalog-query"
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            focusFirstResult(input.current);
          } else if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
          }
        }}
      />
      <p
        id={statusId}
        class="muted small catalog-status"
        role="status"
        data-testid="catalog-status"
        data-state={typing ? 'typing' : list.status}
      >
        {list.status === 'loading' || typing
          ? t('catalogSearching')
          : list.status === 'ready' && list.items.length === 0
            ? t('catalogNoResults', query)
            : list.status === 'ready'
              ? t('catalogResultCount', String(list.items.length))
              : ''}
      </p>
      {list.status === 'error' && (
        <p class="error" role="alert" data-testid="catalog-error">
          {list.error}{' '}
          <button type="button" class="link" onClick={list.retry}>
            {t('catalogRetry')}
          </button>
        </p>
      )}
      {list.items.length > 0 && (
        <>
          <ResultList
            label={t('catalogResultsFor', query)}
            onEscape={() => input.current?.focus()}
            items={list.items.map((book) => ({ key: book.isbn13, node: <BookResult book={book} actions={actions} /> }))}
          />
          <MoreButton list={list} />
          <Attribution sources={list.sources} />
        </>
      )}
    </div>
  );
}

/** "More" (the server's next page), its progress and its error. */
export function MoreButton({
  list,
}: {
  list: { hasMore: boolean; loadingMore: boolean; error: string | null; status: string; loadMore(): void };
}) {
  if (list.status !== 'ready') return null;
  return (
    <>
      {list.error && (
        <p class="error small" role="alert">
          {list.error}
        </p>
      )}
      {list.hasMore && (
        <button
          type="button"
          class="link catalog-more"
          data-testid="catalog-more"
          disabled={list.loadingMore}
          onClick={list.loadMore}
        >
          {list.loadingMore ? t('loading') : t('catalogMore')}
        </button>
      )}
    </>
  );
}
