import { describe, expect, it, vi } from 'vitest';
import { attributionFor } from '../../../shared/schemas/catalog';

vi.mock('../../i18n', () => ({
  t: (key: string, subs?: string | string[]) => [key, ...(subs === undefined ? [] : [subs].flat())].join('|'),
  uiLocale: () => 'en',
}));
const { CatalogClientError, createCatalogClient, isAbort } = await import('./catalog-client');
const { catalogErrorText } = await import('./catalog-errors');
const { catalogBook } = await import('./test-books');

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const searchAnswer = (books = [catalogBook(1)]) => ({
  query: '테스트',
  kind: 'keyword',
  books,
  page: 1,
  hasMore: false,
  sources: [attributionFor('yes24')],
});

describe('catalog client', () => {
  it('sends a fresh ID token, builds each route’s query, and parses the answer with the shared schema', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    let token = 0;
    const client = createCatalogClient(
      'http://127.0.0.1:9000',
      async () => `token-${++token}`,
      async (url, init) => {
        seen.push({ url: String(url), auth: new Headers(init?.headers).get('authorization') });
        return json(200, searchAnswer());
      },
    );
    const res = await client.search('  테스트  ', 2);
    expect(res.books[0]?.title).toBe('테스트 책 1');
    await client.search('x').catch(() => {});
    expect(seen[0]).toEqual({
      url: `http://127.0.0.1:9000/api/catalog/search?q=${encodeURIComponent('테스트')}&page=2`,
      auth: 'Bearer token-1',
    });
    expect(seen[1]?.auth).toBe('Bearer token-2');

    const urls: string[] = [];
    const any = createCatalogClient(
      'http://h',
      async () => 't',
      async (url) => {
        urls.push(String(url));
        return json(500, {});
      },
    );
    await Promise.allSettled([
      any.bestsellers({ category: 'history' }),
      any.newBooks({ category: 'novel', order: 'price-asc', maxPrice: 15000, page: 3 }),
      any.newBooks({ category: 'novel', maxPrice: null }),
      any.popular({ window: '30d' }),
      any.libraries({ region: '11' }),
      any.availability({ isbn13: '9791199000014', libs: ['111001', '111002', '111003', '111004'] }),
      any.book('9791199000014'),
    ]);
    expect(urls).toEqual([
      'http://h/api/catalog/bestsellers?category=history&period=weekly&page=1',
      'http://h/api/catalog/new?category=novel&order=price-asc&maxPrice=15000&page=3',
      'http://h/api/catalog/new?category=novel&order=latest&page=1',
      'http://h/api/catalog/popular?window=30d&page=1',
      'http://h/api/catalog/libraries?region=11&page=1',
      'http://h/api/catalog/availability?isbn13=9791199000014&libs=111001%2C111002%2C111003',
      'http://h/api/catalog/books/9791199000014',
    ]);
  });

  it('refuses an answer that does not fit the schema (an extra field, a bad ISBN) as "internal"', async () => {
    for (const body of [
      { ...searchAnswer(), extra: true },
      searchAnswer([{ ...catalogBook(1), isbn13: '12345' }]),
      searchAnswer([{ ...catalogBook(1), coverUrl: 'javascript:alert(1)' }]),
      null,
    ]) {
      const client = createCatalogClient(
        'http://h',
        async () => 't',
        async () => json(200, body),
      );
      await expect(client.search('a')).rejects.toMatchObject({ name: 'CatalogClientError', code: 'internal' });
    }
  });

  it.each([
    [
      503,
      { error: { code: 'catalog_unavailable', message: 'YES24 said: 키 오류 E-1234', retryAfterSeconds: 30 } },
      'unavailable',
      30,
    ],
    [429, { error: { code: 'rate_limited', message: 'slow down', retryAfterSeconds: 12 } }, 'rate_limited', 12],
    [401, { error: { code: 'unauthenticated', message: 'bad token' } }, 'unauthenticated', undefined],
    [404, { error: { code: 'not_found', message: 'no such book' } }, 'not_found', undefined],
    [400, { error: { code: 'invalid_request', message: 'q: too long' } }, 'invalid_request', undefined],
    [500, { error: { code: 'something_new', message: 'x' } }, 'internal', undefined],
    [503, { error: { code: 'something_new', message: 'x' } }, 'unavailable', undefined],
  ] as const)('maps HTTP %i %j to %s', async (status, body, code, retry) => {
    const client = createCatalogClient(
      'http://h',
      async () => 't',
      async () => json(status, body),
    );
    const err = await client.search('a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogClientError);
    expect(err).toMatchObject({ code, retryAfterSeconds: retry });
  });

  it('a network failure or a proxy’s HTML page is "server unreachable"; a bare 429 keeps its Retry-After header', async () => {
    const down = createCatalogClient(
      'http://h',
      async () => 't',
      async () => {
        throw new TypeError('Failed to fetch');
      },
    );
    await expect(down.search('a')).rejects.toMatchObject({ code: 'server_unreachable' });
    const proxy = createCatalogClient(
      'http://h',
      async () => 't',
      async () => new Response('<html>Bad gateway</html>', { status: 502 }),
    );
    await expect(proxy.search('a')).rejects.toMatchObject({ code: 'server_unreachable' });
    const limited = createCatalogClient(
      'http://h',
      async () => 't',
      async () => new Response('slow down', { status: 429, headers: { 'retry-after': '7' } }),
    );
    await expect(limited.search('a')).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 7 });
  });

  it('no ID token (signed out meanwhile) is "unauthenticated", and nothing is sent', async () => {
    const fetchImpl = vi.fn(async () => json(200, searchAnswer()));
    const client = createCatalogClient(
      'http://h',
      async () => {
        throw new Error('not signed in');
      },
      fetchImpl,
    );
    await expect(client.search('a')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('a cancelled request rejects with the AbortError (not a catalog error), and an already-cancelled one is never sent', async () => {
    let signalSeen: AbortSignal | undefined;
    const client = createCatalogClient(
      'http://h',
      async () => 't',
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          signalSeen = init?.signal ?? undefined;
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const ctrl = new AbortController();
    const pending = client.search('old', 1, { signal: ctrl.signal });
    await vi.waitFor(() => expect(signalSeen).toBe(ctrl.signal));
    ctrl.abort();
    const err = await pending.catch((e: unknown) => e);
    expect(isAbort(err)).toBe(true);
    expect(err).not.toBeInstanceOf(CatalogClientError);

    const fetchImpl = vi.fn(async () => json(200, searchAnswer()));
    const early = createCatalogClient('http://h', async () => 't', fetchImpl);
    const done = new AbortController();
    done.abort();
    expect(isAbort(await early.search('a', 1, { signal: done.signal }).catch((e: unknown) => e))).toBe(true);
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('the reader sees a message from the catalogue, never the server’s or an upstream’s text', () => {
    const upstream = new CatalogClientError('unavailable', 'YES24 said: 키 오류 E-1234', 90);
    expect(catalogErrorText(upstream)).toBe('catalogErrUnavailable catalogRetryIn|waitMinutes|2');
    expect(catalogErrorText(new CatalogClientError('internal', '<html>oops</html>'))).toBe('catalogErrInternal');
    expect(catalogErrorText(new CatalogClientError('server_unreachable', 'Failed to fetch'))).toBe('errServerUnreachable');
    expect(catalogErrorText(new Error('random'))).toBe('catalogErrInternal');
  });
});
