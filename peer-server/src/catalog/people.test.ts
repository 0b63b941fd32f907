import { describe, expect, it } from 'vitest';
import { splitPeople } from './people';

describe('splitPeople', () => {
  it.each([
    // seoji: names by commas, role groups by ";"
    [
      '세바스티안 아이그너,로만 엘리자로프,스베트라나 이사코바,드미트리 제메로프 지음 ;오현석 옮김',
      ['세바스티안 아이그너', '로만 엘리자로프', '스베트라나 이사코바', '드미트리 제메로프'],
      ['오현석'],
    ],
    // YES24
    ['무라카미 하루키 저/홍은주 역', ['무라카미 하루키'], ['홍은주']],
    ['A, B 공저/C 역', ['A', 'B'], ['C']],
    ['백희나 글·그림', ['백희나'], []],
    ['존 버닝햄 글/그림/이상희 옮김', ['존 버닝햄'], ['이상희']],
    ['앤서니 브라운 글/허은미 그림', ['앤서니 브라운', '허은미'], []],
    // data4library
    ['지은이: 신경숙', ['신경숙'], []],
    ['지은이: 알랭 드 보통 ;옮긴이: 정영목', ['알랭 드 보통'], ['정영목']],
    ['글: 김영하 ; 그림: 이우일', ['김영하', '이우일'], []],
    // Aladin style, per person
    ['유발 하라리 (지은이), 조현욱 (옮긴이)', ['유발 하라리'], ['조현욱']],
    // "외" (and others)
    ['김난도 외 지음', ['김난도'], []],
    ['한강 지음', ['한강'], []],
    ['J. R. R. 톨킨 저 ; 김보원, 김번 공역', ['J. R. R. 톨킨'], ['김보원', '김번']],
    ['', [], []],
  ])('%j', (input, authors, translators) => {
    expect(splitPeople(input)).toEqual({ authors, translators });
  });

  it('takes arrays (Kakao) and a default role for roleless names', () => {
    expect(splitPeople(['Amal El-Mohtar', 'Max Gladstone'])).toEqual({
      authors: ['Amal El-Mohtar', 'Max Gladstone'],
      translators: [],
    });
    expect(splitPeople(['홍은주'], { defaultRole: 'translator' })).toEqual({ authors: [], translators: ['홍은주'] });
  });

  it('strips markup, drops duplicates and non-strings', () => {
    expect(splitPeople(['<b>한강</b> 지음', '한강', 42, null])).toEqual({ authors: ['한강'], translators: [] });
  });

  it('never keeps a bare role word as a person', () => {
    expect(splitPeople('저')).toEqual({ authors: [], translators: [] });
    expect(splitPeople('지은이:')).toEqual({ authors: [], translators: [] });
  });
});
