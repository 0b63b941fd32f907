import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAllowedCoverUrl } from '../../../shared/cover-hosts';
import { parsePeerMessage } from '../../../shared/schemas/peer-messages';
import { detectBook } from '../../detectors/index';
import {
  closeWindows,
  haveSharedPages,
  parseHtml,
  readmeExpectations,
  readPage,
  sharedPagesDir,
} from '../../detectors/test-support';
import { bookCardFrom } from './book-card';

afterAll(closeWindows);

function savedBookPages(dir: string): { name: string; file: string; url: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return savedBookPages(full);
    if (!entry.name.endsWith('.html')) return [];
    const readme = full.replace(/\.html$/, '.README.md');
    const expected = existsSync(readme) ? readmeExpectations(readFileSync(readme, 'utf8')) : {};
    return typeof expected.url === 'string' && expected.isbn13
      ? [{ name: path.relative(sharedPagesDir, full), file: full, url: expected.url }]
      : [];
  });
}

describe.skipIf(!haveSharedPages())('room cards from the saved book pages', () => {
  const pages = savedBookPages(sharedPagesDir);
  it.each(pages.map((p) => [p.name, p] as const))(
    '%s: the card keeps the detected cover (its host is allow-listed) and everything the shelf needs',
    (_name, page) => {
      const book = detectBook(parseHtml(readPage(page.file), page.url), page.url);
      expect(book).not.toBeNull();
      if (!book) return;
      const card = bookCardFrom(book, 'uidAlice123');
      expect(card).not.toBeNull();
      if (!card) return;
      if (book.coverUrl) {
        expect(card.coverUrl, `cover host of ${book.coverUrl}`).toBeDefined();
        expect(isAllowedCoverUrl(card.coverUrl ?? '')).toBe(true);
      }
      expect(card.pages).toBe(book.pages);
      expect(card.pubDate).toBe(book.pubDate);
      expect(card.categoryPath).toBe(book.categoryPath);
      expect(card.kdc).toBe(book.kdc);
      expect(parsePeerMessage(JSON.stringify({ type: 'book-card', card })).ok).toBe(true);
    },
  );
});

describe('bookCardFrom', () => {
  const book = {
    isbn13: '9791171711673',
    title: '필사 노트',
    authors: ['유선경'],
    url: 'http://www.yes24.com/product/goods/125557465',
    site: 'yes24',
    extractor: 'json-ld' as const,
  };

  it('drops a cover from an unknown host, upgrades a store link to https, keeps a library link on http', () => {
    const card = bookCardFrom({ ...book, coverUrl: 'https://tracker.example/p.gif' }, 'uidA');
    expect(card?.coverUrl).toBeUndefined();
    expect(card?.url).toBe('https://www.yes24.com/product/goods/125557465');
    const library = bookCardFrom({ ...book, url: 'http://lib.sdm.or.kr/sdmlib/searchResultDetail.do?bookKey=1' }, 'uidA');
    expect(library?.url).toBe('http://lib.sdm.or.kr/sdmlib/searchResultDetail.do?bookKey=1');
    expect(bookCardFrom({ ...book, coverUrl: 'http://image.yes24.com/goods/1/XL' }, 'uidA')?.coverUrl).toBe(
      'https://image.yes24.com/goods/1/XL',
    );
  });
});
