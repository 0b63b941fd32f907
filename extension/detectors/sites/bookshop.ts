import { metaSaysBook } from '../cascade';
import { cleanAuthors, clipPublisher, clipTitle, parsePages } from '../parse';
import { capture, textOf, textsOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const DETAIL = /^https?:\/\/(?:[a-z]{2}\.)?bookshop\.org\/(?:p\/)?books\/[^/?#]+\/(\d{13})(?:[/?#]|$)/i;

export const bookshop: SiteDetector = {
  id: 'bookshop',
  sitePatterns: [/^https?:\/\/(?:[a-z0-9-]+\.)*bookshop\.org(?:[/?#:]|$)/i],
  urlPatterns: [DETAIL],
  productId: (url) => capture([DETAIL], url.href),
  isbnFromUrl: (url) => capture([DETAIL], url.href),
  // A stale URL still carries its ISBN: require the page to be a book page.
  isBookPage: (ctx) => metaSaysBook(ctx.meta) || ctx.doc.querySelector('h1[itemprop="name"]') !== null,
  cleanTitle: (raw) => raw.replace(/\s*[|-]\s*Bookshop\.org.*$/i, '').replace(/\s+a book by\s+.+$/i, ''),
  overrides(ctx) {
    const { doc } = ctx;
    return {
      title: clipTitle(textOf(doc, ['h1[itemprop="name"]', 'h1'])),
      authors: cleanAuthors(textsOf(doc, '[itemprop="author"]', 12)),
      publisher: clipPublisher(textOf(doc, ['[itemprop="publisher"]'])),
      pages: parsePages(textOf(doc, ['[itemprop="numberOfPages"]'])),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = 'Bookshop.org';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://bookshop.org/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Book pages; the ISBN-13 is in the URL (og:type book, itemprop fields)';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://bookshop.org/books/crying-in-h-mart-a-memoir/9780525657743',
    'https://bookshop.org/p/books/organic-chemistry-for-babies/9781492671169',
    'https://uk.bookshop.org/p/books/meditations-a-new-translation/9780812968255?ean=9780812968255',
  ],
  notDetail: [
    'https://bookshop.org/books?keywords=pippi',
    'https://bookshop.org/lists/best-books-of-2024',
    'https://bookshop.org/shop/example',
  ],
};
