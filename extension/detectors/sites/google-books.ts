import { cleanAuthors, clipTitle } from '../parse';
import { queryParam, textOf, textsOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const BOOKS = /^https?:\/\/books\.google\.[a-z.]{2,12}\/books(?:\/about\/[^?#]*)?\?(?:[^#]*&)?v?id=[^&#]+/i;
const EDITION = /^https?:\/\/(?:www\.)?google\.[a-z.]{2,12}\/books\/edition\/[^/?#]*\/([\w-]{12})(?:[/?#]|$)/i;
const PLAY = /^https?:\/\/play\.google\.com\/store\/books\/details(?:\/[^?#]*)?\?(?:[^#]*&)?id=[^&#]+/i;

export const googleBooks: SiteDetector = {
  id: 'google-books',
  sitePatterns: [
    /^https?:\/\/books\.google\.[a-z.]{2,12}(?:[/?#:]|$)/i,
    /^https?:\/\/(?:www\.)?google\.[a-z.]{2,12}\/books\//i,
    /^https?:\/\/(?:www\.)?google\.[a-z.]{2,12}\/search\?(?:[^#]*&)?tbm=bks/i,
    /^https?:\/\/play\.google\.com\/store\/(?:books|search\?(?:[^#]*&)?c=books)/i,
  ],
  urlPatterns: [BOOKS, EDITION, PLAY],
  productId: (url) => queryParam(url, 'id') ?? queryParam(url, 'vid') ?? EDITION.exec(url.href)?.[1] ?? null,
  // `vid=ISBN0521868610` names the book by ISBN.
  isbnFromUrl: (url) => /^ISBN([\dXx-]{10,17})$/i.exec(queryParam(url, 'vid') ?? '')?.[1] ?? null,
  productArea: ['#metadata_content', '#metadata', '#bookinfo', '.bookinfo_sectionwrap'],
  cleanTitle: (raw) => raw.replace(/\s*-\s*Google (?:Books|도서|Play).*$/i, ''),
  overrides(ctx) {
    const { doc } = ctx;
    return {
      title: clipTitle(textOf(doc, ['#bookinfo h1.booktitle .fn', '#bookinfo h1.booktitle', 'h1.booktitle'])),
      authors: cleanAuthors(
        textsOf(doc, '#bookinfo .bookinfo_sectionwrap a[href*="inauthor"], .bookinfo_sectionwrap a[href*="inauthor"]', 12),
      ),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = 'Google Books';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://books.google.com/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Volume pages (books?id=…, /books/edition/…, Play Books details) showing an ISBN row';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://books.google.de/books/about/The_Cambridge_companion_to_electronic_mu.html?id=AJbdPZv1DjgC&redir_esc=y',
    'https://books.google.de/books?id=skf3LSyV_kEC&source=gbs_navlinks_s&redir_esc=y',
    'https://www.google.com/books/edition/_/U4NmPwAACAAJ?hl=en',
    'https://play.google.com/store/books/details/Adam_Smith_The_Wealth_of_Nations?id=-WxKAAAAYAAJ',
  ],
  notDetail: [
    'https://www.google.com/search?tbo=p&tbm=bks&q=asimov',
    'https://play.google.com/store/search?q=doyle+arthur+conan&c=books',
    'https://books.google.com/',
  ],
};
