import { attributionFor, type CatalogBook, type CatalogSourceId } from '../../../shared/schemas/catalog';

/** ISBN-13 with a valid check digit from 12 digits (test data only). */
export function isbnFrom(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return first12 + String((10 - (sum % 10)) % 10);
}

/** A catalog book as the server sends it (unit tests of the discover views and client). */
export function catalogBook(n: number, over: Partial<CatalogBook> = {}, source: CatalogSourceId = 'yes24'): CatalogBook {
  return {
    isbn13: isbnFrom(`979119900${String(n).padStart(3, '0')}`),
    isbn10: null,
    title: `테스트 책 ${n}`,
    subtitle: null,
    authors: [`작가 ${n}`],
    translators: [],
    publisher: '테스트출판',
    pubDate: '2026-11-10',
    pages: 200,
    priceKrw: 15000,
    coverUrl: null,
    kdc: null,
    category: 'novel',
    description: null,
    storeLinks: {},
    source: attributionFor(source),
    ...over,
  };
}
