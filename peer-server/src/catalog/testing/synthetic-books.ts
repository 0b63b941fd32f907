import { CATALOG_CATEGORIES, type InterestId } from '../../../../shared/catalog-categories';
import { CATEGORIES, INTEREST_IDS } from '../../../../shared/categories';

/**
 * SYNTHETIC records for the fake upstream's YES24, data4library and NL collection-search routes: those
 * sources have no public recording (see the READMEs in ../shared/fixtures/book-apis), so the fake answers in their
 * documented envelopes with these made-up books. ISBNs are checksum-valid 979-11-99xxx numbers; titles say
 * they are test books. Never used outside tests, the e2e stage and the benchmark.
 */
export type SyntheticBook = {
  isbn13: string;
  title: string;
  author: string;
  publisher: string;
  publishDate: string;
  pages: number;
  price: number;
  category: InterestId;
  kdc: string;
  yes24CategoryId: string;
};

function isbn13(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return first12 + String((10 - (sum % 10)) % 10);
}

function kdcFor(interest: InterestId): string {
  const first = CATALOG_CATEGORIES[interest].kdc[0];
  const [whole = '0', decimals] = first.split('.');
  return whole.padEnd(3, '0') + (decimals ? `.${decimals}` : '');
}

/** Three books per interest category: 54 books, newest first within a category. */
export const SYNTHETIC_BOOKS: readonly SyntheticBook[] = INTEREST_IDS.flatMap((interest, i) => {
  const label = CATEGORIES.find((c) => c.id === interest)?.ko ?? interest;
  return [0, 1, 2].map((n) => {
    const serial = String(i * 3 + n).padStart(3, '0');
    return {
      isbn13: isbn13(`97911990${serial}0`.slice(0, 12)),
      title: `테스트 ${label} ${n + 1}권`,
      author: n === 2 ? `가상 작가${i} 저/가상 번역가${i} 역` : `가상 작가${i} 저`,
      publisher: '테스트출판',
      publishDate: `2026-${String(11 - n).padStart(2, '0')}-${String(10 + i).padStart(2, '0')}`,
      pages: 180 + i * 10 + n,
      price: 12_000 + n * 4_000 + i * 100,
      category: interest,
      kdc: kdcFor(interest),
      yes24CategoryId: CATALOG_CATEGORIES[interest].yes24[0],
    };
  });
});

export function yes24Item(book: SyntheticBook, order: number) {
  return {
    sortOrder: order,
    itemId: 900_000 + order,
    title: book.title,
    subTitle: '',
    author: book.author,
    goodsType: '도서',
    goodsSortNm: '국내도서',
    adultYn: 'N',
    publisher: book.publisher,
    isbn10: '',
    isbn13: book.isbn13,
    shopPrice: book.price,
    salePrice: Math.round(book.price * 0.9),
    publishDate: book.publishDate,
    itemStatus: '정상판매',
    pages: book.pages,
    // No cover: a made-up URL on a real image host would send browsers in e2e runs to the internet.
    cover: '',
    link: `https://www.yes24.com/product/goods/${900_000 + order}`,
    upDown: null,
    contentDetail: null,
  };
}

export function data4libraryDoc(book: SyntheticBook, rank: number) {
  return {
    doc: {
      no: rank,
      ranking: String(rank),
      bookname: `${book.title} :테스트용 `,
      authors: `지은이: ${book.author.replace(/ 저.*$/, '')}`,
      publisher: book.publisher,
      publication_year: book.publishDate.slice(0, 4),
      isbn13: book.isbn13,
      addition_symbol: '03810',
      vol: '',
      class_no: book.kdc,
      class_nm: '',
      loan_count: String(1000 - rank * 7),
      bookImageURL: '',
      bookDtlUrl: `https://data4library.kr/bookV?seq=${rank}`,
    },
  };
}

export function nlSearchRecord(book: SyntheticBook) {
  return {
    titleInfo: `${book.title} / ${book.author.replace(/ 저.*$/, '')} 지음`,
    typeName: '도서',
    authorInfo: `${book.author.replace(/ 저.*$/, '')} 지음`,
    pubInfo: book.publisher,
    pubYearInfo: book.publishDate.replace(/-/g, ''),
    isbn: book.isbn13,
    kdcCode1s: book.kdc,
    typeCode: 'B1',
    imageUrl: '',
    detailLink: `/NL/contents/search.do#viewKey=${book.isbn13}`,
  };
}

export const SYNTHETIC_LIBRARIES = [
  { libCode: '111001', libName: '테스트 중앙도서관', address: '서울특별시 테스트구 1', homepage: 'http://lib1.test' },
  { libCode: '111002', libName: '테스트 구립도서관', address: '서울특별시 테스트구 2', homepage: 'http://lib2.test' },
  { libCode: '111003', libName: '테스트 작은도서관', address: '서울특별시 테스트구 3', homepage: '' },
] as const;
