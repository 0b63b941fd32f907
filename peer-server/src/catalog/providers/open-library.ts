import { type CatalogProvider, request } from './types';

const FIELDS = 'key,title,subtitle,author_name,publisher,isbn,first_publish_year,number_of_pages_median,cover_i';

/**
 * Open Library — keyless. `GET {base}/api/books?bibkeys=ISBN:…&jscmd=data` (author names and covers
 * included) and `/search.json` (fields named, or ISBN and publisher are left out). 1 request/s anonymous,
 * 3/s with a User-Agent naming a contact.
 */
export const openLibrary: CatalogProvider = {
  id: 'open-library',
  keyed: false,
  ratePerSecond: 1,
  isbn: (isbn13, ctx) =>
    request(
      'open-library',
      ctx.baseUrl,
      '/api/books',
      { bibkeys: `ISBN:${isbn13}`, format: 'json', jscmd: 'data' },
      userAgent(ctx.contact),
    ),
  search: (query, page, ctx) =>
    request(
      'open-library',
      ctx.baseUrl,
      '/search.json',
      { q: query, fields: FIELDS, page: page.page, limit: page.pageSize },
      userAgent(ctx.contact),
    ),
  statusMeaning: (status) => (status === 404 ? 'empty' : 'error'),
};

function userAgent(contact: string | null): Record<string, string> {
  return { 'user-agent': contact ? `Chaekbang/0.1 (${contact})` : 'Chaekbang/0.1' };
}

/** With a contact in the User-Agent Open Library allows 3 requests/s. */
export function openLibraryRate(contact: string | null): number {
  return contact ? 3 : 1;
}
