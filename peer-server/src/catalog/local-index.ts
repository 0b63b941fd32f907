import type { InterestId } from '../../../shared/catalog-categories';
import { safeCoverUrl } from '../../../shared/cover-hosts';
import { isbn13To10 } from '../../../shared/isbn';
import type { BookRecord } from '../../../shared/schemas/book-record';
import { attributionFor, type CatalogBook, CatalogBookSchema, storeLinksFor } from '../../../shared/schemas/catalog';
import type { Clock } from './clock';
import type { PageParams } from './providers/types';

/**
 * Our own data, the catalog's embedded default (no keys, no network):
 * - `LocalBookIndex`: the `books/` records readers shelved, searchable by title, author, publisher or ISBN;
 * - `ClubPopularity`: "popular in our clubs" from shelf adds, finishes and ratings, per day, over 7 or 30 days.
 * Both are in memory and fed by the server (a Firestore listener or the shelf write path); `snapshot()` /
 * `restore()` let it keep the counts across restarts. `createCatalog` takes their `search`, `byIsbn` and
 * `top` as `localSearch`, `localBook` and `localPopular`.
 */

/** A shared `books/{isbn13}` record → a CatalogBook labelled as our own data. Null when it does not fit. */
export function catalogBookFromRecord(
  record: Pick<BookRecord, 'isbn13' | 'title' | 'authors' | 'category'> & Partial<BookRecord>,
): CatalogBook | null {
  const book: CatalogBook = {
    isbn13: record.isbn13,
    isbn10: isbn13To10(record.isbn13),
    title: record.title.trim(),
    subtitle: null,
    authors: record.authors,
    translators: [],
    publisher: record.publisher?.trim() || null,
    pubDate: record.pubDate ?? null,
    pages: record.pages ?? null,
    priceKrw: null,
    coverUrl: safeCoverUrl(record.coverUrl ?? null),
    kdc: null,
    category: record.category,
    description: null,
    storeLinks: storeLinksFor(record.isbn13),
    source: attributionFor('chaekbang', null),
  };
  const parsed = CatalogBookSchema.safeParse(book);
  return parsed.success ? parsed.data : null;
}

/** Lowercased, NFKC, without spaces and punctuation: "Do it! 점프 투" and "doit점프투" match. */
export function searchKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

type Indexed = { book: CatalogBook; title: string; people: string; publisher: string };

export class LocalBookIndex {
  private readonly books = new Map<string, Indexed>();
  constructor(private readonly maxBooks = 100_000) {}

  /** Add or replace a book (the newest record wins). */
  put(book: CatalogBook): void {
    this.books.delete(book.isbn13);
    this.books.set(book.isbn13, {
      book,
      title: searchKey(`${book.title} ${book.subtitle ?? ''}`),
      people: searchKey([...book.authors, ...book.translators].join(' ')),
      publisher: searchKey(book.publisher ?? ''),
    });
    while (this.books.size > this.maxBooks) {
      const oldest = this.books.keys().next().value;
      if (oldest === undefined) break;
      this.books.delete(oldest);
    }
  }

  remove(isbn13: string): void {
    this.books.delete(isbn13);
  }

  get size(): number {
    return this.books.size;
  }

  /** The book as indexed now (synchronous, for ranking club counts). */
  get(isbn13: string): CatalogBook | null {
    return this.books.get(isbn13)?.book ?? null;
  }

  byIsbn = async (isbn13: string): Promise<CatalogBook | null> => this.books.get(isbn13)?.book ?? null;

  /** The books of one category, newest publication first (then by title). */
  inCategory = async (category: CatalogBook['category'], page: PageParams): Promise<CatalogBook[]> => {
    const books = [...this.books.values()].map((e) => e.book).filter((b) => b.category === category);
    books.sort((a, b) => (b.pubDate ?? '').localeCompare(a.pubDate ?? '') || a.title.localeCompare(b.title));
    return books.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
  };

  /** Title matches first (those starting with the query before the rest), then people, then publisher. */
  search = async (query: string, page: PageParams): Promise<CatalogBook[]> => {
    const key = searchKey(query);
    if (key.length === 0) return [];
    const ranked: { rank: number; book: CatalogBook }[] = [];
    for (const entry of this.books.values()) {
      const rank = entry.title.startsWith(key)
        ? 0
        : entry.title.includes(key)
          ? 1
          : entry.people.includes(key)
            ? 2
            : entry.publisher.includes(key) || entry.book.isbn13 === key
              ? 3
              : -1;
      if (rank >= 0) ranked.push({ rank, book: entry.book });
    }
    ranked.sort((a, b) => a.rank - b.rank);
    return ranked.slice((page.page - 1) * page.pageSize, page.page * page.pageSize).map((r) => r.book);
  };
}

/** How much each reader action counts toward "popular in our clubs" (reviews and marathons later). */
export const CLUB_EVENT_WEIGHTS = { 'shelf-add': 1, finish: 3, rating: 2 } as const;
export type ClubEventKind = keyof typeof CLUB_EVENT_WEIGHTS;

const DAY_MS = 24 * 3600 * 1000;
const KST_MS = 9 * 3600 * 1000;
const KEEP_DAYS = 30;

type Counts = { book: CatalogBook; days: Map<number, number> };

export type ClubPopularitySnapshot = { isbn13: string; book: CatalogBook; days: [number, number][] }[];

export class ClubPopularity {
  private readonly counts = new Map<string, Counts>();
  constructor(private readonly clock: Clock) {}

  private today(): number {
    return Math.floor((this.clock.now() + KST_MS) / DAY_MS);
  }

  /** One reader action on a book (a rating counts once per reader and book: the caller de-duplicates). */
  record(kind: ClubEventKind, book: CatalogBook): void {
    const day = this.today();
    const entry = this.counts.get(book.isbn13) ?? { book, days: new Map<number, number>() };
    entry.book = book;
    entry.days.set(day, (entry.days.get(day) ?? 0) + CLUB_EVENT_WEIGHTS[kind]);
    for (const d of entry.days.keys()) if (d <= day - KEEP_DAYS) entry.days.delete(d);
    this.counts.set(book.isbn13, entry);
  }

  /** Books by score over the last 7 or 30 days (today included), optionally in one category. */
  top = async (
    category: InterestId | null,
    window: '7d' | '30d',
    page: PageParams,
  ): Promise<{ book: CatalogBook; clubScore: number }[]> => {
    const days = window === '7d' ? 7 : 30;
    const from = this.today() - days + 1;
    const scored: { book: CatalogBook; clubScore: number }[] = [];
    for (const entry of this.counts.values()) {
      if (category && entry.book.category !== category) continue;
      let score = 0;
      for (const [day, n] of entry.days) if (day >= from) score += n;
      if (score > 0) scored.push({ book: entry.book, clubScore: score });
    }
    scored.sort((a, b) => b.clubScore - a.clubScore || a.book.title.localeCompare(b.book.title));
    return scored.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
  };

  snapshot(): ClubPopularitySnapshot {
    return [...this.counts.entries()].map(([isbn13, c]) => ({ isbn13, book: c.book, days: [...c.days.entries()] }));
  }

  restore(snapshot: ClubPopularitySnapshot): void {
    for (const row of snapshot) {
      const book = CatalogBookSchema.safeParse(row.book);
      if (!book.success || book.data.isbn13 !== row.isbn13) continue;
      this.counts.set(row.isbn13, { book: book.data, days: new Map(row.days.filter(([d, n]) => Number.isInteger(d) && n > 0)) });
    }
  }
}
