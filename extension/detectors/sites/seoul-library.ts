import { clipTitle, httpUrl, splitAuthors } from '../parse';
import { attrOf, capture, textOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const DETAIL = /^https?:\/\/lib\.seoul\.go\.kr\/search\/detail\/([A-Z]*\d+)(?:[/?#]|$)/i;

export const seoulLibrary: SiteDetector = {
  id: 'seoul-library',
  sitePatterns: [/^https?:\/\/lib\.seoul\.go\.kr(?:[/?#:]|$)/i],
  urlPatterns: [DETAIL],
  productId: (url) => capture([DETAIL], url.href),
  productArea: ['.detail-book', '#detail-book', '.profile'],
  metaTitleFallback: false,
  overrides(ctx) {
    const { doc } = ctx;
    return {
      title: clipTitle(textOf(doc, ['.detail-book .profileHeader > h3']).split(/\s+\/\s+/)[0]),
      authors: splitAuthors(textOf(doc, ['.detail-book .profileHeader > p'])),
      coverUrl: httpUrl(attrOf(doc, '#divCoverImage img', 'src'), ctx.url.href),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = '서울도서관 (Seoul Library)';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://lib.seoul.go.kr/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Catalogue detail pages (/search/detail/{id}) with an ISBN row';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://lib.seoul.go.kr/search/detail/CAT000000890204',
    'https://lib.seoul.go.kr/search/detail/12345678?mainLink=/search/tot',
  ],
  notDetail: [
    'https://lib.seoul.go.kr/search/tot/result?st=KWRD&si=TOTAL&q=%EC%95%84%EB%AA%AC%EB%93%9C',
    'https://lib.seoul.go.kr/search/media/marc/CAT000000890204',
  ],
};
