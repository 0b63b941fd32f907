import { describe, expect, it } from 'vitest';
import { BookRecordSchema } from './book-record';
import { ReaderStatsSchema } from './reader-stats';
import { ShelfEntrySchema } from './shelf-entry';

const entry = {
  isbn13: '9788936434267',
  title: '아몬드',
  authors: ['손원평'],
  publisher: '창비',
  coverUrl: 'https://image.yes24.com/goods/1/XL',
  category: 'novel',
  status: 'reading',
  startedAt: new Date(),
  finishedAt: null,
  currentPage: 10,
  totalPages: 264,
  pagesBanked: 0,
  rating: 4.5,
  notes: '',
  rereadCount: 0,
  addedAt: new Date(),
  updatedAt: new Date(),
};

describe('ShelfEntrySchema', () => {
  it('accepts a valid entry', () => {
    expect(ShelfEntrySchema.parse(entry).status).toBe('reading');
  });
  it('refuses what the rules refuse', () => {
    for (const bad of [
      { currentPage: 300 },
      { currentPage: -1 },
      { rating: 4.3 },
      { rating: 6 },
      { category: 'cooking' },
      { status: 'done' },
      { coverUrl: 'http://x.example/a.jpg' },
      { notes: 'x'.repeat(2001) },
      { isbn13: '123' },
      { extra: 1 },
    ]) {
      expect(ShelfEntrySchema.safeParse({ ...entry, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('BookRecordSchema and ReaderStatsSchema', () => {
  it('parse the stored shapes', () => {
    const { status: _s, ...rest } = entry;
    expect(
      BookRecordSchema.safeParse({
        isbn13: rest.isbn13,
        title: rest.title,
        authors: rest.authors,
        category: 'novel',
        pages: 264,
        createdBy: 'uid',
        createdAt: new Date(),
      }).success,
    ).toBe(true);
    expect(
      ReaderStatsSchema.safeParse({
        booksRead: 1,
        pagesRead: 264,
        categoriesRead: { novel: 1 },
        readDays: [20_000],
        lastReadDay: 20_000,
        lastIsbn: rest.isbn13,
        updatedAt: new Date(),
      }).success,
    ).toBe(true);
    expect(
      ReaderStatsSchema.safeParse({
        booksRead: -1,
        pagesRead: 0,
        categoriesRead: { nope: 1 },
        readDays: [],
        lastReadDay: 0,
        lastIsbn: rest.isbn13,
        updatedAt: new Date(),
      }).success,
    ).toBe(false);
  });
});
