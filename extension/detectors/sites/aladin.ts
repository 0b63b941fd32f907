import { parseIsbn } from '../../../shared/isbn';
import { metaValue } from '../cascade';
import { cleanAuthors, clipPublisher, clipTitle } from '../parse';
import { attrOf, queryParam, textOf, textsOf } from '../site-helpers';
import type { DetectorExamples, SiteDetector } from '../types';

const DETAIL = [
  /^https?:\/\/(?:www\.)?aladin\.co\.kr\/shop\/wproduct\.aspx\?(?:[^#]*&)?(?:itemid=[\w-]+|isbn=[\dX]{10,13})/i,
  /^https?:\/\/(?:www\.)?aladin\.co\.kr\/m\/mproduct\.aspx\?(?:[^#]*&)?itemid=[\w-]+/i,
];

/** "[알라딘]사람을 움직이는 말 - 그들의 욕망 …" → "사람을 움직이는 말". */
function cleanTitle(raw: string): string {
  return (
    raw
      .replace(/^\s*\[알라딘\]\s*/, '')
      .replace(/\s*[:|]\s*알라딘\s*$/, '')
      .split(/\s+-\s+/)[0] ?? raw
  );
}

export const aladin: SiteDetector = {
  id: 'aladin',
  sitePatterns: [/^https?:\/\/(?:[a-z0-9-]+\.)*aladin\.co\.kr(?:[/?#:]|$)/i],
  urlPatterns: DETAIL,
  excludePatterns: [/\/search\//i, /wsearchresult\.aspx/i, /\/usedshop\//i],
  productId: (url) => queryParam(url, 'ItemId'),
  isbnFromUrl: (url) => queryParam(url, 'ISBN'),
  productArea: ['.Ere_prod_topwrap', '#Ere_prod_allwrap', '.Ere_prod_titlewrap'],
  cleanTitle,
  overrides(ctx, partial) {
    const { doc, meta } = ctx;
    const hidden = attrOf(doc, 'input.hd_ISBN, input#hd_ISBN, input[name="hd_ISBN"]', 'value');
    const parsed = hidden ? parseIsbn(hidden) : null;
    const authors = cleanAuthors(
      textsOf(doc, '.Ere_prod_titlewrap a[href*="AuthorSearch="], div.tlist a[href*="AuthorSearch="]'),
    );
    const fromMeta = metaValue(meta, 'og:author') ?? metaValue(meta, 'author');
    return {
      ...(parsed && !partial.isbn13 ? { isbn13: parsed.isbn13, isbn10: parsed.isbn10 ?? undefined, extractor: 'site' } : {}),
      title: clipTitle(textOf(doc, ['.Ere_bo_title'])),
      authors: authors.length > 0 ? authors : cleanAuthors(fromMeta ? [fromMeta] : []),
      publisher: clipPublisher(
        textOf(doc, ['.Ere_prod_titlewrap a[href*="PublisherSearch="]', 'div.tlist a[href*="PublisherSearch="]']),
      ),
    };
  },
};

/** The site's display name for the README (a separate export, so the content script leaves it out). */
export const displayName = '알라딘 (Aladin)';

/** The site's address for the README (a separate export, so the content script leaves it out). */
export const homepage = 'https://www.aladin.co.kr/';

/** One line for the README: what this detector recognises (a separate export, so the content script leaves it out). */
export const summary = 'Product pages by ItemId or ISBN (books:isbn / og:barcode meta, info list, cover file name)';

/** Example URLs: test data beside the unit (the registry meta-tests run every one against every detector). */
export const examples: DetectorExamples = {
  detail: [
    'https://www.aladin.co.kr/shop/wproduct.aspx?ItemId=63878825',
    'http://www.aladin.co.kr/shop/wproduct.aspx?ItemId=63878825-3',
    'https://www.aladin.co.kr/shop/wproduct.aspx?ISBN=9791162240281',
    'https://www.aladin.co.kr/m/mproduct.aspx?itemid=362755853',
  ],
  notDetail: [
    'https://www.aladin.co.kr/search/wsearchresult.aspx?SearchTarget=All&SearchWord=9791197221989',
    'https://www.aladin.co.kr/shop/common/wbest.aspx?BranchType=1',
    'https://www.aladin.co.kr/shop/UsedShop/wuseditemall.aspx?ItemId=362755853',
  ],
};
