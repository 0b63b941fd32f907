import { clipTitle } from '../parse';
import { capture, textOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const DETAIL = /^https?:\/\/(?:www\.)?goodreads\.com\/book\/show\/(\d+)/i;

export const goodreads: SiteDetector = {
  id: 'goodreads',
  sitePatterns: [/^https?:\/\/(?:[a-z0-9-]+\.)*goodreads\.com(?:[/?#:]|$)/i],
  urlPatterns: [DETAIL],
  productId: (url) => capture([DETAIL], url.href),
  // __NEXT_DATA__ holds other editions' ISBNs: no checksum scan, no label scan outside JSON-LD.
  regexScan: false,
  productArea: ['[data-testid="bookDetails"]', '.BookDetails', '#bookDataBox'],
  cleanTitle: (raw) => raw.replace(/\s+by\s+.+$/i, '').replace(/\s*\|\s*Goodreads\s*$/i, ''),
  overrides(ctx) {
    return { title: clipTitle(textOf(ctx.doc, ['h1[data-testid="bookTitle"]', 'h1#bookTitle'])) };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = 'Goodreads';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://www.goodreads.com/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Book pages (/book/show/…) whose JSON-LD carries an ISBN (Kindle-only editions have none)';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://www.goodreads.com/book/show/18467746-the-norm-chronicles',
    'https://www.goodreads.com/book/show/13335037-divergent',
    'https://www.goodreads.com/book/show/13335037',
  ],
  notDetail: [
    'https://www.goodreads.com/search?q=test&qid=',
    'https://www.goodreads.com/list/show/1.Best_Books_Ever',
    'https://www.goodreads.com/author/show/4039811.Veronica_Roth',
  ],
};
