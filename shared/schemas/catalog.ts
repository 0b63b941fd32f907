import { z } from 'zod';
import { CategoryIdSchema, InterestIdSchema } from '../categories';
import { BOOK_LIMITS, Isbn10Schema, Isbn13Schema } from './detected-book';

/**
 * The catalog API of the peer-server (`/api/catalog/*`): book search, one book by ISBN, bestsellers, new
 * books, popular-in-our-clubs, libraries and availability. Every call carries `Authorization: Bearer
 * <Firebase ID token>`. The server parses queries with the `*QuerySchema`s and answers with the
 * `*ResponseSchema`s; the side panel parses responses with the same schemas.
 */
export const CATALOG_API = {
  search: { method: 'GET', path: '/api/catalog/search' },
  book: { method: 'GET', path: '/api/catalog/books/:isbn13' },
  bestsellers: { method: 'GET', path: '/api/catalog/bestsellers' },
  newBooks: { method: 'GET', path: '/api/catalog/new' },
  popular: { method: 'GET', path: '/api/catalog/popular' },
  libraries: { method: 'GET', path: '/api/catalog/libraries' },
  availability: { method: 'GET', path: '/api/catalog/availability' },
} as const;

/** Upstream sources, by the id `normalizeResponse` takes. */
export const CATALOG_PROVIDERS = [
  'nl-seoji',
  'nl-search',
  'yes24',
  'kakao',
  'data4library',
  'google-books',
  'open-library',
] as const;
export const CatalogProviderIdSchema = z.enum(CATALOG_PROVIDERS);
export type CatalogProviderId = z.infer<typeof CatalogProviderIdSchema>;

/** Where a record or a list came from: an upstream provider, or our own data (shelved books, club counts). */
export const CATALOG_SOURCES = [...CATALOG_PROVIDERS, 'chaekbang'] as const;
export const CatalogSourceIdSchema = z.enum(CATALOG_SOURCES);
export type CatalogSourceId = z.infer<typeof CatalogSourceIdSchema>;

export const CATALOG_LIMITS = {
  query: 100,
  subtitle: 300,
  description: 2000,
  translators: 12,
  attribution: 200,
  maxPage: 50,
  pageSize: 20,
  maxPrice: 10_000_000,
  homeLibraries: 3,
} as const;

const HttpsUrlSchema = z
  .string()
  .max(BOOK_LIMITS.url)
  .regex(/^https:\/\/\S+$/, 'must be an https URL');
const PersonSchema = z.string().trim().min(1).max(BOOK_LIMITS.author);
const PubDateSchema = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD');
const KdcSchema = z.string().regex(/^\d{3}(\.\d+)?$/, 'KDC class: 3 digits, optional decimals');

/** Store pages for a book, found by ISBN (the result card's "open in a store"). */
export const STORES = ['yes24', 'kyobo', 'aladin', 'interpark'] as const;
export const StoreIdSchema = z.enum(STORES);
export type StoreId = z.infer<typeof StoreIdSchema>;
export const StoreLinksSchema = z.partialRecord(StoreIdSchema, HttpsUrlSchema);
export type StoreLinks = z.infer<typeof StoreLinksSchema>;

/** The source of a record with the attribution line its terms ask for (shown under the result). */
export const CatalogAttributionSchema = z.strictObject({
  provider: CatalogSourceIdSchema,
  /** Plain text, e.g. "자료 제공: 국립중앙도서관". */
  attribution: z.string().min(1).max(CATALOG_LIMITS.attribution),
  /** The source's page for this record or its home page, when its terms ask for a link. */
  url: HttpsUrlSchema.nullable().optional(),
});
export type CatalogAttribution = z.infer<typeof CatalogAttributionSchema>;

/** One book from any catalog source, normalised. Everything keys on isbn13. */
export const CatalogBookSchema = z.strictObject({
  isbn13: Isbn13Schema,
  isbn10: z.nullable(Isbn10Schema),
  title: z.string().trim().min(1).max(BOOK_LIMITS.title),
  subtitle: z.string().trim().min(1).max(CATALOG_LIMITS.subtitle).nullable(),
  authors: z.array(PersonSchema).max(BOOK_LIMITS.authors),
  translators: z.array(PersonSchema).max(CATALOG_LIMITS.translators),
  publisher: z.string().trim().min(1).max(BOOK_LIMITS.publisher).nullable(),
  pubDate: PubDateSchema.nullable(),
  pages: z.number().int().min(1).max(BOOK_LIMITS.maxPages).nullable(),
  /** List price (정가) in won. */
  priceKrw: z.number().int().min(0).max(BOOK_LIMITS.maxPrice).nullable(),
  coverUrl: HttpsUrlSchema.nullable(),
  kdc: KdcSchema.nullable(),
  /** Our interest category (shared/categories.ts); `other` when the source says nothing usable. */
  category: CategoryIdSchema,
  /** Plain text (no markup), capped. */
  description: z.string().min(1).max(CATALOG_LIMITS.description).nullable(),
  storeLinks: StoreLinksSchema,
  source: CatalogAttributionSchema,
});
export type CatalogBook = z.infer<typeof CatalogBookSchema>;

/** Which sources a list was built from, in the order they were used (the UI names them). */
export const CatalogSourcesSchema = z.array(CatalogAttributionSchema).max(CATALOG_SOURCES.length);

const PageQuerySchema = z.coerce.number().int().min(1).max(CATALOG_LIMITS.maxPage).default(1);

const ListPageSchema = {
  page: z.number().int().min(1).max(CATALOG_LIMITS.maxPage),
  hasMore: z.boolean(),
  sources: CatalogSourcesSchema,
};

// GET /api/catalog/search?q=&page=
export const CatalogSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(CATALOG_LIMITS.query),
  page: PageQuerySchema,
});
export type CatalogSearchQuery = z.infer<typeof CatalogSearchQuerySchema>;
export const CatalogSearchResponseSchema = z.strictObject({
  query: z.string().max(CATALOG_LIMITS.query),
  /** `isbn` when the query parsed as an ISBN (an exact lookup), else `keyword`. */
  kind: z.enum(['isbn', 'keyword']),
  books: z.array(CatalogBookSchema).max(CATALOG_LIMITS.pageSize * 2),
  ...ListPageSchema,
});
export type CatalogSearchResponse = z.infer<typeof CatalogSearchResponseSchema>;

// GET /api/catalog/books/:isbn13 (404 not_found when no source knows it)
export const CatalogBookParamsSchema = z.strictObject({ isbn13: Isbn13Schema });
export const CatalogBookResponseSchema = z.strictObject({ book: CatalogBookSchema });
export type CatalogBookResponse = z.infer<typeof CatalogBookResponseSchema>;

// GET /api/catalog/bestsellers?category=&period=
export const BESTSELLER_PERIODS = ['realtime', 'daily', 'weekly', 'monthly', 'steady'] as const;
export const BestsellerPeriodSchema = z.enum(BESTSELLER_PERIODS);
export type BestsellerPeriod = z.infer<typeof BestsellerPeriodSchema>;
export const BestsellersQuerySchema = z.strictObject({
  category: InterestIdSchema,
  period: BestsellerPeriodSchema.default('weekly'),
  page: PageQuerySchema,
});
export type BestsellersQuery = z.infer<typeof BestsellersQuerySchema>;
export const BestsellersResponseSchema = z.strictObject({
  category: InterestIdSchema,
  period: BestsellerPeriodSchema,
  books: z.array(CatalogBookSchema).max(CATALOG_LIMITS.pageSize * 2),
  ...ListPageSchema,
});
export type BestsellersResponse = z.infer<typeof BestsellersResponseSchema>;

// GET /api/catalog/new?category=&order=latest|price-asc|price-desc|random&maxPrice=
export const NEW_BOOK_ORDERS = ['latest', 'price-asc', 'price-desc', 'random'] as const;
export const NewBookOrderSchema = z.enum(NEW_BOOK_ORDERS);
export type NewBookOrder = z.infer<typeof NewBookOrderSchema>;
export const NewBooksQuerySchema = z.strictObject({
  category: InterestIdSchema,
  order: NewBookOrderSchema.default('latest'),
  maxPrice: z.coerce.number().int().min(0).max(CATALOG_LIMITS.maxPrice).optional(),
  page: PageQuerySchema,
});
export type NewBooksQuery = z.infer<typeof NewBooksQuerySchema>;
export const NewBooksResponseSchema = z.strictObject({
  category: InterestIdSchema,
  order: NewBookOrderSchema,
  maxPrice: z.number().int().min(0).max(CATALOG_LIMITS.maxPrice).nullable(),
  books: z.array(CatalogBookSchema).max(CATALOG_LIMITS.pageSize * 2),
  ...ListPageSchema,
});
export type NewBooksResponse = z.infer<typeof NewBooksResponseSchema>;

// GET /api/catalog/popular?category=&window=7d|30d (our own clubs; library loans as a second list)
export const POPULAR_WINDOWS = ['7d', '30d'] as const;
export const PopularWindowSchema = z.enum(POPULAR_WINDOWS);
export const PopularQuerySchema = z.strictObject({
  category: InterestIdSchema.optional(),
  window: PopularWindowSchema.default('7d'),
  page: PageQuerySchema,
});
export type PopularQuery = z.infer<typeof PopularQuerySchema>;
export const PopularEntrySchema = z.strictObject({
  book: CatalogBookSchema,
  /** Shelf adds, finishes and ratings in our clubs within the window (0 for library-loan entries). */
  clubScore: z.number().int().min(0),
  /** Loans counted by data4library, when the entry came from there. */
  loanCount: z.number().int().min(0).nullable(),
});
export type PopularEntry = z.infer<typeof PopularEntrySchema>;
export const PopularResponseSchema = z.strictObject({
  category: InterestIdSchema.nullable(),
  window: PopularWindowSchema,
  entries: z.array(PopularEntrySchema).max(CATALOG_LIMITS.pageSize * 2),
  ...ListPageSchema,
});
export type PopularResponse = z.infer<typeof PopularResponseSchema>;

/** data4library region codes (시·도). */
export const LIBRARY_REGIONS = {
  '11': { ko: '서울', en: 'Seoul' },
  '21': { ko: '부산', en: 'Busan' },
  '22': { ko: '대구', en: 'Daegu' },
  '23': { ko: '인천', en: 'Incheon' },
  '24': { ko: '광주', en: 'Gwangju' },
  '25': { ko: '대전', en: 'Daejeon' },
  '26': { ko: '울산', en: 'Ulsan' },
  '29': { ko: '세종', en: 'Sejong' },
  '31': { ko: '경기', en: 'Gyeonggi' },
  '32': { ko: '강원', en: 'Gangwon' },
  '33': { ko: '충북', en: 'Chungbuk' },
  '34': { ko: '충남', en: 'Chungnam' },
  '35': { ko: '전북', en: 'Jeonbuk' },
  '36': { ko: '전남', en: 'Jeonnam' },
  '37': { ko: '경북', en: 'Gyeongbuk' },
  '38': { ko: '경남', en: 'Gyeongnam' },
  '39': { ko: '제주', en: 'Jeju' },
} as const;
export type LibraryRegion = keyof typeof LIBRARY_REGIONS;
export const LibraryRegionSchema = z.enum(Object.keys(LIBRARY_REGIONS) as [LibraryRegion, ...LibraryRegion[]]);
/** data4library library code (libCode): digits. */
export const LibraryCodeSchema = z.string().regex(/^\d{1,12}$/, 'library code: digits');

// GET /api/catalog/libraries?region=
export const LibrariesQuerySchema = z.strictObject({ region: LibraryRegionSchema, page: PageQuerySchema });
export type LibrariesQuery = z.infer<typeof LibrariesQuerySchema>;
export const LibrarySchema = z.strictObject({
  libCode: LibraryCodeSchema,
  name: z.string().trim().min(1).max(120),
  address: z.string().max(300).nullable(),
  homepage: HttpsUrlSchema.nullable(),
});
export type Library = z.infer<typeof LibrarySchema>;
export const LibrariesResponseSchema = z.strictObject({
  region: LibraryRegionSchema,
  libraries: z.array(LibrarySchema).max(200),
  ...ListPageSchema,
});
export type LibrariesResponse = z.infer<typeof LibrariesResponseSchema>;

// GET /api/catalog/availability?isbn13=&libs=111001,111002 (a reader's home libraries, at most 3)
export const AvailabilityQuerySchema = z.strictObject({
  isbn13: Isbn13Schema,
  libs: z
    .string()
    .transform((value) => [
      ...new Set(
        value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(LibraryCodeSchema).min(1).max(CATALOG_LIMITS.homeLibraries)),
});
export type AvailabilityQuery = z.infer<typeof AvailabilityQuerySchema>;
/** 대출가능 / 대출중 / 없음, or unknown when the library's answer could not be had. */
export const AVAILABILITY_STATUSES = ['available', 'on-loan', 'not-held', 'unknown'] as const;
export const AvailabilityStatusSchema = z.enum(AVAILABILITY_STATUSES);
export type AvailabilityStatus = z.infer<typeof AvailabilityStatusSchema>;
export const LibraryAvailabilitySchema = z.strictObject({ libCode: LibraryCodeSchema, status: AvailabilityStatusSchema });
export type LibraryAvailability = z.infer<typeof LibraryAvailabilitySchema>;
export const AvailabilityResponseSchema = z.strictObject({
  isbn13: Isbn13Schema,
  libraries: z.array(LibraryAvailabilitySchema).max(CATALOG_LIMITS.homeLibraries),
  sources: CatalogSourcesSchema,
});
export type AvailabilityResponse = z.infer<typeof AvailabilityResponseSchema>;

/**
 * `/health`'s `catalog` field: which providers are on, and why one is off (`no-key`: a keyed source without
 * its key; `off`: a keyless source not switched on; `circuit-open`: failing, retried at `retryAt`;
 * `quota-exhausted`: the daily counter reached its stop line).
 */
export const PROVIDER_STATES = ['on', 'no-key', 'off', 'circuit-open', 'quota-exhausted'] as const;
export const ProviderStatusSchema = z.strictObject({
  id: CatalogProviderIdSchema,
  state: z.enum(PROVIDER_STATES),
  /** Calls counted today against the daily quota, and that quota (null: none published). */
  usedToday: z.number().int().min(0),
  dailyLimit: z.number().int().min(1).nullable(),
  /** When an open circuit will let a trial call through (epoch ms). */
  retryAt: z.number().int().nullable(),
});
export type ProviderStatus = z.infer<typeof ProviderStatusSchema>;
export const ProvidersStatusSchema = z.array(ProviderStatusSchema);

/** Store search pages by ISBN (each store's search finds the product page from an ISBN). */
export function storeLinksFor(isbn13: string): StoreLinks {
  const q = encodeURIComponent(isbn13);
  return {
    yes24: `https://www.yes24.com/Product/Search?domain=BOOK&query=${q}`,
    kyobo: `https://search.kyobobook.co.kr/search?keyword=${q}`,
    aladin: `https://www.aladin.co.kr/search/wsearchresult.aspx?SearchTarget=Book&SearchWord=${q}`,
    interpark: `https://bsearch.interpark.com/dsearch/book.jsp?query=${q}`,
  };
}

/** The attribution line each source's terms ask for, and the page it links to. */
export const SOURCE_ATTRIBUTION: Readonly<Record<CatalogSourceId, { ko: string; en: string; url: string | null }>> = {
  'nl-seoji': {
    ko: '자료 제공: 국립중앙도서관 ISBN 서지정보',
    en: 'Data: National Library of Korea (ISBN)',
    url: 'https://www.nl.go.kr/seoji/',
  },
  'nl-search': { ko: '자료 제공: 국립중앙도서관', en: 'Data: National Library of Korea', url: 'https://www.nl.go.kr/' },
  yes24: { ko: '도서 정보 제공: YES24', en: 'Book data: YES24', url: 'https://www.yes24.com/' },
  kakao: { ko: '도서 정보 제공: Kakao', en: 'Book data: Kakao', url: 'https://search.daum.net/' },
  data4library: {
    ko: '자료 제공: 도서관 정보나루',
    en: 'Data: Data4Library (도서관 정보나루)',
    url: 'https://www.data4library.kr/',
  },
  'google-books': { ko: 'Powered by Google Books', en: 'Powered by Google Books', url: 'https://books.google.com/' },
  'open-library': { ko: '자료 제공: Open Library', en: 'Data: Open Library', url: 'https://openlibrary.org/' },
  chaekbang: { ko: '책방 독자들의 서재', en: "Chaekbang readers' shelves", url: null },
};

export function attributionFor(source: CatalogSourceId, url?: string | null): CatalogAttribution {
  const entry = SOURCE_ATTRIBUTION[source];
  return { provider: source, attribution: entry.ko, url: url ?? entry.url };
}
