import { cleanAuthors, clipPublisher, clipTitle, normalizeDate, parsePages } from '../parse';
import { capture, textOf, textsOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const EDITION = /^https?:\/\/(?:www\.)?openlibrary\.org\/books\/(OL\d+M)(?:[/?#]|$)/i;
const WORK = /^https?:\/\/(?:www\.)?openlibrary\.org\/works\/(OL\d+W)(?:[/?#]|$)/i;

export const openlibrary: SiteDetector = {
  id: 'openlibrary',
  sitePatterns: [/^https?:\/\/(?:[a-z0-9-]+\.)*openlibrary\.org(?:[/?#:]|$)/i],
  // A work page shows one chosen edition; it counts only when that edition block carries an ISBN.
  urlPatterns: [EDITION, WORK],
  productId: (url) => capture([EDITION, WORK], url.href),
  productArea: ['.workDetails', '.editionAbout', '.edition-omniline'],
  regexScan: false,
  cleanTitle: (raw) => raw.replace(/\s*\|\s*Open Library\s*$/i, '').replace(/\s+by\s+.+$/i, ''),
  overrides(ctx) {
    const { doc } = ctx;
    return {
      title: clipTitle(textOf(doc, ['h1.work-title', '[itemprop="name"].work-title', 'h1[itemprop="name"]'])),
      authors: cleanAuthors(textsOf(doc, 'h2.edition-byline a[itemprop="author"], .edition-byline a[href^="/authors/"]', 12)),
      publisher: clipPublisher(textOf(doc, ['.workDetails [itemprop="publisher"]'])),
      pubDate: normalizeDate(textOf(doc, ['.workDetails [itemprop="datePublished"]'])),
      pages: parsePages(textOf(doc, ['.workDetails [itemprop="numberOfPages"]'])),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = 'Open Library';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://openlibrary.org/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Edition pages (/books/OL…M) and work pages showing one edition with its ISBN';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://openlibrary.org/books/OL13188011M/Borges',
    'https://openlibrary.org/books/OL7353617M',
    'https://openlibrary.org/works/OL2079351W/Etats_et_r%c3%a9volutions_sociales',
  ],
  notDetail: [
    'http://openlibrary.org/search?q=skocpol',
    'https://openlibrary.org/authors/OL23919A/J._K._Rowling',
    'https://openlibrary.org/subjects/fantasy',
  ],
};
