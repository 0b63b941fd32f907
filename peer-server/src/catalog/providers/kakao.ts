import { type CatalogProvider, request } from './types';

/**
 * Kakao book search — `GET {base}/v3/search/book` with `Authorization: KakaoAK <key>`; `query`,
 * `target=isbn|title|…`, `page`, `size` (1-50). No page count and no category in its records.
 */
export const kakao: CatalogProvider = {
  id: 'kakao',
  keyed: true,
  ratePerSecond: 10,
  isbn: (isbn13, ctx) =>
    request(
      'kakao',
      ctx.baseUrl,
      '/v3/search/book',
      { query: isbn13, target: 'isbn', size: 5 },
      { authorization: `KakaoAK ${ctx.key ?? ''}` },
    ),
  search: (query, page, ctx) =>
    request(
      'kakao',
      ctx.baseUrl,
      '/v3/search/book',
      { query, page: page.page, size: Math.min(50, page.pageSize) },
      { authorization: `KakaoAK ${ctx.key ?? ''}` },
    ),
};
