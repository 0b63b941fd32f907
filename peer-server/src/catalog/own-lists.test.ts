import { describe, expect, it } from 'vitest';
import { BestsellersResponseSchema, type CatalogBook, NewBooksResponseSchema } from '../../../shared/schemas/catalog';
import { createCatalog } from './catalog';
import { ManualClock } from './clock';
import { ClubCounts, shelfEvents } from './club-counts';
import { loadCatalogConfig } from './config';
import { catalogBookFromRecord, LocalBookIndex } from './local-index';

// No keys at all (a fresh `npm start`): Discover's lists still come from our own data, named as such.
const book = (isbn13: string, title: string, category: CatalogBook['category'], pubDate: string | null) =>
  catalogBookFromRecord({ isbn13, title, authors: ['한강'], category, pubDate }) as CatalogBook;
const OLD = book('9788936434267', '채식주의자', 'novel', '2007');
const NEW = book('9791197221989', '작별하지 않는다', 'novel', '2021-09');
const SCI = book('9788932917245', '코스모스', 'science', '2006');

function keyless() {
  const clock = new ManualClock();
  const books = new LocalBookIndex();
  for (const b of [OLD, NEW, SCI]) books.put(b);
  const club = new ClubCounts(clock, (isbn) => books.get(isbn));
  club.set('a', OLD, shelfEvents({ addedAt: clock.now(), status: 'read', finishedAt: clock.now() }));
  club.set('b', NEW, shelfEvents({ addedAt: clock.now() }));
  const catalog = createCatalog(loadCatalogConfig({}), {
    clock,
    localSearch: books.search,
    localBook: books.byIsbn,
    localPopular: club.top,
    localCategory: books.inCategory,
  });
  return { catalog, books };
}

describe('lists with every provider off', () => {
  it('For you (bestsellers): the category’s most popular books in our clubs, sourced as our own data', async () => {
    const { catalog } = keyless();
    const best = BestsellersResponseSchema.parse(await catalog.bestsellers('novel', 'weekly', 1));
    expect(best.books.map((b) => b.title)).toEqual(['채식주의자', '작별하지 않는다']);
    expect(best.sources.map((s) => s.provider)).toEqual(['chaekbang']);
  });

  it('For you falls back to the books readers shelved in the category when none has club activity', async () => {
    const { catalog } = keyless();
    const best = BestsellersResponseSchema.parse(await catalog.bestsellers('science', 'weekly', 1));
    expect(best.books.map((b) => b.title)).toEqual(['코스모스']);
    expect(best.sources.map((s) => s.provider)).toEqual(['chaekbang']);
  });

  it('New books: the category’s shelved books, newest first; a category with none is an empty list', async () => {
    const { catalog } = keyless();
    const latest = NewBooksResponseSchema.parse(await catalog.newBooks('novel', 'latest', null, 1));
    expect(latest.books.map((b) => b.title)).toEqual(['작별하지 않는다', '채식주의자']);
    expect(latest.sources.map((s) => s.provider)).toEqual(['chaekbang']);
    const none = NewBooksResponseSchema.parse(await catalog.newBooks('history', 'latest', null, 1));
    expect(none.books).toEqual([]);
    expect(none.sources).toEqual([]);
  });
});
