import { cleanAuthors, clipPublisher, clipTitle, normalizeDate, splitAuthors } from '../parse';
import { capture, textOf, textsOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const DETAIL = [
  /^https?:\/\/(?:www\.)?yes24\.com\/(?:product\/goods|24\/goods)\/(\d+)(?:[/?#]|$)/i,
  /^https?:\/\/m\.yes24\.com\/goods\/detail\/(\d+)(?:[/?#]|$)/i,
];

export const yes24: SiteDetector = {
  id: 'yes24',
  sitePatterns: [/^https?:\/\/(?:[a-z0-9-]+\.)*yes24\.com(?:[/?#:]|$)/i],
  urlPatterns: DETAIL,
  excludePatterns: [/\/product\/(?:search|usedshophub|category)/i, /\/searchcorner\//i],
  productId: (url) => capture(DETAIL, url.href),
  productArea: ['#infoset_specific', '#yDetailTopWrap', '#salsInfo', '.gd_infoTop'],
  cleanTitle: (raw) => raw.replace(/\s*-\s*예스24\s*$/, '').split(/\s+\|\s+/)[0] ?? raw,
  overrides(ctx) {
    const { doc } = ctx;
    // 2019+ markup; the full author list sits in span.moreAuthLi when collapsed.
    let authors = cleanAuthors(textsOf(doc, 'span.gd_auth .moreAuthLi a'));
    if (authors.length === 0) authors = cleanAuthors(textsOf(doc, 'span.gd_auth > a'));
    // 2015 markup: <div id="title"><h1>…</h1><p>스티븐 스티글러 저/조재근 역 | 한길사 | 원제 …</p>
    const legacyLine = textOf(doc, ['#title > p']);
    if (authors.length === 0 && legacyLine) authors = splitAuthors(legacyLine.split('|')[0]);
    return {
      title: clipTitle(textOf(doc, ['h2.gd_name', '#title > h1'])),
      authors,
      publisher: clipPublisher(textOf(doc, ['span.gd_pub a', 'span.gd_pub']) || legacyLine.split('|')[1]),
      pubDate: normalizeDate(textOf(doc, ['span.gd_date'])),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = 'YES24';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://www.yes24.com/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Book detail pages (current JSON-LD markup, mobile and the legacy /24/goods pages)';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://www.yes24.com/Product/Goods/125557465',
    'https://www.yes24.com/product/goods/125557465?pid=123',
    'https://m.yes24.com/Goods/Detail/125557465',
    'http://www.yes24.com/24/goods/1450015',
  ],
  notDetail: [
    'https://www.yes24.com/Product/Search?domain=ALL&query=9791171711673',
    'https://www.yes24.com/Product/UsedShopHub/Hub/125557465',
    'https://www.yes24.com/Product/Category/BestSeller?categoryNumber=001',
    'http://www.yes24.com/searchcorner/Search?query=%EB%B6%81%ED%81%B4%EB%9F%BD',
  ],
};
