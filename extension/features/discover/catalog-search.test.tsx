// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attributionFor, type CatalogSearchResponse } from '../../../shared/schemas/catalog';

vi.mock('../../i18n', () => ({
  t: (key: string, subs?: string | string[]) => [key, ...(subs === undefined ? [] : [subs].flat())].join('|'),
  uiLocale: () => 'en',
}));
const { CatalogClientError } = await import('./catalog-client');
const { CatalogSearch } = await import('./catalog-search');
const { catalogBook } = await import('./test-books');
type Client = import('./catalog-client').CatalogClient;

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const answer = (query: string, books: ReturnType<typeof catalogBook>[], page = 1, hasMore = false): CatalogSearchResponse => ({
  query,
  kind: 'keyword',
  books,
  page,
  hasMore,
  sources: [attributionFor(page === 1 ? 'yes24' : 'kakao')],
});

type Call = {
  q: string;
  page: number;
  signal: AbortSignal | undefined;
  resolve(v: CatalogSearchResponse): void;
  reject(e: unknown): void;
};

/** A client whose searches wait until the test answers them. */
function manualClient() {
  const calls: Call[] = [];
  const client = {
    search: (q: string, page = 1, options: { signal?: AbortSignal } = {}) =>
      new Promise<CatalogSearchResponse>((resolve, reject) => {
        calls.push({ q, page, signal: options.signal, resolve, reject });
      }),
  } as unknown as Client;
  return { client, calls };
}

const actions = { onShelf: vi.fn(async () => 'added' as const) };

function type(input: HTMLElement, value: string) {
  fireEvent.input(input, { target: { value } });
}

describe('CatalogSearch', () => {
  it('searches once the typing settles (debounced), not on every key', async () => {
    vi.useFakeTimers();
    const { client, calls } = manualClient();
    const view = render(<CatalogSearch client={client} actions={actions} id="t" debounceMs={300} />);
    const input = view.getByTestId('catalog-query');
    for (const text of ['채', '채식', '채식주의자']) {
      type(input, text);
      await act(async () => void (await vi.advanceTimersByTimeAsync(100)));
    }
    expect(calls).toHaveLength(0);
    expect(view.getByTestId('catalog-status').dataset.state).toBe('typing');
    await act(async () => void (await vi.advanceTimersByTimeAsync(300)));
    expect(calls.map((c) => c.q)).toEqual(['채식주의자']);
  });

  it('a newer query cancels the older request, and the older answer never shows', async () => {
    vi.useFakeTimers();
    const { client, calls } = manualClient();
    const view = render(<CatalogSearch client={client} actions={actions} id="t" debounceMs={50} />);
    const input = view.getByTestId('catalog-query');
    type(input, 'old');
    await act(async () => void (await vi.advanceTimersByTimeAsync(60)));
    type(input, 'new');
    await act(async () => void (await vi.advanceTimersByTimeAsync(60)));
    expect(calls.map((c) => c.q)).toEqual(['old', 'new']);
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(calls[1]?.signal?.aborted).toBe(false);
    await act(async () => calls[1]?.resolve(answer('new', [catalogBook(2)])));
    await act(async () => calls[0]?.resolve(answer('old', [catalogBook(1)])));
    expect(view.getAllByTestId('catalog-result-title').map((e) => e.textContent)).toEqual(['테스트 책 2']);
  });

  it('shows the empty state, and the error in the reader’s language with a retry', async () => {
    const { client, calls } = manualClient();
    const view = render(<CatalogSearch client={client} actions={actions} id="t" debounceMs={0} />);
    type(view.getByTestId('catalog-query'), 'nothing');
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await act(async () => calls[0]?.resolve(answer('nothing', [])));
    await vi.waitFor(() => expect(view.getByTestId('catalog-status').textContent).toBe('catalogNoResults|nothing'));

    type(view.getByTestId('catalog-query'), 'broken');
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    await act(async () => calls[1]?.reject(new CatalogClientError('unavailable', 'upstream said E-42')));
    await vi.waitFor(() => expect(view.getByTestId('catalog-error').textContent).toContain('catalogErrUnavailable'));
    expect(view.container.textContent).not.toContain('E-42');
    fireEvent.click(view.getByText('catalogRetry'));
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    await act(async () => calls[2]?.resolve(answer('broken', [catalogBook(3)])));
    await vi.waitFor(() => expect(view.getAllByTestId('catalog-result')).toHaveLength(1));
  });

  it('"More" asks the server for its next page, appends without repeats, and names every source', async () => {
    const { client, calls } = manualClient();
    const view = render(<CatalogSearch client={client} actions={actions} id="t" debounceMs={0} />);
    type(view.getByTestId('catalog-query'), 'many');
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await act(async () => calls[0]?.resolve(answer('many', [catalogBook(1), catalogBook(2)], 1, true)));
    fireEvent.click(await vi.waitFor(() => view.getByTestId('catalog-more')));
    expect(calls[1]).toMatchObject({ q: 'many', page: 2 });
    await act(async () => calls[1]?.resolve(answer('many', [catalogBook(2), catalogBook(3)], 2, false)));
    await vi.waitFor(() => expect(view.getAllByTestId('catalog-result')).toHaveLength(3));
    expect(view.getAllByTestId('catalog-result-title').map((e) => e.textContent)).toEqual([
      '테스트 책 1',
      '테스트 책 2',
      '테스트 책 3',
    ]);
    expect(view.queryByTestId('catalog-more')).toBeNull();
    expect(view.getByTestId('catalog-sources').textContent).toBe('도서 정보 제공: YES24 · 도서 정보 제공: Kakao');
  });

  it('opened on purpose (the room’s "Find a book"), the field takes the focus', () => {
    const { client } = manualClient();
    const view = render(<CatalogSearch client={client} actions={actions} id="t" autoFocus />);
    expect(document.activeElement).toBe(view.getByTestId('catalog-query'));
  });

  it('the keyboard walks the results: ↓ from the field, ↓/↑ between results, Escape back to the field', async () => {
    const { client, calls } = manualClient();
    const view = render(<CatalogSearch client={client} actions={actions} id="t" debounceMs={0} />);
    const input = view.getByTestId('catalog-query');
    expect(view.getByLabelText('catalogSearchLabel')).toBe(input);
    type(input, 'keys');
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await act(async () => calls[0]?.resolve(answer('keys', [catalogBook(1), catalogBook(2)])));
    await vi.waitFor(() => expect(view.getAllByTestId('catalog-result')).toHaveLength(2));
    const [first, second] = view.getAllByTestId('catalog-result');
    input.focus();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first as HTMLElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second as HTMLElement, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first as HTMLElement, { key: 'Escape' });
    expect(document.activeElement).toBe(input);
  });
});
