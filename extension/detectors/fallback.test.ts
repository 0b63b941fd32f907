/**
 * Issue 13 item 1, the classes behind the two misses: KORMARC-style labels, ISBN rows that carry the
 * additional code and price, the whole-page fallback of a site detector (and its guards), and the
 * title heading fallback.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { collectLabelPairs, labelBook, labelKind } from './cascade';
import { detectBook } from './index';
import { closeWindows, parseHtml } from './test-support';

afterAll(closeWindows);

const OPAC = 'https://lib.example.go.kr/mylib/menu/10003/program/30001/searchResultDetail.do?recKey=987654321&bookKey=987654322';
const YES24 = 'https://www.yes24.com/Product/Goods/37300128';

function labelsOf(html: string) {
  const doc = parseHtml(`<html><body>${html}</body></html>`, 'https://example.org/');
  return labelBook(collectLabelPairs(doc.body));
}

describe('KORMARC-style labels', () => {
  it.each([
    '서명/저자',
    '서명 / 저자',
    '서명/저자사항',
    '서명 / 저자 사항',
    '표제/책임표시사항',
    '표제 / 책임표시',
    '표제 및 책임표시사항',
    '표제 및 책임표시 사항',
    '서 명',
    '본서명',
    '표제사항 :',
  ])('"%s" is a title row', (label) => {
    expect(labelKind(label)).toBe('title');
  });

  it.each(['ISBN / 부가기호', 'ISBN(부가기호)', '표준번호/부가기호', 'ISBN 및 가격', '표준번호 및 가격'])(
    '"%s" is an ISBN row',
    (label) => {
      expect(labelKind(label)).toBe('isbn');
    },
  );

  it('does not take a holdings or call-number row for a title', () => {
    expect(labelKind('청구기호')).toBeNull();
    expect(labelKind('서명 및 저자 검색')).toBeNull();
  });

  it('reads title and authors from a 서명/저자 row', () => {
    const book = labelsOf('<table><tr><th>서명 / 저자</th><td>아몬드 : 손원평 장편소설 / 손원평 지음</td></tr></table>');
    expect(book.title).toBe('아몬드 : 손원평 장편소설');
    expect(book.authors).toEqual(['손원평']);
  });

  it('reads a 표제 및 책임표시사항 row', () => {
    const book = labelsOf('<dl><dt>표제 및 책임표시사항</dt><dd>소년이 온다 : 한강 장편소설 / 한강 지음</dd></dl>');
    expect(book.title).toBe('소년이 온다 : 한강 장편소설');
    expect(book.authors).toEqual(['한강']);
  });
});

describe('ISBN rows with the additional code and price', () => {
  it.each([
    ['th/td', '<table><tr><th>ISBN</th><td>ISBN 9788936434267 03810 : \\15000</td></tr></table>'],
    ['th/td, parenthesised code and won sign', '<table><tr><th>ISBN</th><td>9788936434267 (03810) : ₩15,000</td></tr></table>'],
    ['one cell', '<table><tr><td>ISBN 9788936434267 03810 : \\15000</td></tr></table>'],
    ['one list item', '<ul><li>ISBN 9788936434267 03810 : \\15000</li></ul>'],
    ['one list item, hyphenated', '<ul><li>ISBN 978-89-364-3426-7 03810 : \\15000</li></ul>'],
    ['a paragraph', '<p>ISBN 9788936434267 (03810) : ₩15,000</p>'],
    ['a dd after a 표준번호 dt', '<dl><dt>표준번호</dt><dd>ISBN 9788936434267 03810 : \\15000</dd></dl>'],
    ['an ISBN/부가기호 row', '<table><tr><th>ISBN/부가기호</th><td>9788936434267 / 03810</td></tr></table>'],
  ])('%s yields the ISBN', (_name, html) => {
    expect(labelsOf(html).isbn13).toBe('9788936434267');
  });

  it('an ISBN-10 with its additional code yields that ISBN, never a number glued to the code', () => {
    expect(labelsOf('<ul><li>ISBN 89-364-3426-8 03810 : \\9500</li></ul>').isbn13).toBe('9788936434267');
  });
});

const COVER_BOX = (beside: string) => `<html><head><title>아몬드 - 예스24</title></head><body>
  <div id="yDetailTopWrap"><div class="gd_imgArea"><img src="https://image.yes24.com/goods/37300128/XL"></div>
    <h2 class="gd_name">아몬드</h2></div>
  ${beside}
</body></html>`;

describe('a site detector falls back to the whole page', () => {
  it('finds the information table beside the product area', () => {
    const html = COVER_BOX('<div class="infoSet"><table><tr><th>ISBN13</th><td>9788936434267</td></tr></table></div>');
    expect(detectBook(parseHtml(html, YES24), YES24)?.isbn13).toBe('9788936434267');
  });

  it("reads every region the site's product-area selectors match, not only the first", () => {
    // No label row anywhere: only the checksum scan of the second candidate region (.gd_infoTop) finds it.
    const html = COVER_BOX('<div class="gd_infoTop"><span>9788936434267</span> · 264쪽 · <a href="/x">9788936434267</a></div>');
    expect(detectBook(parseHtml(html, YES24), YES24)?.isbn13).toBe('9788936434267');
  });

  it('refuses when two candidate regions name different ISBNs', () => {
    const html = COVER_BOX(`<div class="gd_infoTop"><span>9788936434267</span> <span>9788936434267</span></div>
      <div class="gd_infoTop"><span>9788954682152</span> <span>9788954682152</span></div>`);
    expect(detectBook(parseHtml(html, YES24), YES24)).toBeNull();
  });

  it('refuses when the page names two different ISBNs', () => {
    const html = COVER_BOX(`<div class="infoSet"><table><tr><th>ISBN13</th><td>9788936434267</td></tr></table></div>
      <div class="other"><table><tr><th>ISBN</th><td>9788954682152</td></tr></table></div>`);
    expect(detectBook(parseHtml(html, YES24), YES24)).toBeNull();
  });

  it('ignores ISBNs in regions that list other books', () => {
    const html = COVER_BOX(`<div class="box"><h4>이 책과 함께 구매한 상품</h4>
      <table><tr><th>ISBN</th><td>9788954682152</td></tr></table></div>`);
    expect(detectBook(parseHtml(html, YES24), YES24)).toBeNull();
  });

  it('does not look elsewhere when the product area shows its own record without an ISBN', () => {
    const html = `<html><body><div class="bookDetailInfo"><h3>옛 문집</h3>
      <table><tr><th>발행사항</th><td>서울 : 미상, 1930</td></tr></table></div>
      <div class="box"><table><tr><th>ISBN</th><td>9788936434120</td></tr></table></div></body></html>`;
    expect(detectBook(parseHtml(html, OPAC), OPAC)).toBeNull();
  });

  it('reads an ISBN line that is not a table row', () => {
    const html = COVER_BOX('<div class="infoSet"><p>ISBN : 9788936434267 03810 | 264쪽 | 창비</p></div>');
    expect(detectBook(parseHtml(html, YES24), YES24)?.isbn13).toBe('9788936434267');
  });

  it('stays strict on pages no site claims (the generic detector never reads the whole page)', () => {
    const url = 'https://example.org/books/1';
    const html =
      '<html><head><meta property="og:type" content="book"><title>Almond</title></head><body><table><tr><th>ISBN</th><td>9788936434267</td></tr></table></body></html>';
    expect(detectBook(parseHtml(html, url), url)).toBeNull();
  });
});

describe('title fallback', () => {
  const page = (area: string, outside = '') => `<html><head><title>어느구립도서관</title>
    <meta property="og:title" content="어느구립도서관"></head><body>
    <header><h1>어느구립도서관</h1></header>${outside}
    <div class="bookDetailInfo">${area}<table><tr><th>ISBN</th><td>ISBN 9788936434267 03810 : \\15000</td></tr></table></div>
    </body></html>`;

  it("uses the product area's heading when the title selectors and labels miss", () => {
    const book = detectBook(parseHtml(page('<h4>상세정보</h4><h3>아몬드 : 손원평 장편소설 / 손원평 지음</h3>'), OPAC), OPAC);
    expect(book?.title).toBe('아몬드 : 손원평 장편소설');
  });

  it("uses the page's main heading, never the library's name in the banner", () => {
    const book = detectBook(parseHtml(page('', '<main><h2>아몬드</h2></main>'), OPAC), OPAC);
    expect(book?.title).toBe('아몬드');
  });

  it('yields nothing rather than the site name when there is no heading at all', () => {
    expect(detectBook(parseHtml(page(''), OPAC), OPAC)).toBeNull();
  });
});
