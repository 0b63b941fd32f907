import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_IDS,
  categoryForBook,
  categoryFromKdc,
  categoryFromStorePath,
  categoryLabel,
  INTEREST_IDS,
  isCategoryId,
} from './categories';

describe('the category list', () => {
  it('has stable, unique ASCII ids with Korean and English labels', () => {
    expect(new Set(CATEGORY_IDS).size).toBe(CATEGORY_IDS.length);
    for (const c of CATEGORIES) {
      expect(c.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(c.ko.length).toBeGreaterThan(0);
      expect(c.en.length).toBeGreaterThan(0);
    }
    expect(CATEGORY_IDS.slice(0, 3)).toEqual(['novel', 'poetry-essay', 'humanities']);
    expect(INTEREST_IDS).not.toContain('other');
    expect(INTEREST_IDS).toHaveLength(18);
  });
  it('labels in the reader language', () => {
    expect(categoryLabel('poetry-essay', 'ko')).toBe('시/에세이');
    expect(categoryLabel('poetry-essay', 'ko-KR')).toBe('시/에세이');
    expect(categoryLabel('poetry-essay', 'en-US')).toBe('Poetry & essays');
    expect(isCategoryId('novel')).toBe(true);
    expect(isCategoryId('Novel')).toBe(false);
    expect(isCategoryId(3)).toBe(false);
  });
});

describe('categoryFromKdc (KDC 6th ed., not DDC)', () => {
  it.each([
    ['813.7', 'novel'],
    ['813', 'novel'],
    ['823.914', 'novel'],
    ['812', 'novel'], // 희곡
    ['811.6', 'poetry-essay'], // 시
    ['814.6', 'poetry-essay'], // 수필
    ['843', 'novel'], // 영미 소설
    ['181.1', 'humanities'], // 심리학
    ['100', 'humanities'],
    ['234', 'religion'],
    ['325.04', 'business'], // 경영
    ['320', 'business'],
    ['340', 'society'], // 정치
    ['370', 'exam-study'],
    ['400', 'science'],
    ['404', 'science'],
    ['510', 'health-hobby'], // 의학
    ['594.5', 'home-cooking'], // 요리
    ['566', 'tech-it'],
    ['600', 'arts'],
    ['657', 'comics'],
    ['692', 'health-hobby'], // 스포츠
    ['700', 'language'], // KDC 700 is 언어 (DDC would say arts)
    ['740', 'language'],
    ['911', 'history'],
    ['981', 'travel'],
    ['000', 'other'],
    ['030', 'other'],
  ])('%s → %s', (kdc, expected) => {
    expect(categoryFromKdc(kdc)).toBe(expected);
  });
  it('returns other for junk', () => {
    expect(categoryFromKdc('')).toBe('other');
    expect(categoryFromKdc('81')).toBe('other');
    expect(categoryFromKdc('abc')).toBe('other');
    expect(categoryFromKdc('8137')).toBe('other');
  });
});

describe('categoryFromStorePath (YES24, Kyobo, Aladin)', () => {
  it.each([
    // Aladin API categoryName and breadcrumbs
    ['국내도서>소설/시/희곡>한국소설>2000년대 이후 한국소설', 'novel'],
    ['국내도서>소설/시/희곡>시>한국시', 'poetry-essay'],
    ['국내도서>에세이>한국에세이', 'poetry-essay'],
    ['국내도서>경제경영>재테크/투자', 'business'],
    ['국내도서>인문학>심리학/정신분석학', 'humanities'],
    ['국내도서>사회과학>정치학/외교학/행정학', 'society'],
    ['국내도서>과학>기초과학/교양과학', 'science'],
    ['국내도서>컴퓨터/모바일>프로그래밍 언어', 'tech-it'],
    ['국내도서>만화>역사만화', 'comics'],
    ['국내도서>좋은부모>육아', 'home-cooking'],
    ['국내도서>요리/살림', 'home-cooking'],
    ['국내도서>건강/취미>등산/캠핑', 'health-hobby'],
    ['국내도서>종교/역학>기독교(개신교)', 'religion'],
    ['국내도서>수험서/자격증>공무원', 'exam-study'],
    ['국내도서>대학교재/전문서적>공학계열', 'exam-study'],
    ['국내도서>청소년>청소년 소설', 'kids-teens'],
    ['국내도서>어린이>동화/명작/고전', 'kids-teens'],
    ['국내도서>외국어>영어회화', 'language'],
    ['국내도서>여행>국내여행', 'travel'],
    ['국내도서>역사>한국사', 'history'],
    ['국내도서>예술/대중문화>음악', 'arts'],
    ['국내도서>자기계발>성공/처세', 'self-help'],
    // Kyobo (detectors join the labels with " > ")
    ['국내도서 > 소설 > 한국소설', 'novel'],
    ['국내도서 > 소설 > 일본소설', 'novel'],
    ['국내도서 > 시/에세이 > 한국에세이', 'poetry-essay'],
    ['국내도서 > 중/고등참고서 > 국어', 'exam-study'],
    ['국내도서 > 가정/육아', 'home-cooking'],
    ['국내도서 > 컴퓨터/IT > 웹사이트', 'tech-it'],
    ['국내도서 > 정치/사회', 'society'],
    // YES24 (category labels on the page)
    ['인문 > 글쓰기 > 글쓰기 일반', 'humanities'],
    ['국내도서 > IT 모바일 > 프로그래밍 언어', 'tech-it'],
    ['국내도서 > 국어 외국어 사전', 'language'],
    ['국내도서 > 가정 살림', 'home-cooking'],
    ['국내도서 > 건강 취미', 'health-hobby'],
    ['국내도서 > 수험서 자격증', 'exam-study'],
  ])('%s → %s', (path, expected) => {
    expect(categoryFromStorePath(path)).toBe(expected);
  });
  it('returns other when no segment names a subject', () => {
    expect(categoryFromStorePath('')).toBe('other');
    expect(categoryFromStorePath('국내도서')).toBe('other');
    expect(categoryFromStorePath('국내도서 > 잡지')).toBe('other');
  });
});

describe('categoryForBook', () => {
  it('prefers the store path, then KDC, else other', () => {
    expect(categoryForBook({ categoryPath: '국내도서 > 역사', kdc: '813.7' })).toBe('history');
    expect(categoryForBook({ categoryPath: '국내도서', kdc: '813.7' })).toBe('novel');
    expect(categoryForBook({ kdc: '911' })).toBe('history');
    expect(categoryForBook({})).toBe('other');
  });
});
