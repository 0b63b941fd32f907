import { cleanAuthors, clipTitle, httpUrl } from '../parse';
import { attrOf, queryParam, textOf, textsOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

export const interpark: SiteDetector = {
  id: 'interpark',
  sitePatterns: [/^https?:\/\/(?:[a-z0-9-]+\.)*interpark\.com(?:[/?#:]|$)/i],
  urlPatterns: [
    /^https?:\/\/(?:m\.)?book\.interpark\.com\/product\/BookDisplay\.do\?(?=[^#]*_method=detail)(?=[^#]*sc\.prdNo=\d+)/i,
    /^https?:\/\/shopping\.interpark\.com\/product\/productInfo\.do\?(?:[^#]*&)?prdNo=\d+/i,
  ],
  productId: (url) => queryParam(url, 'sc.prdNo') ?? queryParam(url, 'prdNo'),
  // No structured data was ever seen on Interpark: labels and the checksum scan stay in these regions.
  productArea: ['#inc_optionWrap', '.bookInfoBox', '#productInfo', '#inc_titWrap'],
  cleanTitle: (raw) => raw.replace(/\s*[-|:]\s*인터파크.*$/, ''),
  overrides(ctx) {
    const { doc } = ctx;
    return {
      title: clipTitle(textOf(doc, ['#inc_titWrap .prod_title h2', '#inc_titWrap h2', '#productName'])),
      authors: cleanAuthors(textsOf(doc, '.bookInfoBox ul li:first-child a', 12)),
      coverUrl: httpUrl(attrOf(doc, '#inc_optionWrap .bookBox img', 'src'), ctx.url.href),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = '인터파크 도서 (Interpark Book)';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://book.interpark.com/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'BookDisplay.do detail pages and marketplace product pages that carry an ISBN row';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'http://book.interpark.com/product/BookDisplay.do?_method=detail&sc.shopNo=0000400000&sc.prdNo=238608724&sc.saNo=007',
    'https://book.interpark.com/product/BookDisplay.do?_method=detail&sc.prdNo=355581186',
    'https://shopping.interpark.com/product/productInfo.do?prdNo=8812345678',
  ],
  notDetail: [
    'https://book.interpark.com/display/collectlist.do?_method=BestsellerHourNew201605&bestTp=1&dispNo=028',
    'https://bsearch.interpark.com/dsearch/book.jsp?sch=all&query=%EC%95%84%EB%AA%AC%EB%93%9C',
    'https://book.interpark.com/bookPark/html/book.html',
  ],
};
