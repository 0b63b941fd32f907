/**
 * Every saved page in ../shared/fixtures/book-pages: book pages detected with the expected ISBN-13
 * (title and authors loosely), search/list pages and non-books not detected. Skipped when absent.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DetectedBookSchema } from '../../shared/schemas/detected-book';
import { detectBook } from './index';
import { stripRole } from './parse';
import { closeWindows, haveSharedPages, looselyIncludes, parseHtml, readPage, savedPageCases } from './test-support';

const present = haveSharedPages();

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

describe.skipIf(!present)('saved pages in ../shared/fixtures/book-pages', () => {
  afterAll(closeWindows);
  const all = present ? savedPageCases() : [];

  it('found the saved pages', () => {
    expect(all.length).toBeGreaterThanOrEqual(15);
  });

  const positives = all.filter((c) => c.isbn13 !== null);
  const negatives = all.filter((c) => c.isbn13 === null);

  it.each(positives.map((c) => [c.name, c] as const))('detects %s', (_name, c) => {
    const doc = parseHtml(readPage(c.file), c.url);
    const book = detectBook(doc, c.url);
    expect(book, 'a book was expected').not.toBeNull();
    if (!book) return;
    expect(() => DetectedBookSchema.parse(book)).not.toThrow();
    expect(book.isbn13).toBe(c.isbn13);
    const isbn10 = c.expected.isbn10;
    if (typeof isbn10 === 'string') expect(book.isbn10).toBe(isbn10);
    if (isbn10 === null) expect(book.isbn10).toBeUndefined();
    const title = typeof c.expected.title === 'string' ? c.expected.title : '';
    if (title) expect(looselyIncludes(book.title, title), `${book.title} ~ ${title}`).toBe(true);
    for (const expectedAuthor of strings(c.expected.authors).map(stripRole)) {
      expect(
        book.authors.some((a) => looselyIncludes(a, expectedAuthor)),
        `${JSON.stringify(book.authors)} has ${expectedAuthor}`,
      ).toBe(true);
    }
    if (typeof c.expected.publisher === 'string') {
      expect(looselyIncludes(book.publisher ?? '', c.expected.publisher)).toBe(true);
    }
    const pubDate = typeof c.expected.pubDate === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(c.expected.pubDate)?.[0] : null;
    if (pubDate) expect(book.pubDate).toBe(pubDate);
    if (typeof c.expected.pages === 'number') expect(book.pages).toBe(c.expected.pages);
    expect(book.url.startsWith('http')).toBe(true);
  });

  it.each(negatives.map((c) => [c.name, c] as const))('does not detect %s', (_name, c) => {
    const html = readPage(c.file);
    expect(detectBook(parseHtml(html, c.url), c.url)).toBeNull();
    // Also where no site detector applies: the generic detector must not find a book either.
    const neutral = `https://example.org/saved/${encodeURIComponent(c.name)}`;
    expect(detectBook(parseHtml(html, neutral), neutral)).toBeNull();
  });
});
