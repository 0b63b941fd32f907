import { type CatalogProvider, request } from './types';

/**
 * 국립중앙도서관 소장자료 검색 — `GET {base}/NL/search/openApi/search.do?key&apiType=json&…`.
 * Keyword search of the national collection (with KDC); ISBN detail search.
 */
export const nlSearch: CatalogProvider = {
  id: 'nl-search',
  keyed: true,
  ratePerSecond: 5,
  search: (query, page, ctx) =>
    request('nl-search', ctx.baseUrl, '/NL/search/openApi/search.do', {
      key: ctx.key,
      apiType: 'json',
      srchTarget: 'total',
      kwd: query,
      pageNum: page.page,
      pageSize: page.pageSize,
    }),
  isbn: (isbn13, ctx) =>
    request('nl-search', ctx.baseUrl, '/NL/search/openApi/search.do', {
      key: ctx.key,
      apiType: 'json',
      detailSearch: 'true',
      isbnOp: 'isbn',
      isbnCode: isbn13,
      pageNum: 1,
      pageSize: 10,
    }),
};
