import { clipTitle } from '../parse';
import { queryParam, textOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

export const data4library: SiteDetector = {
  id: 'data4library',
  sitePatterns: [/^https?:\/\/(?:www\.)?data4library\.kr(?:[/?#:]|$)/i],
  urlPatterns: [/^https?:\/\/(?:www\.)?data4library\.kr\/bookV\?(?:[^#]*&)?seq=\d+/i],
  productId: (url) => queryParam(url, 'seq'),
  productArea: ['.book_info', '.bookInfo', '.book_detail', '.detail_area', '#content .book'],
  metaTitleFallback: false,
  overrides(ctx, partial) {
    const title = textOf(ctx.doc, ['.book_info .tit', '.book_info h3', '.bookInfo .tit', '.book_detail .tit']);
    return { title: partial.title ? undefined : clipTitle(title.replace(/\s*:\s*$/, '')) };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = '도서관 정보나루 (data4library)';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://www.data4library.kr/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Book pages (bookV?seq=…) with an ISBN row; strips "지은이:" prefixes';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: ['https://www.data4library.kr/bookV?seq=6382795', 'http://data4library.kr/bookV?seq=123&isbn=9788936434267'],
  notDetail: [
    'https://www.data4library.kr/srchBookV?keyword=%ED%95%9C%EA%B0%95',
    'https://www.data4library.kr/openDataL',
    'https://www.data4library.kr/bookV',
  ],
};
