import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog';
import { ManualClock } from './clock';
import { loadCatalogConfig } from './config';
import { ClubPopularity, catalogBookFromRecord, LocalBookIndex, searchKey } from './local-index';

const record = (isbn13: string, title: string, extra: Record<string, unknown> = {}) => ({
  isbn13,
  title,
  authors: ['한강'],
  category: 'novel' as const,
  publisher: '창비',
  ...extra,
});

describe('catalogBookFromRecord', () => {
  it('turns a books/ record into our own CatalogBook', () => {
    const book = catalogBookFromRecord(
      record('9788936434267', ' 채식주의자 ', { coverUrl: 'https://image.aladin.co.kr/x.jpg', pages: 247, pubDate: '2007-10' }),
    );
    expect(book).toMatchObject({
      isbn13: '9788936434267',
      isbn10: '8936434268',
      title: '채식주의자',
      pages: 247,
      pubDate: '2007-10',
      coverUrl: 'https://image.aladin.co.kr/x.jpg',
      source: { provider: 'chaekbang' },
    });
    expect(book?.storeLinks.kyobo).toContain('9788936434267');
  });

  it('drops a cover from an unknown host and refuses a record that does not fit', () => {
    expect(
      catalogBookFromRecord(record('9788936434267', 'x', { coverUrl: 'https://tracker.example/p.gif' }))?.coverUrl,
    ).toBeNull();
    expect(catalogBookFromRecord(record('9788936434267', '   '))).toBeNull();
  });
});

describe('LocalBookIndex', () => {
  const page = { page: 1, pageSize: 20 };
  const index = new LocalBookIndex();
  for (const [isbn, title, extra] of [
    ['9788936434267', '채식주의자', {}],
    ['9788936434120', '소년이 온다', {}],
    ['9791163034735', 'Do it! 점프 투 파이썬', { authors: ['박응용'], publisher: '이지스퍼블리싱' }],
    ['9788937460449', '주의자들의 밤', { authors: ['김작가'] }],
  ] as const) {
    const book = catalogBookFromRecord(record(isbn, title, extra));
    if (book) index.put(book);
  }

  it('finds by title ignoring spaces, case and punctuation; title prefix first', async () => {
    expect((await index.search('doit 점프', page)).map((b) => b.title)).toEqual(['Do it! 점프 투 파이썬']);
    expect((await index.search('주의자', page)).map((b) => b.title)).toEqual(['주의자들의 밤', '채식주의자']);
  });

  it('finds by author, publisher and ISBN; nothing for an empty query', async () => {
    expect((await index.search('박응용', page)).map((b) => b.isbn13)).toEqual(['9791163034735']);
    expect((await index.search('이지스', page)).map((b) => b.isbn13)).toEqual(['9791163034735']);
    expect((await index.search('9788936434120', page)).map((b) => b.title)).toEqual(['소년이 온다']);
    expect(await index.search(' !? ', page)).toEqual([]);
    expect((await index.byIsbn('9788936434120'))?.title).toBe('소년이 온다');
  });

  it('serves as the catalog’s localSearch with every source off', async () => {
    const catalog = createCatalog(loadCatalogConfig({}), {
      clock: new ManualClock(),
      localSearch: index.search,
      localBook: index.byIsbn,
    });
    expect((await catalog.search('소년이')).books.map((b) => b.isbn13)).toEqual(['9788936434120']);
    expect((await catalog.book('9788936434267'))?.title).toBe('채식주의자');
  });

  it('keeps at most maxBooks (oldest dropped)', () => {
    const small = new LocalBookIndex(2);
    for (const isbn of ['9788936434267', '9788936434120', '9791163034735']) {
      const book = catalogBookFromRecord(record(isbn, `책 ${isbn}`));
      if (book) small.put(book);
    }
    expect(small.size).toBe(2);
  });

  it('searchKey', () => {
    expect(searchKey(' Do it!  점프·투 ')).toBe('doit점프투');
  });
});

describe('ClubPopularity', () => {
  const page = { page: 1, pageSize: 20 };
  const a = catalogBookFromRecord(record('9788936434267', '채식주의자'));
  const b = catalogBookFromRecord(record('9788936434120', '소년이 온다'));
  const c = catalogBookFromRecord(record('9791163034735', '파이썬', { category: 'tech-it' }));

  it('scores shelf adds, finishes and ratings over 7 and 30 days, by category', async () => {
    if (!a || !b || !c) throw new Error('fixture');
    const clock = new ManualClock();
    const popularity = new ClubPopularity(clock);
    popularity.record('shelf-add', a);
    popularity.record('finish', a);
    clock.advance(10 * 24 * 3600 * 1000);
    popularity.record('shelf-add', b);
    popularity.record('rating', b);
    popularity.record('shelf-add', c);
    expect(await popularity.top(null, '7d', page)).toEqual([
      { book: b, clubScore: 3 },
      { book: c, clubScore: 1 },
    ]);
    expect((await popularity.top('novel', '30d', page)).map((e) => [e.book.title, e.clubScore])).toEqual([
      ['채식주의자', 4],
      ['소년이 온다', 3],
    ]);
    clock.advance(30 * 24 * 3600 * 1000);
    expect(await popularity.top(null, '30d', page)).toEqual([]);
  });

  it('survives a restart through snapshot/restore, dropping rows that do not parse', async () => {
    if (!a) throw new Error('fixture');
    const clock = new ManualClock();
    const first = new ClubPopularity(clock);
    first.record('finish', a);
    const second = new ClubPopularity(clock);
    second.restore([...first.snapshot(), { isbn13: '9780000000000', book: { title: 'bad' } as never, days: [[1, 1]] }]);
    expect(await second.top(null, '7d', page)).toEqual([{ book: a, clubScore: 3 }]);
  });

  it('serves as the catalog’s localPopular with every source off', async () => {
    if (!a) throw new Error('fixture');
    const clock = new ManualClock();
    const popularity = new ClubPopularity(clock);
    popularity.record('shelf-add', a);
    const catalog = createCatalog(loadCatalogConfig({}), { clock, localPopular: popularity.top });
    expect((await catalog.popular('novel', '7d')).entries).toEqual([{ book: a, clubScore: 1, loanCount: null }]);
  });
});
