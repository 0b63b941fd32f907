import { kdcMainClassFor } from '../../../../shared/catalog-categories';
import { type CatalogProvider, kstDate, request } from './types';

/**
 * 도서관 정보나루 (data4library) — `GET {base}/api/<endpoint>?authKey&format=json`. Keyword search
 * (`srchBooks`), popular loans by KDC (`loanItemSrch`), libraries by region (`libSrch`) and whether a
 * library holds a book and can lend it now (`bookExist`). 500 calls a day (30,000 once the server's IP is
 * registered): server-side only.
 */
export const data4library: CatalogProvider = {
  id: 'data4library',
  keyed: true,
  // No per-second rate is published; the daily quota is the real limit.
  ratePerSecond: 5,
  isbn: (isbn13, ctx) =>
    request('data4library', ctx.baseUrl, '/api/srchDtlList', { authKey: ctx.key, isbn13, loaninfoYN: 'N', format: 'json' }),
  search: (query, page, ctx) =>
    request('data4library', ctx.baseUrl, '/api/srchBooks', {
      authKey: ctx.key,
      keyword: query,
      pageNo: page.page,
      pageSize: page.pageSize,
      format: 'json',
    }),
  popular: (category, days, page, ctx, today) =>
    request('data4library', ctx.baseUrl, '/api/loanItemSrch', {
      authKey: ctx.key,
      startDt: kstDate(today, days, true),
      endDt: kstDate(today, 1, true),
      kdc: category ? kdcMainClassFor(category) : null,
      pageNo: page.page,
      pageSize: page.pageSize,
      format: 'json',
    }),
  libraries: (region, page, ctx) =>
    request('data4library', ctx.baseUrl, '/api/libSrch', {
      authKey: ctx.key,
      region,
      pageNo: page.page,
      pageSize: page.pageSize,
      format: 'json',
    }),
  availability: (isbn13, libCode, ctx) =>
    request('data4library', ctx.baseUrl, '/api/bookExist', { authKey: ctx.key, libCode, isbn13, format: 'json' }),
};
