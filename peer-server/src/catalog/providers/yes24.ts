import { YES24_ROOT_CATEGORY, yes24CategoryFor } from '../../../../shared/catalog-categories';
import type { BestsellerPeriod } from '../../../../shared/schemas/catalog';
import { type CatalogProvider, request } from './types';

const BESTSELLER_PATHS: Record<BestsellerPeriod, string> = {
  realtime: '/v1/category/bestsellerRealtime',
  daily: '/v1/category/bestsellerDaily',
  weekly: '/v1/category/bestseller',
  monthly: '/v1/category/bestsellerMonthly',
  steady: '/v1/category/bestsellerSteady',
};

/**
 * YES24 Open API — `{base}/v1/…` with the key in `X-Api-Key` (a query parameter is refused, AUTH_001).
 * Search, detail by ISBN-13, bestsellers by category id and period, new products by category.
 * 5 requests/s and 5,000 a day. "No results" is HTTP 404 (SEARCH_001, BEST_001, …); HTTP 200 may carry
 * `success:false`. Terms: show the source with a link; never build a copy of their catalogue.
 */
export const yes24: CatalogProvider = {
  id: 'yes24',
  keyed: true,
  ratePerSecond: 5,
  isbn: (isbn13, ctx) =>
    request(
      'yes24',
      ctx.baseUrl,
      '/v1/goods/itemDetail',
      { searchType: 'ISBN13', query: isbn13, detail: 'Y' },
      { 'x-api-key': ctx.key ?? '' },
    ),
  search: (query, page, ctx) =>
    request(
      'yes24',
      ctx.baseUrl,
      '/v1/goods/itemList',
      { query, page: page.page, pageSize: page.pageSize },
      { 'x-api-key': ctx.key ?? '' },
    ),
  bestsellers: (category, period, page, ctx) =>
    request(
      'yes24',
      ctx.baseUrl,
      BESTSELLER_PATHS[period],
      { categoryId: yes24CategoryFor(category) ?? YES24_ROOT_CATEGORY, page: page.page, pageSize: page.pageSize },
      { 'x-api-key': ctx.key ?? '' },
    ),
  newBooks: (category, page, ctx) =>
    request(
      'yes24',
      ctx.baseUrl,
      '/v1/category/newproduct',
      { categoryId: yes24CategoryFor(category), page: page.page, pageSize: page.pageSize },
      { 'x-api-key': ctx.key ?? '' },
    ),
  statusMeaning: (status) => (status === 404 ? 'empty' : status === 401 || status === 429 || status >= 500 ? 'error' : 'body'),
};
