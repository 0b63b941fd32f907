import { clipTitle, splitAuthors } from '../parse';
import { queryParam, textOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

/**
 * KOLAS-III / JNet / ECO "plusSearch" public-library OPACs (many municipal hosts share the templates):
 * `…/(plus)?SearchResultDetail.do?recKey=…&bookKey=…` or `…?bookKey=…&speciesKey=…&isbn=…`.
 */
export const kolasOpac: SiteDetector = {
  id: 'kolas-opac',
  // Any host: every library runs the OPAC on its own. Each pattern needs one of these in the URL.
  urlHints: ['searchresult', '/kolaseek/'],
  sitePatterns: [
    /^https?:\/\/[^/?#]+\/(?:[^?#]*\/)?(?:plus)?searchResult(?:List|Detail)?\.do(?:[?#]|$)/i,
    /^https?:\/\/[^/?#]+\/kolaseek\//i,
  ],
  urlPatterns: [/^https?:\/\/[^/?#]+\/(?:[^?#]*\/)?(?:plus)?searchResultDetail\.do\?(?:[^#]*&)?(?:recKey|bookKey|isbn)=/i],
  productId: (url) => queryParam(url, 'bookKey') ?? queryParam(url, 'recKey'),
  isbnFromUrl: (url) => queryParam(url, 'isbn'),
  productArea: [
    '.bookDetailInfo',
    '.book_detail',
    '.bookDetail',
    '.detail_info',
    '#bookDetail',
    '.detailWrap',
    '.book_info',
    '.bookInfo',
  ],
  // og:title on these sites is the library's name.
  metaTitleFallback: false,
  overrides(ctx, partial) {
    const title = textOf(ctx.doc, [
      '.book_detail .book_name .title',
      '.bookDetailInfo .title',
      '.book_name .title',
      '.book_name',
      '.detail_tit',
    ]);
    const line = textOf(ctx.doc, ['.book_detail .book_name .author', '.bookDetailInfo .author']);
    return {
      title: partial.title ? undefined : clipTitle(title.split(/\s+\/\s+/)[0]),
      authors: partial.authors?.length ? undefined : splitAuthors(line),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = '공공도서관 OPAC (KOLAS family)';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://www.nl.go.kr/kolas/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Public-library OPAC detail pages on the KOLAS/JNet templates (isbn= parameter or ISBN label row)';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://lib.sdm.or.kr/sdmlib/menu/10003/program/30001/searchResultDetail.do?bookKey=417869985&speciesKey=417869983&isbn=9791161571188&pubFormCode=EB',
    'https://www.splib.or.kr/spwlib/menu/10003/program/30001/plusSearchResultDetail.do?recKey=123456789&bookKey=123456790&publishFormCode=BO',
    'https://lib.gjcity.go.kr:8443/kolaseek/plus/search/plusSearchResultDetail.do?recKey=1&bookKey=2&publishFormCode=BO',
  ],
  notDetail: [
    'https://www.splib.or.kr/spwlib/menu/10003/program/30001/plusSearchResultList.do?searchKeyword=%ED%8E%B8%EC%9D%98%EC%A0%90',
    'https://lib.sdm.or.kr/sdmlib/menu/10003/program/30001/searchResultList.do?searchKeyword=%ED%8E%B8%EC%9D%98%EC%A0%90',
    'https://lib.gjcity.go.kr:8443/kolaseek/plus/search/plusSearchResultList.do?searchKeyword=abc',
  ],
};
