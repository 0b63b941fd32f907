import { categoryFromKdc } from '../../../shared/catalog-categories';
import { type CategoryId, categoryFromStorePath } from '../../../shared/categories';
import { safeCoverUrl } from '../../../shared/cover-hosts';
import { isbn13To10, matchIsbns, type ParsedIsbn } from '../../../shared/isbn';
import {
  attributionFor,
  CATALOG_LIMITS,
  type CatalogBook,
  CatalogBookSchema,
  type CatalogProviderId,
  type Library,
  LibrarySchema,
  storeLinksFor,
} from '../../../shared/schemas/catalog';
import { BOOK_LIMITS } from '../../../shared/schemas/detected-book';
import { CatalogUpstreamError } from './errors';
import { splitPeople } from './people';
import { htmlToText, plainLine, stripBom, toHttpsUrl, toInt, toKdc, toPages, toPubDate } from './text';

/**
 * The parsing seam (pure): one upstream answer → normalised `CatalogBook`s.
 *
 * - `[]` for a well-formed empty answer, including a source's own "no results" error code;
 * - a `CatalogUpstreamError` (kind `bad-response`, `auth`, `bad-request`, `rate-limited`, `unavailable` or
 *   `unsupported`) for a shape it cannot read or an error answer such as a bad key;
 * - records without a valid ISBN are left out; an ISBN-10 is converted to ISBN-13;
 * - contributors are split into authors and translators by role; titles are trimmed and free of markup;
 *   numbers-as-strings, "803 p." pages, dates in any of the sources' forms and HTML in fields are read;
 * - `body` is the parsed JSON, or the raw text (a BOM at its start is stripped before parsing).
 */
export type Endpoint = string;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

function fail(provider: CatalogProviderId, message: string, kind: CatalogUpstreamError['kind'] = 'bad-response', code?: string) {
  return new CatalogUpstreamError(provider, kind, message, code === undefined ? {} : { code });
}

/** Parse raw text (BOM stripped) or pass parsed JSON through. */
export function parseBody(provider: CatalogProviderId, body: unknown): unknown {
  if (typeof body !== 'string') return body;
  const text = stripBom(body).trim();
  if (text.length === 0) throw fail(provider, 'empty body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw fail(provider, 'malformed JSON');
  }
}

/** Path of an endpoint without query, trailing slash or host. */
function pathOf(endpoint: Endpoint): string {
  let path = endpoint;
  try {
    if (/^https?:\/\//i.test(endpoint)) path = new URL(endpoint).pathname;
  } catch {
    // keep as given
  }
  return path.split('?')[0]?.replace(/\/+$/, '') ?? '';
}

/**
 * The ISBN of a record from one or more fields. A field may hold several ("1197015299 9791197015298",
 * "9788936433673 (세트)", an array of ISBN-10s and -13s): a number written with 13 digits wins over one
 * converted from 10 (Kakao pairs 979 books with a pseudo ISBN-10 whose 978-conversion is another book).
 */
export function pickIsbn(...values: unknown[]): ParsedIsbn | null {
  let fromTen: ParsedIsbn | null = null;
  for (const value of values.flat()) {
    const text = str(value);
    if (!text) continue;
    for (const match of matchIsbns(text)) {
      const digits = text.slice(match.index, match.end).replace(/[^0-9Xx]/g, '');
      if (digits.length === 13) return { isbn13: match.isbn13, isbn10: isbn13To10(match.isbn13) };
      fromTen ??= { isbn13: match.isbn13, isbn10: match.isbn10 };
    }
  }
  return fromTen;
}

/**
 * A title as the sources write it → title and subtitle. With `kormarc` (the libraries' records) the
 * statement of responsibility (" / 한강 지음") and parallel titles (" = ") are cut and " :부제" becomes the
 * subtitle; "Kotlin in action 2/e" stays whole.
 */
export function splitTitle(raw: unknown, options: { kormarc?: boolean } = {}): { title: string | null; subtitle: string | null } {
  let title = plainLine(raw, 2000);
  if (title === null) return { title: null, subtitle: null };
  let subtitle: string | null = null;
  if (options.kormarc) {
    title = title.split(/\s+\/\s+/)[0] ?? title;
    title = title.split(/\s+=\s*/)[0] ?? title;
    const colon = /\s+:\s*|\s*:\s+/.exec(title);
    if (colon && colon.index > 0) {
      subtitle = title.slice(colon.index + colon[0].length).trim() || null;
      title = title.slice(0, colon.index);
    }
  }
  return { title: plainLine(title, BOOK_LIMITS.title), subtitle: plainLine(subtitle, CATALOG_LIMITS.subtitle) };
}

type Draft = {
  isbn: ParsedIsbn | null;
  title: string | null;
  subtitle?: string | null;
  authors?: string[];
  translators?: string[];
  publisher?: unknown;
  pubDate?: unknown;
  pages?: unknown;
  priceKrw?: unknown;
  coverUrl?: string | null;
  kdc?: unknown;
  categoryHint?: CategoryId | null;
  description?: unknown;
  sourceUrl?: string | null;
  yes24Link?: string | null;
};

/** A draft → a schema-valid CatalogBook, or null (no ISBN, no title, or a field the schema refuses). */
function finish(provider: CatalogProviderId, draft: Draft): CatalogBook | null {
  if (!draft.isbn || !draft.title) return null;
  const kdc = toKdc(draft.kdc);
  const fromKdc = categoryFromKdc(kdc);
  const category = fromKdc !== 'other' ? fromKdc : (draft.categoryHint ?? 'other');
  const price = toInt(draft.priceKrw);
  const storeLinks = storeLinksFor(draft.isbn.isbn13);
  if (draft.yes24Link) storeLinks.yes24 = draft.yes24Link;
  const book: CatalogBook = {
    isbn13: draft.isbn.isbn13,
    isbn10: draft.isbn.isbn10,
    title: draft.title,
    subtitle: draft.subtitle && draft.subtitle !== draft.title ? draft.subtitle : null,
    authors: (draft.authors ?? []).slice(0, BOOK_LIMITS.authors),
    translators: (draft.translators ?? []).slice(0, CATALOG_LIMITS.translators),
    publisher: plainLine(draft.publisher, BOOK_LIMITS.publisher),
    pubDate: toPubDate(draft.pubDate),
    pages: toPages(draft.pages),
    priceKrw: price !== null && price > 0 && price <= BOOK_LIMITS.maxPrice ? price : null,
    // Covers only from the known book-image hosts (shared/cover-hosts.ts): anything else is the placeholder.
    coverUrl: safeCoverUrl(draft.coverUrl ?? null),
    kdc,
    category,
    description: htmlToText(draft.description, CATALOG_LIMITS.description),
    storeLinks,
    source: attributionFor(provider, draft.sourceUrl ?? null),
  };
  const parsed = CatalogBookSchema.safeParse(book);
  return parsed.success ? parsed.data : null;
}

/** Keep the first record per ISBN-13 (the same book listed twice, editions aside). */
function dedupe(books: (CatalogBook | null)[]): CatalogBook[] {
  const seen = new Set<string>();
  const out: CatalogBook[] = [];
  for (const book of books) {
    if (!book || seen.has(book.isbn13)) continue;
    seen.add(book.isbn13);
    out.push(book);
  }
  return out;
}

function arrayAt(provider: CatalogProviderId, value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail(provider, `${what} is not a list`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// 국립중앙도서관 ISBN 서지정보 (seoji): {TOTAL_COUNT, PAGE_NO, docs:[{EA_ISBN, TITLE, AUTHOR, …}]}

function normalizeSeoji(body: unknown): CatalogBook[] {
  const p = 'nl-seoji';
  if (!isObject(body)) throw fail(p, 'answer is not an object');
  if (body.RESULT === 'ERROR' || body.ERR_CODE !== undefined) {
    const code = str(body.ERR_CODE) ?? '';
    const message = str(body.ERR_MESSAGE) ?? '';
    // A refused key first: "인증키 정보가 없습니다" also says "없습니다".
    if (/인증|key|키/i.test(message) || ['010', '011', '012'].includes(code))
      throw fail(p, `key refused (${code})`, 'auth', code);
    if (/결과.*없|no (data|result)/i.test(message)) return [];
    throw fail(p, `error answer (${code})`, 'bad-response', code);
  }
  if (!('docs' in body) && !('TOTAL_COUNT' in body)) throw fail(p, 'no docs in answer');
  return dedupe(
    arrayAt(p, body.docs, 'docs').map((doc) => {
      if (!isObject(doc)) return null;
      const people = splitPeople(doc.AUTHOR);
      const { title, subtitle } = splitTitle(doc.TITLE, { kormarc: true });
      return finish(p, {
        isbn: pickIsbn(doc.EA_ISBN),
        title,
        subtitle,
        ...people,
        publisher: doc.PUBLISHER,
        pubDate: str(doc.REAL_PUBLISH_DATE) || doc.PUBLISH_PREDATE,
        pages: doc.PAGE,
        priceKrw: str(doc.REAL_PRICE) || doc.PRE_PRICE,
        // The same site answers as nl.go.kr and www.nl.go.kr; covers are allowed from the latter.
        coverUrl: toHttpsUrl(doc.TITLE_URL)?.replace(/^https:\/\/nl\.go\.kr\//, 'https://www.nl.go.kr/') ?? null,
        kdc: doc.KDC,
        description: str(doc.BOOK_SUMMARY) || doc.BOOK_INTRODUCTION,
      });
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// 국립중앙도서관 소장자료 검색: {total, result:[{titleInfo, authorInfo, pubInfo, pubYearInfo, isbn, kdcCode1s, …}]}

const NL_COVER_BASE = 'https://cover.nl.go.kr/';
const NL_BASE = 'https://www.nl.go.kr/';

function normalizeNlSearch(body: unknown): CatalogBook[] {
  const p = 'nl-search';
  if (!isObject(body)) throw fail(p, 'answer is not an object');
  const error = body.error ?? body.errorCode ?? body.ERR_CODE;
  if (error !== undefined && error !== null && error !== '') {
    const text = JSON.stringify(error);
    if (/결과.*없|no (data|result)/i.test(text)) return [];
    throw fail(p, 'error answer', /인증|key|키/i.test(text) ? 'auth' : 'bad-response');
  }
  if (!('result' in body) && !('total' in body)) throw fail(p, 'no result in answer');
  return dedupe(
    arrayAt(p, body.result, 'result').map((doc) => {
      if (!isObject(doc)) return null;
      if (typeof doc.typeCode === 'string' && doc.typeCode !== '' && !doc.typeCode.startsWith('B')) return null;
      const { title, subtitle } = splitTitle(doc.titleInfo, { kormarc: true });
      const image = str(doc.imageUrl);
      return finish(p, {
        isbn: pickIsbn(doc.isbn),
        title,
        subtitle,
        ...splitPeople(doc.authorInfo),
        publisher: doc.pubInfo,
        pubDate: doc.pubYearInfo,
        kdc: doc.kdcCode1s ?? doc.classNo,
        coverUrl: image ? toHttpsUrl(image, NL_COVER_BASE) : null,
        sourceUrl: toHttpsUrl(doc.detailLink, NL_BASE),
      });
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// YES24 Open API: {success, message, errorCode, data:{items:[…]} | {meta, data:{…}} | item}

/** YES24 error codes that mean "nothing found" (HTTP 404 on their side). */
export const YES24_EMPTY_CODES = [
  'SEARCH_001',
  'BEST_001',
  'CATEGORY_001',
  'NEW_001',
  'ATTN_001',
  'GOODS_001',
  'GOODS_002',
  'AUTHOR_404',
];

function yes24Error(code: string): CatalogUpstreamError {
  const p = 'yes24';
  if (code.startsWith('AUTH_')) return fail(p, `key refused (${code})`, 'auth', code);
  if (code.startsWith('RATE_')) return fail(p, `rate limited (${code})`, 'rate-limited', code);
  if (code.startsWith('PARAM_')) return fail(p, `request refused (${code})`, 'bad-request', code);
  if (code === 'INTERNAL_ERROR' || code === 'UPSTREAM_UNAVAILABLE') return fail(p, `unavailable (${code})`, 'unavailable', code);
  return fail(p, `error answer (${code || 'no code'})`, 'bad-response', code);
}

function yes24Items(data: unknown): unknown[] | null {
  if (Array.isArray(data)) return data;
  if (!isObject(data)) return null;
  if (Array.isArray(data.items)) return data.items;
  if (isObject(data.data) || Array.isArray(data.data)) return yes24Items(data.data);
  if ('itemId' in data || 'isbn13' in data) return [data];
  if ('items' in data && (data.items === null || data.items === undefined)) return [];
  return null;
}

function normalizeYes24(body: unknown): CatalogBook[] {
  const p = 'yes24';
  if (!isObject(body) || typeof body.success !== 'boolean') throw fail(p, 'answer is not the YES24 envelope');
  if (!body.success) {
    const code = str(body.errorCode) ?? '';
    if (YES24_EMPTY_CODES.includes(code)) return [];
    throw yes24Error(code);
  }
  if (body.data === null || body.data === undefined) return [];
  const items = yes24Items(body.data);
  if (items === null) throw fail(p, 'data has no items');
  return dedupe(
    items.map((item) => {
      if (!isObject(item)) return null;
      const link = toHttpsUrl(item.link);
      const category = str(item.categoryName) ?? str(item.goodsSortNm);
      return finish(p, {
        isbn: pickIsbn(item.isbn13, item.isbn10),
        ...splitTitle(item.title),
        subtitle: plainLine(item.subTitle, CATALOG_LIMITS.subtitle),
        ...splitPeople(item.author),
        publisher: item.publisher,
        pubDate: item.publishDate,
        pages: item.pages,
        priceKrw: item.shopPrice ?? item.salePrice,
        coverUrl: toHttpsUrl(item.cover),
        categoryHint: category ? categoryFromStorePath(category) : null,
        description: isObject(item.contentDetail)
          ? (item.contentDetail.description ?? item.contentDetail.content)
          : item.description,
        sourceUrl: link,
        yes24Link: link,
      });
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Kakao book search: {meta, documents:[{title, contents, isbn ("10 13"), datetime, authors[], translators[], …}]}

function normalizeKakao(body: unknown): CatalogBook[] {
  const p = 'kakao';
  if (!isObject(body)) throw fail(p, 'answer is not an object');
  if (typeof body.errorType === 'string') {
    const type = body.errorType;
    if (/AccessDenied|Unauthorized|InvalidKey|NotAuthorized/i.test(type)) throw fail(p, `key refused (${type})`, 'auth', type);
    if (/Throttl|Limit/i.test(type)) throw fail(p, `rate limited (${type})`, 'rate-limited', type);
    if (/Parameter|Argument/i.test(type)) throw fail(p, `request refused (${type})`, 'bad-request', type);
    throw fail(p, `error answer (${type})`, 'bad-response', type);
  }
  if (!('documents' in body)) throw fail(p, 'no documents in answer');
  return dedupe(
    arrayAt(p, body.documents, 'documents').map((doc) => {
      if (!isObject(doc)) return null;
      const authors = splitPeople(doc.authors);
      const translators = splitPeople(doc.translators, { defaultRole: 'translator' });
      return finish(p, {
        isbn: pickIsbn(doc.isbn),
        ...splitTitle(doc.title),
        authors: authors.authors,
        translators: [...new Set([...authors.translators, ...translators.translators, ...translators.authors])],
        publisher: doc.publisher,
        pubDate: doc.datetime,
        priceKrw: doc.price,
        coverUrl: toHttpsUrl(doc.thumbnail),
        description: doc.contents,
        sourceUrl: toHttpsUrl(doc.url),
      });
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// 도서관 정보나루: {response:{docs:[{doc:{bookname, authors, isbn13, class_no, …}}] | detail:[{book:{…}}] | error}}

function data4libraryResponse(body: unknown): Json {
  const p = 'data4library';
  if (!isObject(body) || !isObject(body.response)) throw fail(p, 'answer has no response object');
  const response = body.response;
  if (response.error !== undefined && response.error !== null && response.error !== '') {
    const text = str(response.error) ?? JSON.stringify(response.error);
    if (/결과.*없|no (data|result)/i.test(text)) return { docs: [] };
    if (/인증|key|키/i.test(text)) throw fail(p, 'key refused', 'auth');
    if (/한도|초과|limit|exceed/i.test(text)) throw fail(p, 'daily limit reached', 'rate-limited');
    throw fail(p, 'error answer');
  }
  return response;
}

function data4libraryBook(doc: unknown): CatalogBook | null {
  const p = 'data4library';
  if (!isObject(doc)) return null;
  const { title, subtitle } = splitTitle(doc.bookname, { kormarc: true });
  return finish(p, {
    isbn: pickIsbn(doc.isbn13, doc.isbn),
    title,
    subtitle,
    ...splitPeople(doc.authors),
    publisher: doc.publisher,
    pubDate: doc.publication_date ?? doc.publication_year,
    kdc: doc.class_no,
    coverUrl: toHttpsUrl(doc.bookImageURL),
    description: doc.description,
    sourceUrl: toHttpsUrl(doc.bookDtlUrl),
  });
}

const unwrap = (entry: unknown, key: string): unknown => (isObject(entry) && key in entry ? entry[key] : entry);

function normalizeData4library(endpoint: string, body: unknown): CatalogBook[] {
  const p = 'data4library';
  const response = data4libraryResponse(body);
  if (/\/(libSrch|bookExist|libSrchByBook)$/.test(endpoint) && !('docs' in response)) {
    throw fail(p, `${endpoint} has no book records`, 'unsupported');
  }
  if (Array.isArray(response.detail)) return dedupe(response.detail.map((entry) => data4libraryBook(unwrap(entry, 'book'))));
  if (!('docs' in response) && !('numFound' in response) && !('resultNum' in response)) throw fail(p, 'no docs in answer');
  return dedupe(arrayAt(p, response.docs, 'docs').map((entry) => data4libraryBook(unwrap(entry, 'doc'))));
}

/** Loan counts from a `loanItemSrch` answer, by ISBN-13 (for "popular at libraries"). */
export function loanCounts(body: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  const response = data4libraryResponse(parseBody('data4library', body));
  for (const entry of Array.isArray(response.docs) ? response.docs : []) {
    const doc = unwrap(entry, 'doc');
    if (!isObject(doc)) continue;
    const isbn = pickIsbn(doc.isbn13);
    const count = toInt(doc.loan_count ?? doc.loanCnt);
    if (isbn && count !== null) counts.set(isbn.isbn13, count);
  }
  return counts;
}

/** `libSrch` → libraries (name, address, homepage). */
export function normalizeLibraries(body: unknown): Library[] {
  const response = data4libraryResponse(parseBody('data4library', body));
  if (!('libs' in response) && !('numFound' in response)) throw fail('data4library', 'no libs in answer');
  const out: Library[] = [];
  for (const entry of arrayAt('data4library', response.libs, 'libs')) {
    const lib = unwrap(entry, 'lib');
    if (!isObject(lib)) continue;
    const parsed = LibrarySchema.safeParse({
      libCode: str(lib.libCode)?.trim() ?? '',
      name: plainLine(lib.libName, 120) ?? '',
      address: plainLine(lib.address, 300),
      homepage: toHttpsUrl(lib.homepage),
    });
    if (parsed.success && !out.some((l) => l.libCode === parsed.data.libCode)) out.push(parsed.data);
  }
  return out;
}

/** `bookExist` → 대출가능 / 대출중 / 없음. */
export function normalizeAvailability(body: unknown): 'available' | 'on-loan' | 'not-held' {
  const response = data4libraryResponse(parseBody('data4library', body));
  const result = response.result;
  if (!isObject(result)) throw fail('data4library', 'no result in bookExist answer');
  const yes = (v: unknown) => v === 'Y' || v === 'y' || v === true;
  if (!yes(result.hasBook)) return 'not-held';
  return yes(result.loanAvailable) ? 'available' : 'on-loan';
}

// ---------------------------------------------------------------------------------------------------------
// Google Books: {totalItems, items:[{id, volumeInfo:{…}}]} or one volume; errors {error:{code, errors:[{reason}]}}

function googleVolume(item: unknown): CatalogBook | null {
  if (!isObject(item) || !isObject(item.volumeInfo)) return null;
  const info = item.volumeInfo;
  const ids = Array.isArray(info.industryIdentifiers) ? info.industryIdentifiers.filter(isObject) : [];
  const of = (type: string) => ids.filter((id) => id.type === type).map((id) => id.identifier);
  const images = isObject(info.imageLinks) ? info.imageLinks : {};
  const cover = toHttpsUrl(images.thumbnail ?? images.smallThumbnail);
  const categories = Array.isArray(info.categories) ? info.categories.filter((c): c is string => typeof c === 'string') : [];
  const hint = categories.map((c) => categoryFromStorePath(c)).find((c) => c !== 'other') ?? null;
  return finish('google-books', {
    isbn: pickIsbn(of('ISBN_13'), of('ISBN_10')),
    ...splitTitle(info.title),
    subtitle: plainLine(info.subtitle, CATALOG_LIMITS.subtitle),
    ...splitPeople(info.authors),
    publisher: info.publisher,
    pubDate: info.publishedDate,
    pages: info.pageCount,
    coverUrl: cover ? cover.replace(/&edge=curl/, '') : null,
    categoryHint: hint,
    description: info.description,
    sourceUrl: toHttpsUrl(info.infoLink ?? info.canonicalVolumeLink),
  });
}

function normalizeGoogleBooks(endpoint: string, body: unknown): CatalogBook[] {
  const p = 'google-books';
  if (!isObject(body)) throw fail(p, 'answer is not an object');
  if (isObject(body.error)) {
    const code = toInt(body.error.code) ?? 0;
    const reasons = Array.isArray(body.error.errors)
      ? body.error.errors.map((e) => (isObject(e) ? str(e.reason) : null)).filter(Boolean)
      : [];
    const singleVolume = /\/volumes\/[^/]+$/.test(endpoint);
    // An unknown volume id answers 503 backendFailed: that is "not found", not an outage.
    if (code === 404 || (singleVolume && reasons.includes('backendFailed'))) return [];
    if (reasons.some((r) => /keyInvalid|accessNotConfigured|forbidden/i.test(r ?? ''))) throw fail(p, 'key refused', 'auth');
    if (code === 429 || reasons.some((r) => /rateLimit|dailyLimit|quota/i.test(r ?? '')))
      throw fail(p, 'rate limited', 'rate-limited');
    if (code >= 500) throw fail(p, `unavailable (${code})`, 'unavailable');
    if (code === 400) throw fail(p, 'request refused', 'bad-request');
    throw fail(p, `error answer (${code})`);
  }
  if (body.kind === 'books#volume' || isObject(body.volumeInfo)) return dedupe([googleVolume(body)]);
  if (!('items' in body) && !('totalItems' in body)) throw fail(p, 'no items in answer');
  return dedupe(arrayAt(p, body.items, 'items').map(googleVolume));
}

// ---------------------------------------------------------------------------------------------------------
// Open Library: editions (/books/OL…M.json, /isbn/….json), /works/…/editions.json, /search.json, /api/books

const olText = (v: unknown): unknown => (isObject(v) ? v.value : v);
const olNames = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (isObject(x) ? str(x.name) : str(x))).filter((x): x is string => !!x) : [];
const olCover = (covers: unknown): string | null => {
  const id = Array.isArray(covers) ? covers.find((c) => typeof c === 'number' && c > 0) : null;
  return typeof id === 'number' ? `https://covers.openlibrary.org/b/id/${id}-M.jpg` : null;
};
const olLink = (key: unknown): string | null => {
  const k = str(key);
  return k?.startsWith('/') ? `https://openlibrary.org${k}` : null;
};

function olEdition(edition: unknown): CatalogBook | null {
  if (!isObject(edition)) return null;
  const ids = isObject(edition.identifiers) ? edition.identifiers : {};
  const cover = isObject(edition.cover) ? toHttpsUrl(edition.cover.medium ?? edition.cover.large) : olCover(edition.covers);
  return finish('open-library', {
    isbn: pickIsbn(edition.isbn_13, ids.isbn_13, edition.isbn_10, ids.isbn_10),
    ...splitTitle(edition.title),
    subtitle: plainLine(edition.subtitle, CATALOG_LIMITS.subtitle),
    ...splitPeople(olNames(edition.authors)),
    publisher: olNames(edition.publishers)[0],
    pubDate: edition.publish_date,
    pages: edition.number_of_pages ?? edition.pagination,
    coverUrl: cover,
    description: olText(edition.description),
    sourceUrl: toHttpsUrl(edition.url) ?? olLink(edition.key),
  });
}

function olSearchDoc(doc: unknown): CatalogBook | null {
  if (!isObject(doc)) return null;
  const coverId = toInt(doc.cover_i);
  return finish('open-library', {
    isbn: pickIsbn(doc.isbn),
    ...splitTitle(doc.title),
    subtitle: plainLine(doc.subtitle, CATALOG_LIMITS.subtitle),
    ...splitPeople(doc.author_name),
    publisher: Array.isArray(doc.publisher) ? doc.publisher[0] : doc.publisher,
    pubDate: doc.first_publish_year ?? (Array.isArray(doc.publish_date) ? doc.publish_date[0] : null),
    pages: doc.number_of_pages_median,
    coverUrl: coverId ? `https://covers.openlibrary.org/b/id/${coverId}-M.jpg` : null,
    sourceUrl: olLink(doc.key),
  });
}

function normalizeOpenLibrary(endpoint: string, body: unknown): CatalogBook[] {
  const p = 'open-library';
  if (!isObject(body)) throw fail(p, 'answer is not an object');
  if (body.error === 'notfound') return [];
  if (typeof body.error === 'string') throw fail(p, 'error answer');
  if (/\/search\.json$/.test(endpoint)) {
    if (!('docs' in body)) throw fail(p, 'no docs in answer');
    return dedupe(arrayAt(p, body.docs, 'docs').map(olSearchDoc));
  }
  if (/\/editions\.json$/.test(endpoint)) {
    if (!('entries' in body)) throw fail(p, 'no entries in answer');
    return dedupe(arrayAt(p, body.entries, 'entries').map(olEdition));
  }
  if (/\/api\/books$/.test(endpoint)) {
    // {"ISBN:9782070427796": {...}} — the key says which ISBN was asked, the record which one it has.
    return dedupe(
      Object.entries(body).map(([key, record]) => {
        const book = olEdition(record);
        if (book || !isObject(record)) return book;
        return olEdition({ ...record, isbn_13: [key.replace(/^ISBN:/i, '')] });
      }),
    );
  }
  if (/\/works\/[^/]+(\.json)?$/.test(endpoint) || (isObject(body.type) && body.type.key === '/type/work')) return [];
  if (/\/(books|isbn)\/[^/]+(\.json)?$/.test(endpoint) || (isObject(body.type) && body.type.key === '/type/edition')) {
    return dedupe([olEdition(body)]);
  }
  throw fail(p, `unknown endpoint ${endpoint}`, 'unsupported');
}

// ---------------------------------------------------------------------------------------------------------

export function normalizeResponse(provider: CatalogProviderId, endpoint: Endpoint, body: unknown): CatalogBook[] {
  const parsed = parseBody(provider, body);
  const path = pathOf(endpoint);
  switch (provider) {
    case 'nl-seoji':
      return normalizeSeoji(parsed);
    case 'nl-search':
      return normalizeNlSearch(parsed);
    case 'yes24':
      return normalizeYes24(parsed);
    case 'kakao':
      return normalizeKakao(parsed);
    case 'data4library':
      return normalizeData4library(path, parsed);
    case 'google-books':
      return normalizeGoogleBooks(path, parsed);
    case 'open-library':
      return normalizeOpenLibrary(path, parsed);
    default: {
      const never: never = provider;
      throw new Error(`unknown provider ${String(never)}`);
    }
  }
}
