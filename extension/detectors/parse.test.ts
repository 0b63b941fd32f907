import { describe, expect, it } from 'vitest';
import { clip, normalizeDate, parseImprint, parseKdc, parsePages, parsePrice, splitAuthors, stripRole } from './parse';

describe('parse helpers', () => {
  it.each([
    ['히가시노 게이고 (지음)', '히가시노 게이고'],
    ['유선경 저', '유선경'],
    ['지은이: 한강 ', '한강'],
    ['Mat Follas (Author)', 'Mat Follas'],
    ['김석희 옮김', '김석희'],
    ['이역', '이역'],
    ['유기농볼셰비키 외 지음', '유기농볼셰비키'],
    // The patterns run only for names that can carry a role: these check the quick tests in front of them.
    ['Jane Smith (EDITOR) ', 'Jane Smith'],
    ['김영하 [저]', '김영하'],
    ['홍길동 외 3명', '홍길동'],
    ['홍길동 글·그림', '홍길동'],
    ['By Jane Doe', 'Jane Doe'],
    ['BY: Jane Doe', 'Jane Doe'],
    ['저자명：김영하', '김영하'],
    ['Byron Katie', 'Byron Katie'],
    ['Anne Authorson', 'Anne Authorson'],
    ['한강, 옮김 ', '한강'],
  ])('stripRole(%s)', (input, expected) => {
    expect(stripRole(input)).toBe(expected);
  });

  it('splits author lines on the separators Korean sites use', () => {
    expect(splitAuthors('히가시노 게이고 지음 | 최고은 번역')).toEqual(['히가시노 게이고', '최고은']);
    expect(splitAuthors('무라타 사야카 지음 ; 김석희 옮김')).toEqual(['무라타 사야카', '김석희']);
    expect(splitAuthors('스티븐 스티글러 저/조재근 역')).toEqual(['스티븐 스티글러', '조재근']);
    expect(splitAuthors('Collins, Nick')).toEqual(['Collins, Nick']);
    expect(splitAuthors('<b>Kim</b>')).toEqual(['Kim']);
  });

  it.each([
    ['2024-03-28', '2024-03-28'],
    ['20170331', '2017-03-31'],
    ['2024년 03월 28일', '2024-03-28'],
    ['2005.1.15', '2005-01-15'],
    ['7 April 2016', '2016-04-07'],
    ['April 20, 2021', '2021-04-20'],
    ['2024-07-23T00:00:00+09:00', '2024-07-23'],
    ['2021년 9월', '2021-09'],
    ['c1985', '1985'],
    ['20241399', undefined],
    ['no date', undefined],
  ])('normalizeDate(%s)', (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });

  it('reads pages, prices, KDC and imprints', () => {
    expect(parsePages('368쪽 | 580g | 152*225*20mm')).toBe(368);
    expect(parsePages('xii, 436 p. ; 23 cm')).toBe(436);
    expect(parsePages('176 pages')).toBe(176);
    expect(parsePages(372)).toBe(372);
    expect(parsePages('0쪽')).toBeUndefined();
    expect(parsePrice('17,820원')).toBe(17820);
    expect(parseKdc('한국십진분류법->813.7')).toBe('813.7');
    expect(parseKdc('KDC 6 : 813.62')).toBe('813.62');
    expect(parseImprint('파주 : 한울, 2005')).toEqual({ publisher: '한울', pubDate: '2005' });
  });

  it('clips to plain, bounded text', () => {
    expect(clip('<p>a &amp; b</p>', 10)).toBe('a & b');
    expect(clip('x'.repeat(50), 10)).toHaveLength(10);
    expect(clip(42, 10)).toBe('');
  });
});
