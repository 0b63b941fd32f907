import { type CatalogProvider, kstDate, request } from './types';

/**
 * 국립중앙도서관 ISBN 서지정보 (seoji) — `GET {base}/seoji/SearchApi.do?cert_key&result_style=json&…`.
 * Exact records by ISBN (pages, KDC, price); new books by publication date. No published daily limit.
 */
export const nlSeoji: CatalogProvider = {
  id: 'nl-seoji',
  keyed: true,
  ratePerSecond: 5,
  isbn: (isbn13, ctx) =>
    request('nl-seoji', ctx.baseUrl, '/seoji/SearchApi.do', {
      cert_key: ctx.key,
      result_style: 'json',
      page_no: 1,
      page_size: 10,
      isbn: isbn13,
    }),
  newBooks: (_category, page, ctx, today) =>
    request('nl-seoji', ctx.baseUrl, '/seoji/SearchApi.do', {
      cert_key: ctx.key,
      result_style: 'json',
      page_no: page.page,
      page_size: page.pageSize,
      start_publish_date: kstDate(today, 30, false),
      end_publish_date: kstDate(today, 0, false),
      sort: 'PUBLISH_PREDATE',
      order_by: 'DESC',
    }),
};
