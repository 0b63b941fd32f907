// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { categoryForBook } from '../../../shared/categories';
import {
  attributionFor,
  type BestsellersResponse,
  type NewBooksResponse,
  type PopularResponse,
} from '../../../shared/schemas/catalog';
import { BookCardSchema } from '../../../shared/schemas/peer-messages';

vi.mock('../../i18n', () => ({
  t: (key: string, subs?: string | string[]) => [key, ...(subs === undefined ? [] : [subs].flat())].join('|'),
  uiLocale: () => 'en',
}));
const { DiscoverView, interestCategories, parseMaxPrice } = await import('./discover-view');
const { BookResult } = await import('./book-result');
const { AvailabilityList, LibraryPicker } = await import('./my-libraries');
const { detectedFromCatalog, storeLinksOf } = await import('./catalog-book');
const { bookCardFrom } = await import('../page/book-card');
const { catalogBook } = await import('./test-books');
type Client = import('./catalog-client').CatalogClient;

afterEach(() => cleanup());

const list = { page: 1, hasMore: false };
function fakeClient() {
  const seen: string[] = [];
  const client = {
    bestsellers: vi.fn(async (q: { category: string }): Promise<BestsellersResponse> => {
      seen.push(`bestsellers:${q.category}`);
      return {
        category: q.category as 'novel',
        period: 'weekly',
        books: [catalogBook(1, { title: `베스트 ${q.category}` })],
        ...list,
        sources: [attributionFor('yes24')],
      };
    }),
    newBooks: vi.fn(async (q: { category: string; order?: string; maxPrice?: number | null }): Promise<NewBooksResponse> => {
      seen.push(`new:${q.category}:${q.order}:${q.maxPrice ?? ''}`);
      return {
        category: q.category as 'novel',
        order: (q.order ?? 'latest') as 'latest',
        maxPrice: q.maxPrice ?? null,
        books: [catalogBook(2, { priceKrw: 9000 })],
        ...list,
        sources: [attributionFor('yes24')],
      };
    }),
    popular: vi.fn(async (q: { window?: string }): Promise<PopularResponse> => {
      seen.push(`popular:${q.window}`);
      return {
        category: null,
        window: (q.window ?? '7d') as '7d',
        entries: [{ book: catalogBook(3, {}, 'chaekbang'), clubScore: 7, loanCount: null }],
        ...list,
        sources: [attributionFor('chaekbang')],
      };
    }),
    search: vi.fn(),
  } as unknown as Client;
  return { client, seen };
}

const actions = { onShelf: vi.fn(async () => 'added' as const) };

describe('DiscoverView', () => {
  it('For you: bestsellers in the first of my interests, switchable to my other interests', async () => {
    const { client, seen } = fakeClient();
    const view = render(
      <DiscoverView
        client={client}
        interests={['history', 'science', 'bogus']}
        actions={actions}
        libraries={[]}
        onSaveLibraries={async () => {}}
      />,
    );
    await vi.waitFor(() => expect(view.getByTestId('catalog-result-title').textContent).toBe('베스트 history'));
    const chips = [...view.getByTestId('category-chips').querySelectorAll('button')].map((b) => b.dataset.category);
    expect(chips).toEqual(['history', 'science']);
    expect(view.queryByTestId('discover-no-interests')).toBeNull();
    fireEvent.click(view.getByText('Science'));
    await vi.waitFor(() => expect(view.getByTestId('catalog-result-title').textContent).toBe('베스트 science'));
    expect(seen).toEqual(['bestsellers:history', 'bestsellers:science']);
    expect(view.getByTestId('catalog-sources').textContent).toBe('도서 정보 제공: YES24');
  });

  it('New books: by order and under a price limit; an impossible limit is explained and never sent', async () => {
    const { client, seen } = fakeClient();
    const view = render(
      <DiscoverView client={client} interests={[]} actions={actions} libraries={[]} onSaveLibraries={async () => {}} />,
    );
    expect(view.getByTestId('discover-no-interests')).toBeTruthy();
    fireEvent.click(view.getByTestId('discover-tab-new'));
    await vi.waitFor(() => expect(seen).toContain('new:novel:latest:'));
    fireEvent.change(view.getByTestId('new-order'), { target: { value: 'price-asc' } });
    await vi.waitFor(() => expect(seen).toContain('new:novel:price-asc:'));
    fireEvent.input(view.getByTestId('new-max-price'), { target: { value: '12,000' } });
    await vi.waitFor(() => expect(seen).toContain('new:novel:price-asc:12000'), { timeout: 2000 });
    const before = seen.length;
    fireEvent.input(view.getByTestId('new-max-price'), { target: { value: '12k' } });
    await vi.waitFor(() => expect(view.getByText('discoverMaxPriceInvalid')).toBeTruthy(), { timeout: 2000 });
    expect(seen.length).toBe(before);
    expect(view.getByTestId('new-max-price').getAttribute('aria-invalid')).toBe('true');
  });

  it('Popular in our clubs: entries with their club score, 7 or 30 days, from our own data', async () => {
    const { client, seen } = fakeClient();
    const view = render(
      <DiscoverView client={client} interests={['novel']} actions={actions} libraries={[]} onSaveLibraries={async () => {}} />,
    );
    fireEvent.click(view.getByTestId('discover-tab-popular'));
    await vi.waitFor(() => expect(view.getByTestId('popular-score').textContent).toBe('discoverClubScore|7'));
    fireEvent.click(view.getByTestId('popular-30d'));
    await vi.waitFor(() => expect(seen).toEqual(['bestsellers:novel', 'popular:7d', 'popular:30d']));
    expect(view.getByTestId('catalog-sources').textContent).toBe('책방 독자들의 서재');
  });

  it('the tabs follow ← and → (roving focus)', () => {
    const { client } = fakeClient();
    const view = render(
      <DiscoverView client={client} interests={['novel']} actions={actions} libraries={[]} onSaveLibraries={async () => {}} />,
    );
    const first = view.getByTestId('discover-tab-for-you');
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(view.getByTestId('discover-tab-new'));
    expect(view.getByTestId('discover-tab-new').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(view.getByTestId('discover-tab-popular'));
  });

  it('helpers: interests fall back to every category; the price field takes won with commas', () => {
    expect(interestCategories(['arts', 'arts', 'other']).ids).toEqual(['arts']);
    expect(interestCategories(undefined).fromProfile).toBe(false);
    expect(parseMaxPrice('')).toBeNull();
    expect(parseMaxPrice('15,000원')).toBe(15000);
    expect(parseMaxPrice('-1')).toBe('invalid');
    expect(parseMaxPrice('99999999')).toBe('invalid');
  });
});

describe('BookResult', () => {
  it('shows cover (placeholder for a host not allowed), title, authors, publisher, year, price and the source', () => {
    const book = catalogBook(1, { coverUrl: 'https://tracker.example/c.jpg', pubDate: '2024-03-01', priceKrw: 16800 });
    const view = render(<BookResult book={book} actions={actions} />);
    expect(view.container.querySelector('img')).toBeNull();
    expect(view.getByTestId('book-cover-placeholder').textContent).toBe('테');
    expect(view.container.textContent).toContain('작가 1');
    expect(view.container.textContent).toContain('테스트출판 · 2024');
    expect(view.getByTestId('catalog-price').textContent).toBe('catalogPrice|16,800');
    expect(view.getByTestId('catalog-result-source').textContent).toBe('도서 정보 제공: YES24');
    const allowed = render(
      <BookResult book={catalogBook(2, { coverUrl: 'https://image.yes24.com/goods/1/L' })} actions={actions} />,
    );
    expect(allowed.container.querySelector('img')?.getAttribute('src')).toBe('https://image.yes24.com/goods/1/L');
  });

  it('Share to room only in a room; Add to shelf says "already on your shelf"; the four stores by ISBN', async () => {
    const book = catalogBook(4);
    const onShare = vi.fn(() => 'shared' as const);
    const onShelf = vi.fn(async () => 'already-on-shelf' as const);
    const out = render(<BookResult book={book} actions={{ onShelf }} />);
    expect(out.queryByTestId('catalog-share')).toBeNull();
    cleanup();
    const view = render(<BookResult book={book} actions={{ onShelf, onShare }} />);
    fireEvent.click(view.getByTestId('catalog-share'));
    expect(onShare).toHaveBeenCalledWith(book);
    expect(view.getByTestId('catalog-share-status').textContent).toBe('catalogShared');
    fireEvent.click(view.getByTestId('catalog-shelf'));
    await vi.waitFor(() => expect(view.getByTestId('catalog-shelf').textContent).toBe('chipAlreadyOnShelf'));
    const links = [...view.container.querySelectorAll<HTMLAnchorElement>('.store-links a')];
    expect(links.map((a) => a.dataset.store)).toEqual(['yes24', 'kyobo', 'aladin', 'interpark']);
    for (const a of links) {
      expect(a.href).toContain(book.isbn13);
      expect(a.rel).toBe('noopener noreferrer');
    }
  });
});

describe('a catalog result goes the detected book’s way', () => {
  it('makes a valid room card (cover only from an allowed host) and keeps the category for the shelf', () => {
    const book = catalogBook(5, { category: 'history', coverUrl: 'https://tracker.example/x.jpg' });
    const card = bookCardFrom(detectedFromCatalog(book), 'peer-1', Date.UTC(2026, 10, 30));
    expect(card).not.toBeNull();
    expect(BookCardSchema.safeParse(card).success).toBe(true);
    expect(card).toMatchObject({ isbn13: book.isbn13, title: book.title });
    // The source's home page is no page for the book: the card opens YES24's search by its ISBN.
    expect(card?.url).toBe(`https://www.yes24.com/Product/Search?domain=BOOK&query=${book.isbn13}`);
    const recorded = catalogBook(9, {
      source: { provider: 'data4library', attribution: '자료 제공: 도서관 정보나루', url: 'https://data4library.kr/bookV?seq=3' },
    });
    expect(detectedFromCatalog(recorded).url).toBe('https://data4library.kr/bookV?seq=3');
    expect(card?.coverUrl).toBeUndefined();
    expect(categoryForBook(detectedFromCatalog(book))).toBe('history');
    expect(categoryForBook(detectedFromCatalog(catalogBook(6, { kdc: '911', category: 'history' })))).toBe('history');
  });

  it('a store link the source gave wins over the search by ISBN; a javascript: link never does', () => {
    const book = catalogBook(7, { storeLinks: { kyobo: 'https://product.kyobobook.co.kr/detail/S1' } });
    expect(storeLinksOf(book).find((l) => l.store === 'kyobo')?.url).toBe('https://product.kyobobook.co.kr/detail/S1');
    const bad = { ...book, storeLinks: { kyobo: 'javascript:alert(1)' } };
    expect(storeLinksOf(bad).find((l) => l.store === 'kyobo')?.url).toContain('search.kyobobook.co.kr');
  });
});

describe('at my libraries', () => {
  it('picks up to three libraries of a region and saves them', async () => {
    const libs = ['111001', '111002', '111003', '111004'].map((libCode, i) => ({
      libCode,
      name: `도서관 ${i + 1}`,
      address: null,
      homepage: null,
    }));
    const client = {
      libraries: vi.fn(async () => ({
        region: '11',
        libraries: libs,
        page: 1,
        hasMore: false,
        sources: [attributionFor('data4library')],
      })),
    } as unknown as Client;
    const onSave = vi.fn(async () => {});
    const view = render(<LibraryPicker client={client} initial={[]} onSave={onSave} />);
    fireEvent.change(view.getByTestId('library-region'), { target: { value: '11' } });
    await vi.waitFor(() => expect(view.getAllByTestId('library-option')).toHaveLength(4));
    const boxes = view.getAllByTestId('library-option') as HTMLInputElement[];
    for (const box of boxes.slice(0, 3)) fireEvent.click(box);
    expect(boxes[3]?.disabled).toBe(true);
    fireEvent.click(view.getByTestId('library-save'));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0]).toEqual([
      [
        { libCode: '111001', name: '도서관 1', region: '11' },
        { libCode: '111002', name: '도서관 2', region: '11' },
        { libCode: '111003', name: '도서관 3', region: '11' },
      ],
    ]);
  });

  it('shows 대출가능 / 대출중 / 없음 per home library', async () => {
    const book = catalogBook(8);
    const client = {
      availability: vi.fn(async () => ({
        isbn13: book.isbn13,
        libraries: [
          { libCode: '111001', status: 'available' },
          { libCode: '111002', status: 'on-loan' },
          { libCode: '111003', status: 'not-held' },
        ],
        sources: [attributionFor('data4library')],
      })),
    } as unknown as Client;
    const home = ['111001', '111002', '111003'].map((libCode, i) => ({
      libCode,
      name: `도서관 ${i + 1}`,
      region: '11' as const,
    }));
    const view = render(<AvailabilityList client={client} book={book} libraries={home} />);
    await act(async () => {});
    await vi.waitFor(() => expect(view.getAllByTestId('availability-row')).toHaveLength(3));
    expect(view.getAllByTestId('availability-row').map((r) => r.dataset.status)).toEqual(['available', 'on-loan', 'not-held']);
    expect(view.getAllByTestId('availability-row').map((r) => r.textContent)).toEqual([
      '도서관 1libAvailable',
      '도서관 2libOnLoan',
      '도서관 3libNotHeld',
    ]);
    expect(view.getByTestId('availability-sources').textContent).toBe('자료 제공: 도서관 정보나루');
  });
});
