import { clip } from '../parse';
import { capture } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const S_ID = /^https?:\/\/product\.kyobobook\.co\.kr\/detail\/(S\d{12})(?:[/?#]|$)/i;
const LEGACY_ISBN = [
  /^https?:\/\/(?:www\.)?kyobobook\.co\.kr\/product\/detailViewKor\.laf\?(?:[^#]*&)?barcode=(\d{13})/i,
  /^https?:\/\/mobile\.kyobobook\.co\.kr\/showcase\/book\/KOR\/(\d{13})(?:[/?#]|$)/i,
];

export const kyobo: SiteDetector = {
  id: 'kyobo',
  sitePatterns: [/^https?:\/\/(?:[a-z0-9-]+\.)*kyobobook\.co\.kr(?:[/?#:]|$)/i],
  urlPatterns: [S_ID, ...LEGACY_ISBN],
  productId: (url) => capture([S_ID], url.href),
  isbnFromUrl: (url) => capture(LEGACY_ISBN, url.href),
  productArea: ['.prod_detail_header', '.prod_info_wrap', '.prod_detail_contents'],
  cleanTitle: (raw) => raw.replace(/\s*[-|]\s*교보문고\s*$/, '').split(/\s+\|\s+/)[0] ?? raw,
  overrides(ctx, partial) {
    if (partial.categoryPath) return {};
    // 2024: KbbJS.setOption('plugins.ui-product.categories', "[{label=국내도서, …}, {label=소설, …}]")
    const scripts = ctx.doc.querySelectorAll('script:not([src])');
    for (let i = 0; i < Math.min(scripts.length, 60); i += 1) {
      const text = scripts[i]?.textContent ?? '';
      const m = /plugins\.ui-product\.categories'\s*,\s*"([^"]{1,2000})"/.exec(text);
      if (m?.[1]) {
        const labels = [...m[1].matchAll(/label=([^,}]+)/g)].map((x) => x[1]?.trim()).filter(Boolean);
        return { categoryPath: clip(labels.join(' > '), 200) || undefined };
      }
    }
    return {};
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = '교보문고 (Kyobo)';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://www.kyobobook.co.kr/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Product detail pages: Next.js flight data (2026), JSON-LD + books:isbn (2022–25), legacy barcode URLs';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://product.kyobobook.co.kr/detail/S000000610625',
    'https://product.kyobobook.co.kr/detail/S000213800371?LINK=NVB',
    'http://www.kyobobook.co.kr/product/detailViewKor.laf?ejkGb=KOR&mallGb=KOR&barcode=9788936434267',
    'http://mobile.kyobobook.co.kr/showcase/book/KOR/9788936434267',
  ],
  notDetail: [
    'https://search.kyobobook.co.kr/search?keyword=9788936434267&gbCode=TOT&target=total',
    'https://store.kyobobook.co.kr/bestseller/online/daily',
    'https://product.kyobobook.co.kr/category/KOR/01',
  ],
};
