/**
 * The hand-written fixtures in ./fixtures (sites without a saved page): each site has a positive and
 * at least one negative (carousels with other ISBNs, search lists, non-book records, dead URLs).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DetectedBookSchema } from '../../shared/schemas/detected-book';
import { CASES } from './fixture-cases';
import { detectBook } from './index';
import { closeWindows, looselyIncludes, ownFixturesDir, parseHtml } from './test-support';

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
