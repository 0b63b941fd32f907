import { describe, expect, it } from 'vitest';
import {
  AvailabilityQuerySchema,
  attributionFor,
  BestsellersQuerySchema,
  CATALOG_SOURCES,
  type CatalogBook,
  CatalogBookSchema,
  CatalogSearchQuerySchema,
  CatalogSearchResponseSchema,
  LibrariesQuerySchema,
  NewBooksQuerySchema,
  PopularQuerySchema,
  PopularResponseSchema,
  ProvidersStatusSchema,
  SOURCE_ATTRIBUTION,
  storeLinksFor,
} from './catalog';

const book: CatalogBook = {
  isbn13: '9788936434267',
  isbn10: '8936434268',
  title: '채식주의자',
  subtitle: null,
  authors: ['한강'],
  translators: [],
  publisher: '창비',
  pubDate: '2007-10-30',
  pages: 247,
  priceKrw: 15000,
  coverUrl: 'https://example.org/cover.jpg',
  kdc: '813.7',
  category: 'novel',
  description: '세 편의 연작소설.',
  storeLinks: storeLinksFor('9788936434267'),
  source: attributionFor('nl-seoji'),
};

describe('CatalogBookSchema', () => {
  it('accepts a full record', () => {
    expect(CatalogBookSchema.parse(book)).toEqual(book);
  });

  it.each([
    ['a 12-digit ISBN', { isbn13: '978893643426' }],
    ['an http cover', { coverUrl: 'http://example.org/c.jpg' }],
    ['an empty title', { title: '  ' }],
    ['a date with a time', { pubDate: '2019-10-03T00:00:00+02:00' }],
    ['pages as a string', { pages: '803 p.' }],
    ['a negative price', { priceKrw: -1 }],
    ['an unknown category', { category: 'poems' }],
    ['an unknown source', { source: { provider: 'naver', attribution: 'x' } }],
    ['an extra field', { rating: 5 }],
    ['a javascript: store link', { storeLinks: { yes24: 'javascript:alert(1)' } }],
  ])('refuses %s', (_name, patch) => {
    expect(CatalogBookSchema.safeParse({ ...book, ...patch }).success).toBe(false);
  });
});

describe('query schemas', () => {
  it('trims the search query, defaults page 1 and caps it', () => {
    expect(CatalogSearchQuerySchema.parse({ q: '  채식주의자 ' })).toEqual({ q: '채식주의자', page: 1 });
    expect(CatalogSearchQuerySchema.parse({ q: 'x', page: '3' }).page).toBe(3);
    expect(CatalogSearchQuerySchema.safeParse({ q: '' }).success).toBe(false);
    expect(CatalogSearchQuerySchema.safeParse({ q: 'x'.repeat(101) }).success).toBe(false);
    expect(CatalogSearchQuerySchema.safeParse({ q: 'x', page: '0' }).success).toBe(false);
    expect(CatalogSearchQuerySchema.safeParse({ q: 'x', page: '51' }).success).toBe(false);
    expect(CatalogSearchQuerySchema.safeParse({ q: 'x', extra: '1' }).success).toBe(false);
  });

  it('takes interest categories only (not other) with defaults for period and order', () => {
    expect(BestsellersQuerySchema.parse({ category: 'novel' })).toEqual({ category: 'novel', period: 'weekly', page: 1 });
    expect(BestsellersQuerySchema.safeParse({ category: 'other' }).success).toBe(false);
    expect(NewBooksQuerySchema.parse({ category: 'science', order: 'price-asc', maxPrice: '15000' })).toEqual({
      category: 'science',
      order: 'price-asc',
      maxPrice: 15000,
      page: 1,
    });
    expect(NewBooksQuerySchema.safeParse({ category: 'science', order: 'cheapest' }).success).toBe(false);
    expect(PopularQuerySchema.parse({})).toEqual({ window: '7d', page: 1 });
    expect(PopularQuerySchema.safeParse({ window: '1y' }).success).toBe(false);
    expect(LibrariesQuerySchema.parse({ region: '11' }).region).toBe('11');
    expect(LibrariesQuerySchema.safeParse({ region: '99' }).success).toBe(false);
  });

  it('reads up to 3 distinct library codes', () => {
    expect(AvailabilityQuerySchema.parse({ isbn13: '9788936434267', libs: '111001, 111002,111001' }).libs).toEqual([
      '111001',
      '111002',
    ]);
    expect(AvailabilityQuerySchema.safeParse({ isbn13: '9788936434267', libs: '1,2,3,4' }).success).toBe(false);
    expect(AvailabilityQuerySchema.safeParse({ isbn13: '9788936434267', libs: '' }).success).toBe(false);
    expect(AvailabilityQuerySchema.safeParse({ isbn13: '9788936434267', libs: 'abc' }).success).toBe(false);
  });
});

describe('response schemas', () => {
  it('accept what the catalog answers', () => {
    expect(
      CatalogSearchResponseSchema.safeParse({
        query: '채식',
        kind: 'keyword',
        page: 1,
        books: [book],
        hasMore: false,
        sources: [book.source],
      }).success,
    ).toBe(true);
    expect(
      PopularResponseSchema.safeParse({
        category: null,
        window: '30d',
        page: 1,
        entries: [{ book, clubScore: 3, loanCount: null }],
        hasMore: false,
        sources: [attributionFor('chaekbang', null)],
      }).success,
    ).toBe(true);
    expect(
      ProvidersStatusSchema.safeParse([{ id: 'yes24', state: 'no-key', usedToday: 0, dailyLimit: 5000, retryAt: null }]).success,
    ).toBe(true);
  });
});

describe('attribution and store links', () => {
  it('has an attribution line for every source', () => {
    for (const source of CATALOG_SOURCES) {
      expect(SOURCE_ATTRIBUTION[source].ko.length).toBeGreaterThan(0);
      expect(SOURCE_ATTRIBUTION[source].en.length).toBeGreaterThan(0);
      expect(() => attributionFor(source)).not.toThrow();
    }
  });

  it('links the four stores by ISBN over https', () => {
    const links = storeLinksFor('9788936434267');
    expect(Object.keys(links).sort()).toEqual(['aladin', 'interpark', 'kyobo', 'yes24']);
    for (const url of Object.values(links)) {
      expect(url).toMatch(/^https:\/\//);
      expect(url).toContain('9788936434267');
    }
  });
});
