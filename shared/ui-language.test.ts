import { describe, expect, it } from 'vitest';
import { acceptedLanguages, pickLanguage } from './ui-language';

describe('the web room’s language', () => {
  it('Accept-Language: by weight, then by order; q=0 and junk left out', () => {
    expect(acceptedLanguages('ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7')).toEqual(['ko-KR', 'ko', 'en-US', 'en']);
    expect(acceptedLanguages('en;q=0.5, ko;q=0.9')).toEqual(['ko', 'en']);
    expect(acceptedLanguages('fr, ko;q=0')).toEqual(['fr']);
    expect(acceptedLanguages('en;q=abc, ko')).toEqual(['ko']);
    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(acceptedLanguages('')).toEqual([]);
  });

  it('the page and the server pick the same catalogue from the same list', () => {
    expect(pickLanguage(acceptedLanguages('ko-KR,ko;q=0.9,en;q=0.8'))).toBe('ko');
    expect(pickLanguage(acceptedLanguages('ja-JP, en-GB;q=0.8, ko;q=0.5'))).toBe('en');
    expect(pickLanguage(acceptedLanguages('fr-FR'))).toBe('en');
  });
});
