import { type CatalogProvider, request } from './types';

/**
 * Google Books v1 — `GET {base}/books/v1/volumes?q=isbn:…` (keyless, or with `key`). Foreign titles and
 * covers. An unknown volume id answers 503 `backendFailed`, which reads as "not found".
 */
export const googleBooks: CatalogProvider = {
  id: 'google-books',
  keyed: false,
  ratePerSecond: 2,
  isbn: (isbn13, ctx) =>
    request('google-books', ctx.baseUrl, '/books/v1/volumes', { q: `isbn:${isbn13}`, maxResults: 5, key: ctx.key }),
  search: (query, page, ctx) =>
    request('google-books', ctx.baseUrl, '/books/v1/volumes', {
      q: query,
      startIndex: (page.page - 1) * page.pageSize,
      maxResults: Math.min(40, page.pageSize),
      printType: 'books',
      key: ctx.key,
    }),
  statusMeaning: (status, endpoint) =>
    status === 404 || (status === 503 && /\/volumes\/[^/]+$/.test(endpoint)) ? 'body' : 'error',
};
