import { afterAll, describe, expect, it } from 'vitest';
import { closeWindows, parseHtml } from '../test-support';
import { flightBook, readFlightText } from './framework';

/** One `self.__next_f.push([1, "…"])` script, encoded the way Next.js writes it. */
function push(text: string): string {
  return `<script>self.__next_f.push([1, ${JSON.stringify(text)}])</script>`;
}

const top = (id: string, isbn: string, title: string) => ({ saleCmdtId: id, title, cmdtCode: isbn });

describe('Kyobo flight data', () => {
  afterAll(closeWindows);

  it('picks the product whose saleCmdtId is the page’s S-id, not a recommended one listed first', () => {
    const row = [
      '$',
      '$Lf',
      'S000000610625',
      {
        recommend: { data: { top: top('S000000000001', '9788936434120', '소년이 온다') } },
        data: { top: top('S000000610625', '9788936434267', '아몬드'), summary: { basicInfo: { page: 263 } } },
      },
    ];
    const doc = parseHtml(
      `<html><body>${push(`5:${JSON.stringify([row])}\n`)}</body></html>`,
      'https://product.kyobobook.co.kr/',
    );
    const book = flightBook(readFlightText(doc), 'S000000610625');
    expect(book).toMatchObject({ isbn13: '9788936434267', title: '아몬드', pages: 263, extractor: 'framework' });
    expect(flightBook(readFlightText(doc), 'S999999999999')).toBeNull();
    expect(flightBook(readFlightText(doc), null)).toBeNull();
  });

  it('joins a row split across chunks and skips a broken push', () => {
    const row = `5:[["$","$Lf","S000000610625",{"data":{"top":{"saleCmdtId":"S000000610625","title":"아몬드","cmdtCode":"9788936434267"}}}]]\n`;
    const cut = 60;
    const html = `<html><body>${push(row.slice(0, cut))}<script>self.__next_f.push([1, "broken</script>${push(row.slice(cut))}</body></html>`;
    const book = flightBook(readFlightText(parseHtml(html, 'https://product.kyobobook.co.kr/')), 'S000000610625');
    expect(book?.isbn13).toBe('9788936434267');
  });

  it('falls back to the cmdtCode after the page’s own saleCmdtId when a row is not plain JSON', () => {
    const row =
      '5:[{"data":{"top":{"saleCmdtId":"S000000000001","cmdtCode":"9788936434120"}},"x":$undefined},' +
      '{"data":{"top":{"saleCmdtId":"S000000610625","title":"아몬드","cmdtCode":"9788936434267"}},"y":$undefined}]\n';
    const book = flightBook(
      readFlightText(parseHtml(`<html><body>${push(row)}</body></html>`, 'https://x.test/')),
      'S000000610625',
    );
    expect(book).toMatchObject({ isbn13: '9788936434267', title: '아몬드' });
  });

  it('reads basicInfo.isbn with the ISBN-10 in brackets (foreign books)', () => {
    const row = {
      data: {
        top: { saleCmdtId: 'S000000000009', title: 'X' },
        summary: { basicInfo: { isbn: '9781807300814 ( 1807300811 )' } },
      },
    };
    const doc = parseHtml(`<html><body>${push(`3:${JSON.stringify(row)}\n`)}</body></html>`, 'https://product.kyobobook.co.kr/');
    expect(flightBook(readFlightText(doc), 'S000000000009')).toMatchObject({ isbn13: '9781807300814', isbn10: '1807300811' });
  });
});
