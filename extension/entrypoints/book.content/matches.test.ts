import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { SITE_DETECTORS } from '../../detectors';
import { examplesOf } from '../../detectors/examples';
import { BOOK_SITE_MATCHES, OPAC_MATCHES, OPAC_PATH_GLOBS } from './matches';

const globToRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** Would Chrome inject one of our content scripts into this URL? */
function injected(url: string): boolean {
  if (BOOK_SITE_MATCHES.some((p) => new MatchPattern(p).includes(url))) return true;
  return OPAC_MATCHES.some((p) => new MatchPattern(p).includes(url)) && OPAC_PATH_GLOBS.some((g) => globToRegExp(g).test(url));
}

describe('content script match patterns', () => {
  it('cover every detail example URL of every site detector (the chip can only appear where the script runs)', () => {
    const missed = SITE_DETECTORS.flatMap((d) =>
      examplesOf(d)
        .detail.filter((url) => !injected(url))
        .map((url) => `${d.id}: ${url}`),
    );
    expect(missed).toEqual([]);
  });

  it('stay off unrelated sites', () => {
    for (const url of [
      'https://www.google.com/search?q=book',
      'https://mail.naver.com/',
      'https://www.gov.kr/portal/main',
      'https://example.com/',
    ]) {
      expect(injected(url), url).toBe(false);
    }
  });
});
