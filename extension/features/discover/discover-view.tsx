import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { categoryLabel, INTEREST_IDS, isCategoryId } from '../../../shared/categories';
import { CATALOG_LIMITS, type CatalogBook, type NewBookOrder, type PopularEntry } from '../../../shared/schemas/catalog';
import { type MessageKey, t, uiLocale } from '../../i18n';
import { Attribution, BookResult, type ResultActions, ResultList } from './book-result';
import type { CatalogClient } from './catalog-client';
import { CatalogSearch, MoreButton } from './catalog-search';
import type { HomeLibrary } from './home-libraries';
import { MyLibraries } from './my-libraries';
import { type PagedList, useDebounced, usePagedList } from './use-paged-list';

type InterestId = (typeof INTEREST_IDS)[number];
export const DISCOVER_TABS = ['for-you', 'new', 'popular'] as const;
type DiscoverTab = (typeof DISCOVER_TABS)[number];
const TAB_KEYS: Record<DiscoverTab, MessageKey> = { 'for-you': 'discoverForYou', new: 'discoverNew', popular: 'discoverPopular' };
/** The orders offered: latest, lowest price first, a random pick. */
export const OFFERED_ORDERS = ['latest', 'price-asc', 'random'] as const satisfies readonly NewBookOrder[];
const ORDER_KEYS: Record<(typeof OFFERED_ORDERS)[number], MessageKey> = {
  latest: 'discoverOrderLatest',
  'price-asc': 'discoverOrderPrice',
  random: 'discoverOrderRandom',
};

/** The reader's interests that are catalog categories, in their order; none → every category is offered. */
export function interestCategories(interests: readonly string[] | undefined): { ids: InterestId[]; fromProfile: boolean } {
  const mine = (interests ?? []).filter((i): i is InterestId => isCategoryId(i) && i !== 'other');
  return mine.length > 0 ? { ids: [...new Set(mine)], fromProfile: true } : { ids: [...INTEREST_IDS], fromProfile: false };
}

/** Parse the price limit field: empty → no limit; otherwise whole won within the server's bound, else invalid. */
export function parseMaxPrice(text: string): number | null | 'invalid' {
  const cleaned = text.replace(/[,\s원₩]/g, '');
  if (cleaned === '') return null;
  if (!/^\d+$/.test(cleaned)) return 'invalid';
  const value = Number(cleaned);
  return value > CATALOG_LIMITS.maxPrice ? 'invalid' : value;
}

function CategoryChips({
  ids,
  value,
  onChange,
  label,
}: {
  ids: InterestId[];
  value: InterestId;
  onChange(id: InterestId): void;
  label: string;
}) {
  const locale = uiLocale();
  return (
    <fieldset class="chips category-chips" data-testid="category-chips">
      <legend class="visually-hidden">{label}</legend>
      {ids.map((id) => (
        <button
          type="button"
          key={id}
          class={id === value ? 'chip selected' : 'chip'}
          aria-pressed={id === value}
          data-category={id}
          onClick={() => onChange(id)}
        >
          {categoryLabel(id, locale)}
        </button>
      ))}
    </fieldset>
  );
}

/** A list's body: loading, error (with retry), empty, the items, "more", and the sources line. */
function ListBody<T>({
  list,
  testId,
  label,
  render,
  idOf,
  empty,
}: {
  list: PagedList<T>;
  testId: string;
  label: string;
  render(item: T): JSX.Element;
  idOf(item: T): string;
  empty: string;
}) {
  return (
    <div class="catalog-section" data-testid={testId} data-state={list.status}>
      {list.status === 'loading' && (
        <p class="muted small" role="status">
          {t('loading')}
        </p>
      )}
      {list.status === 'error' && (
        <p class="error" role="alert" data-testid="catalog-error">
          {list.error}{' '}
          <button type="button" class="link" onClick={list.retry}>
            {t('catalogRetry')}
          </button>
        </p>
      )}
      {list.status === 'ready' && list.items.length === 0 && (
        <p class="muted small" data-testid="catalog-empty">
          {empty}
        </p>
      )}
      {list.items.length > 0 && (
        <ResultList
          label={label}
          testId={`${testId}-list`}
          items={list.items.map((item) => ({ key: idOf(item), node: render(item) }))}
        />
      )}
      <MoreButton list={list} />
      <Attribution sources={list.sources} />
    </div>
  );
}

/**
 * Discover: search, and what to read next — bestsellers in the reader's interest categories, new books
 * (latest, cheapest, a random pick; under a price limit), popular in our clubs — and, for a chosen book,
 * whether the reader's home libraries have it.
 */
export function DiscoverView({
  client,
  interests,
  actions,
  libraries,
  onSaveLibraries,
}: {
  client: CatalogClient;
  interests: readonly string[] | undefined;
  actions: Omit<ResultActions, 'onLibraries'>;
  libraries: HomeLibrary[] | null;
  onSaveLibraries(libraries: HomeLibrary[]): Promise<void>;
}) {
  const { ids, fromProfile } = useMemo(() => interestCategories(interests), [(interests ?? []).join(',')]);
  const [tab, setTab] = useState<DiscoverTab>('for-you');
  const [category, setCategory] = useState<InterestId | null>(null);
  const current: InterestId = category && ids.includes(category) ? category : (ids[0] ?? 'novel');
  const [order, setOrder] = useState<(typeof OFFERED_ORDERS)[number]>('latest');
  const [priceText, setPriceText] = useState('');
  const [popWindow, setPopWindow] = useState<'7d' | '30d'>('7d');
  const [forBook, setForBook] = useState<CatalogBook | null>(null);
  const [randomSeed, setRandomSeed] = useState(0);
  const maxPrice = parseMaxPrice(useDebounced(priceText, 400));
  const withLibraries: ResultActions = { ...actions, onLibraries: setForBook };
  const bookItem = (book: CatalogBook) => <BookResult book={book} actions={withLibraries} />;

  const bestsellers = usePagedList<CatalogBook>(
    tab === 'for-you' ? `bestsellers:${current}` : null,
    async (page, signal) => {
      const res = await client.bestsellers({ category: current, page }, { signal });
      return { items: res.books, page: res.page, hasMore: res.hasMore, sources: res.sources };
    },
    (b) => b.isbn13,
  );
  const newBooks = usePagedList<CatalogBook>(
    tab === 'new' && maxPrice !== 'invalid'
      ? `new:${current}:${order}:${maxPrice ?? ''}:${order === 'random' ? randomSeed : ''}`
      : null,
    async (page, signal) => {
      const res = await client.newBooks(
        { category: current, order, maxPrice: maxPrice === 'invalid' ? null : maxPrice, page },
        { signal },
      );
      return { items: res.books, page: res.page, hasMore: res.hasMore, sources: res.sources };
    },
    (b) => b.isbn13,
  );
  const popular = usePagedList<PopularEntry>(
    tab === 'popular' ? `popular:${popWindow}` : null,
    async (page, signal) => {
      const res = await client.popular({ window: popWindow, page }, { signal });
      return { items: res.entries, page: res.page, hasMore: res.hasMore, sources: res.sources };
    },
    (e) => e.book.isbn13,
  );

  function onTabKey(e: KeyboardEvent) {
    const i = DISCOVER_TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const id = DISCOVER_TABS[(next + DISCOVER_TABS.length) % DISCOVER_TABS.length] ?? 'for-you';
    setTab(id);
    (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-tab="${id}"]`)?.focus();
  }

  return (
    <section class="discover" data-testid="discover" aria-label={t('navDiscover')}>
      <div class="card">
        <CatalogSearch client={client} actions={withLibraries} id="discover" />
      </div>
      {forBook && (
        <MyLibraries
          client={client}
          book={forBook}
          libraries={libraries}
          onSave={onSaveLibraries}
          onClose={() => setForBook(null)}
        />
      )}
      <div class="discover-tabs" role="tablist" aria-label={t('discoverListsLabel')} onKeyDown={onTabKey}>
        {DISCOVER_TABS.map((id) => (
          <button
            type="button"
            role="tab"
            key={id}
            id={`discover-tab-${id}`}
            data-tab={id}
            data-testid={`discover-tab-${id}`}
            aria-selected={id === tab}
            aria-controls="discover-panel"
            tabIndex={id === tab ? 0 : -1}
            class={id === tab ? 'tab active' : 'tab'}
            onClick={() => setTab(id)}
          >
            {t(TAB_KEYS[id])}
          </button>
        ))}
      </div>
      <div class="card discover-panel" role="tabpanel" id="discover-panel" aria-labelledby={`discover-tab-${tab}`}>
        {tab !== 'popular' && (
          <>
            <CategoryChips ids={ids} value={current} onChange={setCategory} label={t('discoverCategory')} />
            {!fromProfile && (
              <p class="muted small" data-testid="discover-no-interests">
                {t('discoverNoInterests')}
              </p>
            )}
          </>
        )}
        {tab === 'for-you' && (
          <>
            <h2>{t('discoverBestsellersIn', categoryLabel(current, uiLocale()))}</h2>
            <ListBody
              list={bestsellers}
              testId="discover-bestsellers"
              label={t('discoverBestsellersIn', categoryLabel(current, uiLocale()))}
              render={bookItem}
              idOf={(b) => b.isbn13}
              empty={t('discoverEmpty')}
            />
          </>
        )}
        {tab === 'new' && (
          <>
            <div class="row discover-filters">
              <label>
                {t('discoverOrder')}
                <select
                  name="newOrder"
                  data-testid="new-order"
                  value={order}
                  onChange={(e) => setOrder(e.currentTarget.value as (typeof OFFERED_ORDERS)[number])}
                >
                  {OFFERED_ORDERS.map((o) => (
                    <option key={o} value={o}>
                      {t(ORDER_KEYS[o])}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('discoverMaxPrice')}
                <input
                  name="maxPrice"
                  inputMode="numeric"
                  data-testid="new-max-price"
                  value={priceText}
                  placeholder={t('discoverMaxPricePlaceholder')}
                  aria-invalid={maxPrice === 'invalid'}
                  aria-describedby="max-price-error"
                  onInput={(e) => setPriceText(e.currentTarget.value)}
                />
              </label>
              {order === 'random' && (
                <button type="button" class="link" data-testid="new-reroll" onClick={() => setRandomSeed((n) => n + 1)}>
                  {t('discoverAnotherPick')}
                </button>
              )}
            </div>
            <p id="max-price-error" class="error small" role={maxPrice === 'invalid' ? 'alert' : undefined}>
              {maxPrice === 'invalid' ? t('discoverMaxPriceInvalid') : ''}
            </p>
            <h2>{t('discoverNewIn', categoryLabel(current, uiLocale()))}</h2>
            <ListBody
              list={newBooks}
              testId="discover-new"
              label={t('discoverNewIn', categoryLabel(current, uiLocale()))}
              render={bookItem}
              idOf={(b) => b.isbn13}
              empty={maxPrice !== null && maxPrice !== 'invalid' ? t('discoverEmptyUnderPrice') : t('discoverEmpty')}
            />
          </>
        )}
        {tab === 'popular' && (
          <>
            <fieldset class="chips">
              <legend class="visually-hidden">{t('discoverWindow')}</legend>
              {(['7d', '30d'] as const).map((w) => (
                <button
                  type="button"
                  key={w}
                  class={w === popWindow ? 'chip selected' : 'chip'}
                  aria-pressed={w === popWindow}
                  data-testid={`popular-${w}`}
                  onClick={() => setPopWindow(w)}
                >
                  {t(w === '7d' ? 'discoverWeek' : 'discoverMonth')}
                </button>
              ))}
            </fieldset>
            <h2>{t('discoverPopular')}</h2>
            <ListBody
              list={popular}
              testId="discover-popular"
              label={t('discoverPopular')}
              render={(entry) => (
                <BookResult
                  book={entry.book}
                  actions={withLibraries}
                  extra={
                    <span class="small popular-score" data-testid="popular-score">
                      {entry.loanCount !== null && entry.clubScore === 0
                        ? t('discoverLoans', String(entry.loanCount))
                        : t('discoverClubScore', String(entry.clubScore))}
                    </span>
                  }
                />
              )}
              idOf={(e) => e.book.isbn13}
              empty={t('discoverPopularEmpty')}
            />
          </>
        )}
      </div>
    </section>
  );
}
