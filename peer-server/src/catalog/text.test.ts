import { describe, expect, it } from 'vitest';
import { htmlToText, plainLine, toHttpsUrl, toInt, toKdc, toPages, toPubDate } from './text';

describe('text helpers', () => {
  it('turns HTML (escaped or not) into plain text, keeping paragraphs', () => {
    expect(htmlToText('<b>Bold</b> and <i>it</i><br>next', 100)).toBe('Bold and it\nnext');
    expect(htmlToText('&lt;b&gt;escaped&lt;/b&gt; &amp; done', 100)).toBe('escaped & done');
    expect(htmlToText('<script>alert(1)</script>safe', 100)).toBe('safe');
    expect(htmlToText('<반지의 제왕> 3부작', 100)).toBe('<반지의 제왕> 3부작');
    expect(htmlToText('   ', 100)).toBeNull();
    expect(htmlToText(42, 100)).toBeNull();
    expect(htmlToText('가나다라마바사', 4)).toBe('가나다…');
  });

  it('makes one trimmed line free of highlight markup', () => {
    expect(plainLine('  <span class="searching_txt">채식</span>주의자 \n ', 300)).toBe('채식주의자');
    expect(plainLine('<em>Do it!</em>&nbsp;점프 투 파이썬', 300)).toBe('Do it! 점프 투 파이썬');
  });

  it('reads numbers written as strings', () => {
    expect(toInt('48000')).toBe(48000);
    expect(toInt('48,000원')).toBe(48000);
    expect(toInt(' 1,856 ')).toBe(1856);
    expect(toInt(20000)).toBe(20000);
    expect(toInt('')).toBeNull();
    expect(toInt('abc')).toBeNull();
    expect(toInt(-3)).toBeNull();
    expect(toInt(1.5)).toBeNull();
  });

  it('reads page counts', () => {
    expect(toPages('803 p.')).toBe(803);
    expect(toPages('xii, 803 p.')).toBe(803);
    expect(toPages('491 p. :')).toBe(491);
    expect(toPages('320쪽')).toBe(320);
    expect(toPages('574')).toBe(574);
    expect(toPages(0)).toBeNull();
    expect(toPages('')).toBeNull();
    expect(toPages('1책')).toBeNull();
  });

  it.each([
    ['20250227', '2025-02-27'],
    ['202502', '2025-02'],
    ['2025-02-27', '2025-02-27'],
    ['2019-10-03T00:00:00+02:00', '2019-10-03'],
    ['2018-04-24T00:00:00.000+09:00', '2018-04-24'],
    ['1996', '1996'],
    ['November 2006', '2006-11'],
    ['Oct 3, 2019', '2019-10'],
    ['2019 (2020 9刷)', '2019'],
    ['2025.02.27', '2025-02-27'],
    ['2025년 2월', '2025-02'],
    ['20251399', '2025'],
    ['', null],
    ['n.d.', null],
  ])('date %j → %j', (input, expected) => {
    expect(toPubDate(input)).toBe(expected);
  });

  it('upgrades to https, resolves relative URLs and refuses other schemes', () => {
    expect(toHttpsUrl('http://www.nl.go.kr/a.jpg')).toBe('https://www.nl.go.kr/a.jpg');
    expect(toHttpsUrl('kolis/2007/x.jpg', 'https://cover.nl.go.kr/')).toBe('https://cover.nl.go.kr/kolis/2007/x.jpg');
    expect(toHttpsUrl('//covers.example/x.jpg')).toBe('https://covers.example/x.jpg');
    expect(toHttpsUrl('javascript:alert(1)')).toBeNull();
    expect(toHttpsUrl('https://user:pw@example.org/')).toBeNull();
    expect(toHttpsUrl('')).toBeNull();
  });

  it('finds a KDC class inside a field', () => {
    expect(toKdc('813.7')).toBe('813.7');
    expect(toKdc(' 005.133 ')).toBe('005.133');
    expect(toKdc('813.7 (KDC6)')).toBe('813.7');
    expect(toKdc('')).toBeNull();
    expect(toKdc('8137')).toBeNull();
  });
});
