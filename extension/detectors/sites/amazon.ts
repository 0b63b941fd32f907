import { parseIsbn } from '../../../shared/isbn';
import { cleanAuthors, clipPublisher, clipTitle, httpUrl, normalizeDate, parsePages } from '../parse';
import { attrOf, capture, textOf, textsOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const DETAIL = /^https?:\/\/(?:www\.|smile\.)?amazon\.[a-z.]{2,12}\/(?:[^?#]*\/)?(?:dp|gp\/product)\/([A-Z0-9]{10})(?:[/?#]|$)/i;

/** `div#dp` class names seen on print books: "book en_GB", "books …". Kindle is "ebooks", Audible "audible". */
function dpKind(doc: Document): string | null {
  const dp = doc.getElementById('dp');
  return dp ? (dp.className.trim().split(/\s+/)[0] ?? '').toLowerCase() : null;
}

export const amazon: SiteDetector = {
  id: 'amazon',
  sitePatterns: [
    /^https?:\/\/(?:[a-z0-9-]+\.)*amazon\.(?:com|ca|cn|in|fr|de|it|es|nl|se|pl|sg|ae|sa|eg|com\.[a-z]{2}|co\.[a-z]{2})(?:[/?#:]|$)/i,
  ],
  urlPatterns: [DETAIL],
  productId: (url) => capture([DETAIL], url.href)?.toUpperCase() ?? null,
  // For print books the ASIN is the ISBN-10 (checksum-validated; B0… ASINs are never ISBNs).
  isbnFromUrl: (url) => capture([DETAIL], url.href),
  productArea: [
    '#detailBullets_feature_div',
    '#detailBulletsWrapper_feature_div',
    '#productDetails_feature_div',
    '#rich_product_information',
  ],
  regexScan: false,
  isBookPage(ctx) {
    const kind = dpKind(ctx.doc);
    if (kind !== null) return kind === 'book' || kind === 'books';
    return attrOf(ctx.doc, 'input[name="storeID"]', 'value') === 'books';
  },
  cleanTitle: (raw) => raw.replace(/^Amazon\.[a-z.]+\s*:\s*/i, '').split(/\s*:\s*[^:]*$/)[0] ?? raw,
  overrides(ctx, partial) {
    const { doc } = ctx;
    const rpi = (key: string) => textOf(doc, [`#rpi-attribute-book_details-${key} .rpi-attribute-value`], 200);
    const isbn = parseIsbn(rpi('isbn13')) ?? parseIsbn(rpi('isbn10'));
    const authors = cleanAuthors(textsOf(doc, '#bylineInfo span.author a.a-link-normal, #bylineInfo span.author > a', 12));
    return {
      ...(!partial.isbn13 && isbn ? { isbn13: isbn.isbn13, isbn10: isbn.isbn10 ?? undefined, extractor: 'site' as const } : {}),
      title: clipTitle(textOf(doc, ['#productTitle', '#ebooksProductTitle'])),
      authors,
      publisher: partial.publisher ?? clipPublisher(rpi('publisher')),
      pubDate: partial.pubDate ?? normalizeDate(rpi('publication_date')),
      pages: partial.pages ?? parsePages(rpi('fiona_pages')),
      coverUrl: httpUrl(
        attrOf(doc, '#landingImage', 'data-old-hires') ||
          attrOf(doc, '#imgBlkFront', 'src') ||
          attrOf(doc, '#landingImage', 'src'),
        ctx.url.href,
      ),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = 'Amazon';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://www.amazon.com/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Print-book product pages on every Amazon storefront (not Kindle, audio or non-book products)';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://www.amazon.co.uk/Vegetable-Perfection-delicious-recipes-shoots/dp/1849757097',
    'https://www.amazon.com/Test-William-Sleator/dp/0810989891/ref=sr_1_1?ie=UTF8&qid=1308010556&sr=8-1',
    'https://www.amazon.co.jp/gp/product/0099578077/',
    'https://www.amazon.com/dp/B0011UCPM4',
  ],
  notDetail: [
    'https://www.amazon.com/s?k=foot&i=stripbooks&x=0&y=0&ref=nb_sb_noss',
    'https://www.amazon.com/Mark-LeBar/e/B00BU8L2DK',
    'https://www.amazon.com/gp/bestsellers/books',
  ],
};
