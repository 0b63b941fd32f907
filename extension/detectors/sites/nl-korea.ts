import { clipTitle, httpUrl, splitAuthors } from '../parse';
import { attrOf, elementTextWithout, firstElement, hashParams, queryParam, textOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const SEARCH_DETAIL = /^https?:\/\/(?:www\.)?nl\.go\.kr\/(?:NL|EN)\/contents\/(?:eng)?search\.do[?#](?:.*[?&#])?viewKey=[^&#]+/i;
const SEOJI_DETAIL =
  /^https?:\/\/(?:www\.)?nl\.go\.kr\/seoji\/contents\/S80100000000\.do\?(?=(?:[^#]*&)?schM=intgr_detail_view_isbn)(?=(?:[^#]*&)?isbn=[\dXx-]{10,17})/i;

/** Non-book categories in the search URL (the hash's `category` names the opened record's type). */
const NON_BOOK_CATEGORY =
  /[?&#]category=(?:학위논문|멀티미디어|신문|웹사이트|기사|학술기사|잡지|연속간행물|이미지|지도|음악|악보|동영상|오디오|웹자료|고지도)/;
const NON_BOOK_TYPE = /논문|기사|신문|멀티미디어|웹|영상|이미지|지도|음악|악보|오디오|잡지|연속/;

export const nlKorea: SiteDetector = {
  id: 'nl-korea',
  sitePatterns: [/^https?:\/\/(?:[a-z0-9-]+\.)*nl\.go\.kr(?:[/?#:]|$)/i],
  urlPatterns: [SEARCH_DETAIL, SEOJI_DETAIL],
  excludePatterns: [NON_BOOK_CATEGORY],
  productId: (url) => hashParams(url).get('viewKey') ?? queryParam(url, 'viewKey') ?? queryParam(url, 'isbn'),
  isbnFromUrl: (url) => (/\/seoji\//i.test(url.pathname) ? queryParam(url, 'isbn') : null),
  productArea: ['.popup_contents', '.more_info_wrap', '.detail_wrap', '.book_info_wrap', '.seoji_view', '#contents .view'],
  metaTitleFallback: false,
  isBookPage(ctx) {
    const type = textOf(ctx.doc, ['h3.detail_tit span.tit_top', '.detail_tit .tit_top'], 60);
    return !(type && NON_BOOK_TYPE.test(type));
  },
  overrides(ctx) {
    const { doc } = ctx;
    const heading = firstElement(doc, ['h3.detail_tit', '.seoji_view div.tit', 'div.tit']);
    // "<div class="tit"><b>[도서]</b> TITLE</div>" and "<h3 class="detail_tit"><span class="tit_top">[도서]</span> TITLE</h3>"
    const raw = heading ? elementTextWithout(heading, 'span.tit_top, b') : '';
    const title = raw
      .split(/\s+\/\s+/)[0]
      ?.split(/\s+=\s+/)[0]
      ?.replace(/\s*[=:/]\s*$/, '');
    const statement = raw
      .split(/\s+\/\s+/)
      .slice(1)
      .join(' / ');
    return {
      title: clipTitle(title),
      authors: statement ? splitAuthors(statement) : undefined,
      coverUrl: httpUrl(attrOf(doc, 'div.thumb img', 'src'), ctx.url.href),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = '국립중앙도서관 (National Library of Korea)';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://www.nl.go.kr/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Integrated-search detail view (#viewKey=…, book records only) and 서지정보유통 (seoji) ISBN pages';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://www.nl.go.kr/EN/contents/engSearch.do?srchTarget=total&pageNum=1&pageSize=10&kwd=%EB%AF%B8%EA%B5%B0%EC%A0%95#viewKey=CNTS-00092958535&viewType=C&category=%EB%8F%84%EC%84%9C&pageIdx=1&jourId=',
    'https://www.nl.go.kr/NL/contents/search.do?srchTarget=total&kwd=%EC%95%84%EB%AA%AC%EB%93%9C#viewKey=58200726&viewType=AH1&category=%EB%8F%84%EC%84%9C&pageIdx=2&jourId=',
    'https://www.nl.go.kr/NL/contents/search.do?viewKey=CNTS-00092958535&viewType=C&category=%EB%8F%84%EC%84%9C',
    'https://www.nl.go.kr/seoji/contents/S80100000000.do?schM=intgr_detail_view_isbn&isbn=9788936434267',
    'https://www.nl.go.kr/seoji/contents/S80100000000.do?schM=intgr_detail_view_isbn&page=1&pageUnit=10&schType=simple&schStr=%EC%95%84%EB%AA%AC%EB%93%9C&isbn=9788936434267&cipId=',
  ],
  notDetail: [
    'https://www.nl.go.kr/NL/contents/search.do?srchTarget=total&pageNum=1&pageSize=10&kwd=%EC%95%84%EB%AA%AC%EB%93%9C',
    'https://www.nl.go.kr/EN/contents/engSearch.do?kwd=lawson&category=%ED%95%99%EC%9C%84%EB%85%BC%EB%AC%B8#viewKey=CNTS-00082435719&viewType=C&category=%ED%95%99%EC%9C%84%EB%85%BC%EB%AC%B8&pageIdx=19&jourId=',
    'https://www.nl.go.kr/seoji/contents/S80100000000.do?schM=intgr_list&schStr=%EC%95%84%EB%AA%AC%EB%93%9C',
    'https://www.nl.go.kr/NL/contents/N10000000000.do',
  ],
};
