/**
 * Zotero translator web cases (../shared/fixtures/book-pages/zotero-cases.json): URL-only cases, so
 * the URL gate must classify detail vs not-detail, and give the expected ISBN where the URL carries it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchSite } from './index';
import { haveSharedPages, sharedPagesDir } from './test-support';

type ZoteroCase = { translator: string; url: string; kind: string; expected?: { itemType?: string; ISBN?: string | null } };

const file = path.join(sharedPagesDir, 'zotero-cases.json');
const present = haveSharedPages() && existsSync(file);
const cases: ZoteroCase[] = present ? (JSON.parse(readFileSync(file, 'utf8')) as { cases: ZoteroCase[] }).cases : [];

const DETECTOR_OF: Record<string, string> = {
  'Korean National Library': 'nl-korea',
  Amazon: 'amazon',
  Goodreads: 'goodreads',
  'Google Books': 'google-books',
  'The Open Library': 'openlibrary',
  'Bookshop.org': 'bookshop',
};

/**
 * Cases whose page cannot be judged from the URL: an Open Library work URL is a single book when its
 * page shows one edition with an ISBN and a list otherwise (Zotero has one of each).
 */
const PAGE_DECIDES = (c: ZoteroCase) => /openlibrary\.org\/works\//.test(c.url);

/** Amazon ASINs of print books are ISBN-10s; B0… ASINs (Kindle, media) carry none. */
const URL_CARRIES_ISBN = (c: ZoteroCase) =>
  c.translator === 'Bookshop.org' || (c.translator === 'Amazon' && /\/(?:dp|gp\/product)\/\d{9}[\dX]/i.test(c.url));

describe.skipIf(!present)('zotero-cases.json (URL gate)', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  const judged = cases.filter((c) => !PAGE_DECIDES(c));
  it('leaves only the Open Library work URLs to the page', () => {
    expect(cases.length - judged.length).toBe(2);
  });

  it.each(judged.map((c, i) => [`${i} ${c.translator} ${c.kind.split(' ')[0]} ${c.expected?.itemType ?? ''}`, c] as const))(
    '%s',
    (_name, c) => {
      const match = matchSite(c.url);
      expect(match?.detector.id).toBe(DETECTOR_OF[c.translator]);
      if (c.kind !== 'single') {
        expect(match?.isDetail, 'a search/list page').toBe(false);
        return;
      }
      const isBook = c.expected?.itemType === 'book';
      if (c.translator === 'Korean National Library') {
        // NL names the record type in the URL (category=도서 / 학위논문 / 멀티미디어 …).
        expect(match?.isDetail).toBe(isBook);
      } else if (isBook) {
        expect(match?.isDetail).toBe(true);
      } else {
        // Amazon media products: the page (div#dp class) decides; the URL must not yield an ISBN.
        expect(match?.isbn13 ?? null).toBeNull();
      }
      const expectedIsbns = (c.expected?.ISBN ?? '').split(/\s+/).filter(Boolean);
      if (URL_CARRIES_ISBN(c)) {
        expect(expectedIsbns).toContain(match?.isbn13);
      } else if (match?.isbn13) {
        expect(expectedIsbns).toContain(match.isbn13);
      }
    },
  );
});
