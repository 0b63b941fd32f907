/**
 * The hand-written fixtures in ./fixtures (sites without a saved page): each site has a positive and
 * at least one negative (carousels with other ISBNs, search lists, non-book records, dead URLs).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DetectedBookSchema } from '../../shared/schemas/detected-book';
import { detectBook } from './index';
import { closeWindows, looselyIncludes, ownFixturesDir, parseHtml } from './test-support';

type Expect = {
  site: string;
  isbn13: string;
  title: string;
  authors?: string[];
  publisher?: string;
  pubDate?: string;
  pages?: number;
  kdc?: string;
  extractor?: string;
};
type Case = { file: string; url: string; expect: Expect | null };

const CASES: Case[] = [
  {
    file: 'interpark/detail.html',
    url: 'https://book.interpark.com/product/BookDisplay.do?_method=detail&sc.shopNo=0000400000&sc.prdNo=355581186',
    expect: {
      site: 'interpark',
      isbn13: '9788954682152',
      title: '작별하지 않는다',
      authors: ['한강'],
      pubDate: '2021-09-09',
      pages: 332,
      extractor: 'label',
    },
  },
  {
    file: 'interpark/carousel-only.html',
    url: 'https://book.interpark.com/product/BookDisplay.do?_method=detail&sc.prdNo=999',
    expect: null,
  },
  {
    file: 'interpark/detail.html',
    url: 'https://book.interpark.com/display/collectlist.do?_method=BestsellerHourNew201605&bestTp=1&dispNo=028',
    expect: null,
  },
  {
    file: 'nl-korea/search-detail.html',
    url: 'https://www.nl.go.kr/NL/contents/search.do?srchTarget=total&kwd=%EB%AF%B8%EA%B5%B0%EC%A0%95#viewKey=CNTS-00092958535&viewType=C&category=%EB%8F%84%EC%84%9C&pageIdx=1&jourId=',
    expect: {
      site: 'nl-korea',
      isbn13: '9788946034662',
      title: '미군정과 한국의 민주주의',
      authors: ['안진'],
      publisher: '한울',
      pubDate: '2005',
      pages: 436,
      kdc: '911.071',
      extractor: 'label',
    },
  },
  {
    file: 'nl-korea/thesis-detail.html',
    url: 'https://www.nl.go.kr/NL/contents/search.do?kwd=x#viewKey=CNTS-00082435719&viewType=C&pageIdx=19',
    expect: null,
  },
  {
    file: 'nl-korea/search-detail.html',
    url: 'https://www.nl.go.kr/NL/contents/search.do?srchTarget=total&kwd=%EB%AF%B8%EA%B5%B0%EC%A0%95',
    expect: null,
  },
  {
    file: 'nl-korea/seoji-detail.html',
    url: 'https://www.nl.go.kr/seoji/contents/S80100000000.do?schM=intgr_detail_view_isbn&isbn=9788936434267&cipId=',
    expect: {
      site: 'nl-korea',
      isbn13: '9788936434267',
      title: '아몬드',
      authors: ['손원평'],
      publisher: '창비',
      pubDate: '2017-03-31',
      pages: 264,
      extractor: 'url',
    },
  },
  {
    file: 'nl-korea/seoji-not-found.html',
    url: 'https://www.nl.go.kr/seoji/contents/S80100000000.do?schM=intgr_detail_view_isbn&isbn=9788936434267',
    expect: null,
  },
  {
    file: 'kolas-opac/detail.html',
    url: 'https://lib.sdm.or.kr/sdmlib/menu/10003/program/30001/searchResultDetail.do?bookKey=417869985&speciesKey=417869983&pubFormCode=BO',
    expect: {
      site: 'kolas-opac',
      isbn13: '9791161571188',
      title: '불편한 편의점',
      authors: ['김호연'],
      publisher: '나무옆의자',
      pubDate: '2021',
      pages: 267,
      kdc: '813.7',
      extractor: 'label',
    },
  },
  {
    file: 'kolas-opac/detail.html',
    url: 'https://lib.sdm.or.kr/sdmlib/menu/10003/program/30001/searchResultDetail.do?bookKey=417869985&speciesKey=417869983&isbn=9791161571188&pubFormCode=EB',
    expect: { site: 'kolas-opac', isbn13: '9791161571188', title: '불편한 편의점', extractor: 'url' },
  },
  {
    file: 'kolas-opac/no-record.html',
    url: 'https://www.splib.or.kr/spwlib/menu/10003/program/30001/plusSearchResultDetail.do?recKey=1&bookKey=2&isbn=9791161571188',
    expect: null,
  },
  {
    file: 'seoul-library/detail.html',
    url: 'https://lib.seoul.go.kr/search/detail/CAT000000890204',
    expect: {
      site: 'seoul-library',
      isbn13: '9788936434120',
      title: '소년이 온다',
      authors: ['한강'],
      publisher: '창비',
      pubDate: '2014',
      pages: 215,
      extractor: 'label',
    },
  },
  {
    file: 'seoul-library/search.html',
    url: 'https://lib.seoul.go.kr/search/tot/result?st=KWRD&si=TOTAL&q=%ED%95%9C%EA%B0%95',
    expect: null,
  },
  {
    file: 'data4library/detail.html',
    url: 'https://www.data4library.kr/bookV?seq=6382795',
    expect: {
      site: 'data4library',
      isbn13: '9788936433598',
      title: '채식주의자',
      authors: ['한강'],
      publisher: '창비',
      pubDate: '2007',
      kdc: '813.6',
      extractor: 'label',
    },
  },
  { file: 'data4library/no-isbn.html', url: 'https://www.data4library.kr/bookV?seq=1', expect: null },
  {
    file: 'goodreads/detail.html',
    url: 'https://www.goodreads.com/book/show/18467746-the-norm-chronicles',
    expect: {
      site: 'goodreads',
      isbn13: '9780465085705',
      title: 'The Norm Chronicles',
      authors: ['Michael Blastland', 'David Spiegelhalter'],
      pages: 368,
      extractor: 'json-ld',
    },
  },
  { file: 'goodreads/kindle-edition.html', url: 'https://www.goodreads.com/book/show/1-the-whole-truth', expect: null },
  { file: 'goodreads/detail.html', url: 'https://www.goodreads.com/search?q=norm', expect: null },
  {
    file: 'openlibrary/edition.html',
    url: 'https://openlibrary.org/books/OL13188011M/Borges',
    expect: {
      site: 'openlibrary',
      isbn13: '9788402103222',
      title: 'Borges',
      authors: ['Jorge Luis Borges'],
      publisher: 'Bruguera',
      pubDate: '1985',
      pages: 1200,
      extractor: 'label',
    },
  },
  { file: 'openlibrary/work-without-edition.html', url: 'https://openlibrary.org/works/OL2079360W/Boomerang', expect: null },
  { file: 'openlibrary/edition.html', url: 'http://openlibrary.org/search?q=borges', expect: null },
  {
    file: 'google-books/about.html',
    url: 'https://books.google.de/books/about/The_Cambridge_companion_to_electronic_mu.html?id=AJbdPZv1DjgC&redir_esc=y',
    expect: {
      site: 'google-books',
      isbn13: '9780521868617',
      title: 'The Cambridge Companion to Electronic Music',
      authors: ['Nick Collins'],
      publisher: 'Cambridge University Press',
      pubDate: '2007',
      pages: 302,
      extractor: 'label',
    },
  },
  { file: 'google-books/periodical.html', url: 'https://books.google.com/books?id=abcdEFGHijkC', expect: null },
  { file: 'google-books/about.html', url: 'https://www.google.com/search?tbo=p&tbm=bks&q=electronic+music', expect: null },
  {
    file: 'bookshop/detail.html',
    url: 'https://bookshop.org/p/books/crying-in-h-mart-a-memoir/9780525657743',
    expect: {
      site: 'bookshop',
      isbn13: '9780525657743',
      title: 'Crying in H Mart',
      authors: ['Michelle Zauner'],
      publisher: 'Knopf',
      pages: 256,
      extractor: 'url',
    },
  },
  { file: 'bookshop/not-found.html', url: 'https://bookshop.org/p/books/gone/9780525657743', expect: null },
  { file: 'bookshop/detail.html', url: 'https://bookshop.org/books?keywords=h+mart', expect: null },
  // Issue 13 regressions: the two unseen pages the detector missed.
  {
    file: 'regressions/yes24-cover-box-area.html',
    url: 'https://www.yes24.com/Product/Goods/37300128',
    expect: {
      site: 'yes24',
      isbn13: '9788936434267',
      title: '아몬드',
      authors: ['손원평'],
      pubDate: '2017-03-31',
      pages: 264,
      extractor: 'label',
    },
  },
  {
    file: 'regressions/kolas-opac-heading.html',
    url: 'https://lib.example.go.kr/mylib/menu/10003/program/30001/searchResultDetail.do?recKey=987654321&bookKey=987654322&publishFormCode=BO',
    expect: {
      site: 'kolas-opac',
      isbn13: '9788936434267',
      title: '아몬드',
      authors: ['손원평'],
      publisher: '창비',
      pubDate: '2017',
      pages: 264,
      kdc: '813.7',
      extractor: 'label',
    },
  },
];

describe('hand-written site fixtures', () => {
  afterAll(closeWindows);

  it.each(CASES.map((c) => [`${c.file} @ ${c.url.slice(0, 90)}`, c] as const))('%s', (_name, c) => {
    const html = readFileSync(path.join(ownFixturesDir, c.file), 'utf8');
    const book = detectBook(parseHtml(html, c.url), c.url);
    if (c.expect === null) {
      expect(book).toBeNull();
      return;
    }
    expect(book).not.toBeNull();
    if (!book) return;
    expect(() => DetectedBookSchema.parse(book)).not.toThrow();
    const e = c.expect;
    expect(book.site).toBe(e.site);
    expect(book.isbn13).toBe(e.isbn13);
    expect(looselyIncludes(book.title, e.title), `${book.title} ~ ${e.title}`).toBe(true);
    for (const author of e.authors ?? []) expect(book.authors, author).toContain(author);
    if (e.publisher) expect(looselyIncludes(book.publisher ?? '', e.publisher), book.publisher).toBe(true);
    if (e.pubDate) expect(book.pubDate).toBe(e.pubDate);
    if (e.pages) expect(book.pages).toBe(e.pages);
    if (e.kdc) expect(book.kdc).toBe(e.kdc);
    if (e.extractor) expect(book.extractor).toBe(e.extractor);
  });

  it('covers every site without a saved page, each with a positive and a negative', () => {
    for (const site of [
      'interpark',
      'nl-korea',
      'kolas-opac',
      'seoul-library',
      'data4library',
      'goodreads',
      'openlibrary',
      'google-books',
      'bookshop',
    ]) {
      const mine = CASES.filter((c) => c.file.startsWith(`${site}/`));
      expect(
        mine.some((c) => c.expect !== null),
        site,
      ).toBe(true);
      expect(
        mine.some((c) => c.expect === null),
        site,
      ).toBe(true);
    }
  });
});
