import { findBookNodes, metaSaysBook, readJsonLd } from '../cascade';
import type { DetectorExamples, SiteDetector } from '../types';

/**
 * Any other page carrying schema.org Book data or book meta tags. Runs last, and only when no site
 * detector claims the URL; it reads JSON-LD, meta tags and (13-digit) cover names, never free text.
 */
export const generic: SiteDetector = {
  id: 'generic',
  sitePatterns: [],
  urlPatterns: [/^https?:\/\/[^/?#]+/i],
  regexScan: false,
  // A book signal is required: og:type book / an ISBN meta tag, or a schema.org Book node.
  isBookPage: (ctx) => metaSaysBook(ctx.meta) || findBookNodes(readJsonLd(ctx.doc)).length > 0,
  cleanTitle: (raw) => raw.split(/\s+[|–—]\s+/)[0] ?? raw,
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = 'Other sites (schema.org Book / book meta tags)';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://schema.org/Book';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Any other page with a JSON-LD Book carrying an ISBN, or books:isbn / book:isbn / og:barcode meta';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: ['https://ridibooks.com/books/111012345', 'https://www.example-bookshop.kr/item/9788936434267'],
  notDetail: ['javascript:alert(1)', 'chrome://extensions/', 'file:///home/user/book.html'],
};
