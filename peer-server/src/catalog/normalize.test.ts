import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CatalogBookSchema, type CatalogProviderId } from '../../../shared/schemas/catalog';
import { CatalogUpstreamError } from './errors';
import { loanCounts, normalizeAvailability, normalizeLibraries, normalizeResponse, pickIsbn, splitTitle } from './normalize';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesDir = process.env.BOOK_API_FIXTURES_DIR ?? path.resolve(repoRoot, '../shared/fixtures/book-apis');
const haveFixtures = existsSync(fixturesDir);
if (!haveFixtures) console.warn(`[normalize.test] ${fixturesDir} not found: tests against the recorded responses skipped`);
const raw = (file: string) => readFileSync(path.join(fixturesDir, file), 'utf8');

function expectError(fn: () => unknown, kind: CatalogUpstreamError['kind']) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogUpstreamError);
    expect((error as CatalogUpstreamError).kind).toBe(kind);
    return;
  }
  throw new Error(`expected a ${kind} error`);
}

describe.skipIf(!haveFixtures)('recorded responses (../shared/fixtures/book-apis)', () => {
  it('nl-seoji: strings as numbers, "803 p." pages, "A,B 지음 ;C 옮김", KDC, http cover upgraded', () => {
    const books = normalizeResponse('nl-seoji', '/seoji/SearchApi.do', raw('nl-seoji/manicule-title-kotlin-in-action.json'));
    expect(books).toHaveLength(2);
    const [first, second] = books;
    expect(first).toMatchObject({
      isbn13: '9791161759692',
      isbn10: null,
      title: 'Kotlin in action 2/e',
      authors: ['세바스티안 아이그너', '로만 엘리자로프', '스베트라나 이사코바', '드미트리 제메로프'],
      translators: ['오현석'],
      publisher: '에이콘출판사',
      pubDate: '2025-02-27',
      pages: 803,
      priceKrw: 48000,
      kdc: null,
      category: 'other',
      coverUrl: 'https://www.nl.go.kr/seoji/fu/ecip/dbfiles/CIP_FILES_TBL/2025/02/9791161759692.jpg',
      source: { provider: 'nl-seoji' },
    });
    expect(first?.description).toContain('개정판');
    expect(second).toMatchObject({
      isbn13: '9791161750712',
      pages: 574,
      priceKrw: 36000,
      kdc: '005.133',
      category: 'tech-it',
      pubDate: '2017-10-31',
    });
    expect(second?.coverUrl).toMatch(/^https:\/\/www\.nl\.go\.kr\//);
    for (const book of books) expect(CatalogBookSchema.safeParse(book).success).toBe(true);
  });

  it('nl-seoji: the empty answer is []', () => {
    expect(normalizeResponse('nl-seoji', '/seoji/SearchApi.do', raw('nl-seoji/manicule-empty.json'))).toEqual([]);
  });

  it('kakao: "ISBN10 ISBN13" in one field → the 13 wins (979 books have no ISBN-10); editions kept apart by ISBN', () => {
    const books = normalizeResponse('kakao', '/v3/search/book', raw('kakao/noonatimes03-documents-query-do-it.json'));
    expect(books).toHaveLength(10);
    expect(books[0]).toMatchObject({
      isbn13: '9791197015298',
      isbn10: null,
      title: 'DO IT 두잇',
      authors: ['데이비드 차'],
      pubDate: '2023-02-13',
      priceKrw: 20000,
    });
    // "118861214X 9791188612147": the X-ending pseudo ISBN-10 does not become the record's ISBN.
    expect(books.map((b) => b.isbn13)).toContain('9791188612147');
    expect(books.find((b) => b.isbn13 === '9788997390915')?.isbn10).toBe('8997390910');
    expect(books.filter((b) => b.title === 'Do it! 점프 투 파이썬')).toHaveLength(3);
    for (const book of books) {
      expect(book.coverUrl).toMatch(/^https:\/\/search1\.kakaocdn\.net\//);
      expect(book.source.url).toMatch(/^https:\/\/search\.daum\.net\//);
      expect(CatalogBookSchema.safeParse(book).success).toBe(true);
    }
  });

  it('google-books: a BOM at the start, identifiers in either order, a timestamp date, pageCount 0', () => {
    const text = raw('googlebooks/jellyfin-search-children-of-time-2015.json');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const books = normalizeResponse('google-books', '/books/v1/volumes', text);
    expect(books.map((b) => [b.isbn13, b.isbn10])).toEqual([
      ['9780316452502', '0316452505'],
      ['9782072853319', '2072853311'],
    ]);
    expect(books[0]).toMatchObject({
      title: 'Children of Time',
      authors: ['Adrian Tchaikovsky'],
      pages: null,
      category: 'novel',
    });
    expect(books[1]?.pubDate).toBe('2019-10-03');
    const single = normalizeResponse(
      'google-books',
      '/books/v1/volumes/G7utDwAAQBAJ',
      raw('googlebooks/jellyfin-volume-G7utDwAAQBAJ.json'),
    );
    expect(single[0]).toMatchObject({ isbn13: '9782072853319', pubDate: '2019-10-03', publisher: 'Editions Gallimard' });
  });

  it('google-books: the single volume description is HTML → plain text', () => {
    const [book] = normalizeResponse(
      'google-books',
      '/books/v1/volumes/49T5twEACAAJ',
      raw('googlebooks/jellyfin-volume-49T5twEACAAJ.json'),
    );
    expect(book?.description).toMatch(/^Adrian Tchaikovksy's award-winning novel Children of Time, is/);
    expect(book?.description).not.toMatch(/<|&lt;|\\u003c/);
    expect(book?.coverUrl).toMatch(/^https:\/\/books\.google\.com\//);
  });

  it('keeps covers only from known book-image hosts (a tracking pixel elsewhere becomes the placeholder)', () => {
    const doc = (thumbnail: string) => ({ documents: [{ title: 'x', isbn: '9788936434267', thumbnail }] });
    expect(normalizeResponse('kakao', '/v3/search/book', doc('https://tracker.example/p.gif'))[0]?.coverUrl).toBeNull();
    expect(normalizeResponse('kakao', '/v3/search/book', doc('http://search1.kakaocdn.net/thumb/x.jpg'))[0]?.coverUrl).toBe(
      'https://search1.kakaocdn.net/thumb/x.jpg',
    );
  });

  it('google-books: the 503 backendFailed body for an unknown volume id reads as not found', () => {
    expect(
      normalizeResponse(
        'google-books',
        '/books/v1/volumes/49T55wEACAA',
        raw('googlebooks/jellyfin-error-503-invalid-volume-id.json'),
      ),
    ).toEqual([]);
    // …but on the search endpoint the same body is an outage.
    expectError(
      () => normalizeResponse('google-books', '/books/v1/volumes', raw('googlebooks/jellyfin-error-503-invalid-volume-id.json')),
      'unavailable',
    );
  });

  it('open-library: an edition with only ISBN-10s is converted; a work has no ISBN', () => {
    const [sabriel] = normalizeResponse('open-library', '/books/OL22951843M.json', raw('openlibrary/bookwyrm-ol_edition.json'));
    expect(sabriel).toMatchObject({
      isbn13: '9780060273224',
      isbn10: '0060273224',
      title: 'Sabriel',
      publisher: 'Harper Trophy',
      pubDate: '1996',
      pages: 491,
    });
    expect(sabriel?.description).toContain('Abhorsen');
    expect(normalizeResponse('open-library', '/works/OL15832982W.json', raw('openlibrary/bookwyrm-ol_work.json'))).toEqual([]);
    const [stars] = normalizeResponse(
      'open-library',
      '/books/OL36884359M.json',
      raw('openlibrary/bookwyrm-ol_edition_markdown.json'),
    );
    expect(stars).toMatchObject({ isbn13: '9781943899159', isbn10: '1943899150' });
  });

  it('open-library: api/books keyed by ISBN with only an ISBN-10 ending in X', () => {
    const [book] = normalizeResponse('open-library', '/api/books', raw('openlibrary/bookwyrm-ol_isbn_search.json'));
    expect(book).toMatchObject({
      isbn13: '9782070427796',
      isbn10: '207042779X',
      title: 'Les ombres errantes',
      authors: ['Pascal Quignard'],
      publisher: 'Gallimard',
    });
  });

  it('open-library: search.json docs (works) and a work’s editions (records without ISBN left out)', () => {
    const [found] = normalizeResponse('open-library', '/search.json', raw('openlibrary/bookwyrm-ol_search.json'));
    expect(found).toMatchObject({ isbn13: '9781534431003', authors: ['Amal El-Mohtar', 'Max Gladstone'], pubDate: '2019' });
    const editions = normalizeResponse(
      'open-library',
      '/works/OL15832982W/editions.json',
      raw('openlibrary/bookwyrm-ol_edition_list.json'),
    );
    const listed = (JSON.parse(raw('openlibrary/bookwyrm-ol_edition_list.json')) as { entries: unknown[] }).entries.length;
    expect(editions.length).toBeGreaterThan(0);
    expect(editions.length).toBeLessThan(listed);
    expect(new Set(editions.map((b) => b.isbn13)).size).toBe(editions.length);
  });
});

const yes24Item = (over: Record<string, unknown> = {}) => ({
  sortOrder: 1,
  itemId: 123,
  title: ' <b>소년이 온다</b> ',
  author: '한강 저',
  goodsType: '도서',
  goodsSortNm: '국내도서',
  adultYn: 'N',
  publisher: '창비',
  isbn10: '',
  isbn13: '9788936434120',
  shopPrice: 15000,
  salePrice: 13500,
  publishDate: '2014-05-19',
  itemStatus: '정상판매',
  cover: 'http://image.yes24.com/goods/123/XL',
  link: 'https://www.yes24.com/product/goods/123',
  ...over,
});
const yes24List = (items: unknown[]) => ({
  success: true,
  message: '성공',
  errorCode: null,
  data: { meta: {}, items, currentPage: 1, pageSize: 20, totalCount: items.length },
});

describe('yes24 (documented envelope, hand-made)', () => {
  it('reads items: markup-free trimmed title, author roles, price, https cover, YES24 product link', () => {
    const [book] = normalizeResponse(
      'yes24',
      '/v1/goods/itemList',
      yes24List([yes24Item({ author: '한강 저/데버라 스미스 역' })]),
    );
    expect(book).toMatchObject({
      isbn13: '9788936434120',
      title: '소년이 온다',
      authors: ['한강'],
      translators: ['데버라 스미스'],
      priceKrw: 15000,
      pubDate: '2014-05-19',
      coverUrl: 'https://image.yes24.com/goods/123/XL',
      source: { provider: 'yes24', url: 'https://www.yes24.com/product/goods/123' },
    });
    expect(book?.storeLinks.yes24).toBe('https://www.yes24.com/product/goods/123');
    expect(book?.storeLinks.kyobo).toContain('9788936434120');
  });

  it('reads the detail shape (data.data) with pages and subtitle', () => {
    const detail = {
      success: true,
      message: '성공',
      errorCode: null,
      data: { meta: {}, data: yes24Item({ pages: 216, subTitle: '한강 장편소설', publishDate: '20140519' }) },
    };
    expect(normalizeResponse('yes24', '/v1/goods/itemDetail', detail)[0]).toMatchObject({
      pages: 216,
      subtitle: '한강 장편소설',
      pubDate: '2014-05-19',
    });
  });

  it('no-results codes are [] (HTTP 404 body or success:false on 200)', () => {
    for (const code of ['SEARCH_001', 'BEST_001', 'CATEGORY_001', 'NEW_001', 'GOODS_002']) {
      expect(
        normalizeResponse('yes24', '/v1/goods/itemList', {
          success: false,
          errorCode: code,
          message: '검색 결과가 없습니다.',
          data: null,
        }),
      ).toEqual([]);
    }
    expect(normalizeResponse('yes24', '/v1/goods/itemList', yes24List([]))).toEqual([]);
  });

  it('error codes are typed errors', () => {
    const env = (errorCode: string) => ({ success: false, errorCode, message: 'x', data: null });
    expectError(() => normalizeResponse('yes24', '/v1/goods/itemList', env('AUTH_001')), 'auth');
    expectError(() => normalizeResponse('yes24', '/v1/goods/itemList', env('RATE_001')), 'rate-limited');
    expectError(() => normalizeResponse('yes24', '/v1/goods/itemList', env('PARAM_003')), 'bad-request');
    expectError(() => normalizeResponse('yes24', '/v1/goods/itemList', env('INTERNAL_ERROR')), 'unavailable');
    expectError(() => normalizeResponse('yes24', '/v1/goods/itemList', env('WHAT_999')), 'bad-response');
    expectError(() => normalizeResponse('yes24', '/v1/goods/itemList', { items: [] }), 'bad-response');
    expectError(() => normalizeResponse('yes24', '/v1/goods/itemList', { success: true, data: { nothing: 1 } }), 'bad-response');
  });

  it('box sets without isbn13 and records without any ISBN are left out; an ISBN-10 alone is converted', () => {
    const books = normalizeResponse(
      'yes24',
      '/v1/category/bestseller',
      yes24List([
        yes24Item({ isbn13: '', isbn10: '' }),
        yes24Item({ isbn13: '', isbn10: '8936434268', itemId: 2 }),
        yes24Item({ isbn13: '9788936434121' }),
      ]),
    );
    expect(books.map((b) => [b.isbn13, b.isbn10])).toEqual([['9788936434267', '8936434268']]);
  });
});

describe('hand-made edge cases for every provider', () => {
  const providers: [CatalogProviderId, string][] = [
    ['nl-seoji', '/seoji/SearchApi.do'],
    ['nl-search', '/NL/search/openApi/search.do'],
    ['yes24', '/v1/goods/itemList'],
    ['kakao', '/v3/search/book'],
    ['data4library', '/api/srchBooks'],
    ['google-books', '/books/v1/volumes'],
    ['open-library', '/search.json'],
  ];

  it.each(providers)(
    '%s: malformed JSON, an empty body and a non-object are typed errors, never a crash',
    (provider, endpoint) => {
      expectError(() => normalizeResponse(provider, endpoint, '{"docs": [ '), 'bad-response');
      expectError(() => normalizeResponse(provider, endpoint, ''), 'bad-response');
      expectError(() => normalizeResponse(provider, endpoint, '<html>502 Bad Gateway</html>'), 'bad-response');
      expectError(() => normalizeResponse(provider, endpoint, [1, 2]), 'bad-response');
      expectError(() => normalizeResponse(provider, endpoint, null), 'bad-response');
    },
  );

  it.each(providers)('%s: a BOM before the JSON text is fine', (provider, endpoint) => {
    const empty: Record<CatalogProviderId, unknown> = {
      'nl-seoji': { TOTAL_COUNT: '0', PAGE_NO: '1', docs: [] },
      'nl-search': { total: '0', result: [] },
      yes24: yes24List([]),
      kakao: { meta: { total_count: 0, pageable_count: 0, is_end: true }, documents: [] },
      data4library: { response: { numFound: 0, docs: [] } },
      'google-books': { kind: 'books#volumes', totalItems: 0 },
      'open-library': { numFound: 0, docs: [] },
    };
    expect(normalizeResponse(provider, endpoint, `\ufeff${JSON.stringify(empty[provider])}`)).toEqual([]);
  });

  it('nl-seoji: error answers (bad key) are typed; HTML in fields becomes text; a record without ISBN is left out', () => {
    expectError(
      () =>
        normalizeResponse('nl-seoji', '/seoji/SearchApi.do', {
          RESULT: 'ERROR',
          ERR_CODE: '011',
          ERR_MESSAGE: '인증키 정보가 없습니다.',
        }),
      'auth',
    );
    expectError(
      () =>
        normalizeResponse('nl-seoji', '/seoji/SearchApi.do', { RESULT: 'ERROR', ERR_CODE: '000', ERR_MESSAGE: '시스템 오류' }),
      'bad-response',
    );
    const books = normalizeResponse('nl-seoji', '/seoji/SearchApi.do', {
      TOTAL_COUNT: '2',
      docs: [
        { EA_ISBN: '', TITLE: '번호 없는 책', AUTHOR: 'A 지음' },
        {
          EA_ISBN: '978-89-364-3426-7',
          TITLE: '채식주의자 :한강 연작소설 ',
          AUTHOR: '한강 지음',
          KDC: '813.7',
          PAGE: '247 p.',
          PRE_PRICE: '15,000',
          BOOK_INTRODUCTION: '<p>첫 문단</p><p>둘째 &amp; 셋째</p>',
        },
      ],
    });
    expect(books).toHaveLength(1);
    expect(books[0]).toMatchObject({
      isbn13: '9788936434267',
      isbn10: '8936434268',
      title: '채식주의자',
      subtitle: '한강 연작소설',
      category: 'novel',
      pages: 247,
      priceKrw: 15000,
      description: '첫 문단\n둘째 & 셋째',
    });
  });

  it('nl-search: KORMARC title, several ISBNs in one field, relative cover and link, non-book items skipped', () => {
    const books = normalizeResponse('nl-search', '/NL/search/openApi/search.do', {
      total: '1,856',
      result: [
        {
          titleInfo: '<span class="searching_txt">채식</span>주의자 : 한강 연작소설 / 한강 지음',
          authorInfo: '한강 지음',
          pubInfo: '창비',
          pubYearInfo: '2007',
          isbn: '9788936433598 9788936434267',
          kdcCode1s: '813.6',
          typeCode: 'B1',
          imageUrl: 'kolis/2007/KMO200734572_thumbnail.jpg',
          detailLink: '/NL/contents/search.do#viewKey=73389294&viewType=AH1',
        },
        { titleInfo: '온라인 자료', isbn: '', typeCode: 'D1' },
        { titleInfo: '지도', isbn: '9788936434267', typeCode: 'M1' },
      ],
    });
    expect(books).toHaveLength(1);
    expect(books[0]).toMatchObject({
      isbn13: '9788936433598',
      title: '채식주의자',
      subtitle: '한강 연작소설',
      authors: ['한강'],
      pubDate: '2007',
      kdc: '813.6',
      category: 'novel',
      coverUrl: 'https://cover.nl.go.kr/kolis/2007/KMO200734572_thumbnail.jpg',
      source: { url: 'https://www.nl.go.kr/NL/contents/search.do#viewKey=73389294&viewType=AH1' },
    });
  });

  it('kakao: an error body is typed; missing ISBNs are left out; ISBN-10 only is converted', () => {
    expectError(
      () => normalizeResponse('kakao', '/v3/search/book', { errorType: 'AccessDeniedError', message: 'cannot find appKey' }),
      'auth',
    );
    expectError(
      () => normalizeResponse('kakao', '/v3/search/book', { errorType: 'MissingParameter', message: 'query' }),
      'bad-request',
    );
    const books = normalizeResponse('kakao', '/v3/search/book', {
      meta: { total_count: 3 },
      documents: [
        { title: 'no isbn', isbn: '', authors: ['A'] },
        { title: ' 10 only ', isbn: '8936434268 ', authors: ['한강'], translators: ['Deborah Smith'], price: 0, datetime: '' },
        { title: '', isbn: '9788936434267', authors: [] },
      ],
    });
    expect(books).toEqual([
      expect.objectContaining({
        isbn13: '9788936434267',
        isbn10: '8936434268',
        title: '10 only',
        translators: ['Deborah Smith'],
        priceKrw: null,
        pubDate: null,
      }),
    ]);
  });

  it('data4library: srchBooks docs wrapped in {doc}, loan counts as strings, srchDtlList detail, errors', () => {
    const body = {
      response: {
        numFound: 2,
        docs: [
          {
            doc: {
              bookname: '엄마를 부탁해 :신경숙 장편소설 ',
              authors: '지은이: 신경숙',
              publisher: '창비',
              publication_year: '2008',
              isbn13: '9788936433673',
              vol: '',
              bookImageURL: 'http://image.aladin.co.kr/product/x.jpg',
              bookDtlUrl: 'https://data4library.kr/bookV?seq=2271872',
              loan_count: '277828',
              class_no: '813.6',
            },
          },
          { doc: { bookname: '번호 없음', isbn13: '' } },
        ],
      },
    };
    const books = normalizeResponse('data4library', '/api/loanItemSrch', body);
    expect(books).toEqual([
      expect.objectContaining({
        isbn13: '9788936433673',
        title: '엄마를 부탁해',
        subtitle: '신경숙 장편소설',
        authors: ['신경숙'],
        category: 'novel',
        coverUrl: 'https://image.aladin.co.kr/product/x.jpg',
      }),
    ]);
    expect(loanCounts(body).get('9788936433673')).toBe(277828);
    const detail = normalizeResponse('data4library', '/api/srchDtlList', {
      response: {
        detail: [
          {
            book: {
              bookname: '소년이 온다',
              isbn13: '9788936434120',
              authors: '한강 지음',
              description: '&lt;b&gt;1980년&lt;/b&gt; 5월',
            },
          },
        ],
      },
    });
    expect(detail[0]).toMatchObject({ isbn13: '9788936434120', description: '1980년 5월' });
    expectError(
      () => normalizeResponse('data4library', '/api/srchBooks', { response: { error: '유효하지 않은 인증키 입니다.' } }),
      'auth',
    );
    expectError(
      () => normalizeResponse('data4library', '/api/srchBooks', { response: { error: '일일 호출 한도를 초과했습니다.' } }),
      'rate-limited',
    );
    expectError(() => normalizeResponse('data4library', '/api/srchBooks', { docs: [] }), 'bad-response');
  });

  it('data4library: libraries and availability', () => {
    expect(
      normalizeLibraries({
        response: {
          numFound: 2,
          libs: [
            {
              lib: {
                libCode: '111001',
                libName: '강남구립도서관',
                address: '서울특별시 강남구',
                homepage: 'http://lib.gangnam.go.kr',
              },
            },
            { lib: { libCode: '', libName: '코드 없음' } },
          ],
        },
      }),
    ).toEqual([
      { libCode: '111001', name: '강남구립도서관', address: '서울특별시 강남구', homepage: 'https://lib.gangnam.go.kr/' },
    ]);
    const exist = (hasBook: string, loanAvailable: string) => ({ response: { result: { hasBook, loanAvailable } } });
    expect(normalizeAvailability(exist('Y', 'Y'))).toBe('available');
    expect(normalizeAvailability(exist('Y', 'N'))).toBe('on-loan');
    expect(normalizeAvailability(exist('N', 'N'))).toBe('not-held');
    expectError(() => normalizeAvailability({ response: {} }), 'bad-response');
    expectError(() => normalizeLibraries('not json'), 'bad-response');
  });

  it('google-books: key and quota errors are typed; subtitle and https thumbnail', () => {
    expectError(
      () => normalizeResponse('google-books', '/books/v1/volumes', { error: { code: 400, errors: [{ reason: 'keyInvalid' }] } }),
      'auth',
    );
    expectError(
      () =>
        normalizeResponse('google-books', '/books/v1/volumes', {
          error: { code: 429, errors: [{ reason: 'rateLimitExceeded' }] },
        }),
      'rate-limited',
    );
    const [book] = normalizeResponse('google-books', '/books/v1/volumes', {
      totalItems: 1,
      items: [
        {
          volumeInfo: {
            title: 'Dune',
            subtitle: 'Deluxe',
            industryIdentifiers: [{ type: 'ISBN_10', identifier: '0441013597' }],
            imageLinks: { thumbnail: 'http://books.google.com/books/content?id=x&zoom=1&edge=curl' },
          },
        },
      ],
    });
    expect(book).toMatchObject({
      isbn13: '9780441013593',
      isbn10: '0441013597',
      subtitle: 'Deluxe',
      coverUrl: 'https://books.google.com/books/content?id=x&zoom=1',
    });
  });

  it('open-library: notfound is [], an unknown endpoint is a typed error', () => {
    expect(
      normalizeResponse('open-library', '/isbn/9780000000000.json', { error: 'notfound', key: '/isbn/9780000000000' }),
    ).toEqual([]);
    expectError(() => normalizeResponse('open-library', '/authors/OL1A.json', { name: 'x' }), 'unsupported');
  });

  it('caps long fields instead of failing', () => {
    const [book] = normalizeResponse('kakao', '/v3/search/book', {
      documents: [
        {
          title: 'T'.repeat(1000),
          isbn: '9788936434267',
          authors: Array.from({ length: 40 }, (_, i) => `작가${i}`),
          contents: 'x'.repeat(10_000),
          publisher: 'P'.repeat(500),
        },
      ],
    });
    expect(book?.title.length).toBeLessThanOrEqual(300);
    expect(book?.authors).toHaveLength(12);
    expect(book?.description?.length).toBeLessThanOrEqual(2000);
    expect(CatalogBookSchema.safeParse(book).success).toBe(true);
  });
});

describe('seams', () => {
  it('pickIsbn prefers a 13-digit number over a converted ISBN-10', () => {
    expect(pickIsbn('1197015299 9791197015298')).toEqual({ isbn13: '9791197015298', isbn10: null });
    expect(pickIsbn(['0060273224', '9780060273224'])).toEqual({ isbn13: '9780060273224', isbn10: '0060273224' });
    expect(pickIsbn('207042779X')).toEqual({ isbn13: '9782070427796', isbn10: '207042779X' });
    expect(pickIsbn('', null, 'none')).toBeNull();
  });

  it('splitTitle cuts KORMARC punctuation only when asked', () => {
    expect(splitTitle('엄마를 부탁해 :신경숙 장편소설 ', { kormarc: true })).toEqual({
      title: '엄마를 부탁해',
      subtitle: '신경숙 장편소설',
    });
    expect(splitTitle('Kotlin in action 2/e', { kormarc: true })).toEqual({ title: 'Kotlin in action 2/e', subtitle: null });
    expect(splitTitle('스위프트로 아이폰 앱 만들기: 입문')).toEqual({
      title: '스위프트로 아이폰 앱 만들기: 입문',
      subtitle: null,
    });
  });
});
