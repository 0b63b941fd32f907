/**
 * Meta-tests that keep the registry honest (refined-github / github-url-detection style): every file in
 * sites/ is registered under its file name, carries examples, matches its own detail examples, rejects
 * its notDetail examples, and no detector claims another detector's example URLs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplesOf, homepageOf, nameOf, summaryOf } from './examples';
import { claimsUrl, DETECTORS, GENERIC_DETECTOR, isDetailUrl, matchSite, SITE_DETECTORS, siteCandidates } from './index';
import { repoRoot, sharedPagesDir } from './test-support';

const sitesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sites');
const siteFiles = readdirSync(sitesDir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => name.replace(/\.ts$/, ''));

describe('detector registry', () => {
  it('registers every file under sites/, each once, with its file name as id', () => {
    const ids = DETECTORS.map((d) => d.id);
    expect([...ids].sort()).toEqual([...siteFiles].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(GENERIC_DETECTOR.id).toBe('generic');
    expect(DETECTORS.at(-1)).toBe(GENERIC_DETECTOR);
  });

  it('exports each detector from the file named after it', async () => {
    for (const file of siteFiles) {
      const mod = (await import(`./sites/${file}.ts`)) as Record<string, { id?: string }>;
      const exported = Object.values(mod).filter((value) => typeof value === 'object' && value && 'id' in value);
      expect(typeof mod.displayName, file).toBe('string');
      expect(
        exported.map((d) => d.id),
        file,
      ).toEqual([file]);
    }
  });

  it.each(DETECTORS.map((d) => [d.id, d] as const))('%s has a name, homepage, summary and example URLs', (_id, d) => {
    expect(d.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(nameOf(d).length).toBeGreaterThan(0);
    expect(summaryOf(d).length).toBeGreaterThan(0);
    expect(homepageOf(d)).toMatch(/^https:\/\//);
    expect(examplesOf(d).detail.length).toBeGreaterThanOrEqual(1);
    expect(examplesOf(d).notDetail.length).toBeGreaterThanOrEqual(1);
    expect(d.urlPatterns.length).toBeGreaterThanOrEqual(1);
  });
});

describe.each(SITE_DETECTORS.map((d) => [d.id, d] as const))('site detector %s', (_id, d) => {
  it.each(examplesOf(d).detail.map((u) => [u]))('claims its detail example %s', (url) => {
    const match = matchSite(url);
    expect(match?.detector.id).toBe(d.id);
    expect(match?.isDetail).toBe(true);
  });

  it.each(examplesOf(d).notDetail.map((u) => [u]))('owns but rejects its notDetail example %s', (url) => {
    expect(isDetailUrl(d, new URL(url).href)).toBe(false);
    expect(claimsUrl(d, new URL(url).href)).toBe(true);
    const match = matchSite(url);
    expect(match?.detector.id).toBe(d.id);
    expect(match?.isDetail).toBe(false);
  });
});

describe('no detector claims another detector’s example URLs', () => {
  const examples = SITE_DETECTORS.flatMap((owner) =>
    [...examplesOf(owner).detail, ...examplesOf(owner).notDetail].map((url) => ({ owner, url })),
  );
  it.each(examples.map((e) => [`${e.owner.id}: ${e.url.slice(0, 100)}`, e] as const))('%s', (_name, { owner, url }) => {
    const href = new URL(url).href;
    for (const other of SITE_DETECTORS) {
      if (other === owner) continue;
      expect(isDetailUrl(other, href), `${other.id} takes it as a detail page`).toBe(false);
      expect(claimsUrl(other, href), `${other.id} claims it`).toBe(false);
    }
  });

  it.each(examplesOf(GENERIC_DETECTOR).detail.map((u) => [u]))('generic example %s is left to the generic detector', (url) => {
    expect(matchSite(url)).toBeNull();
    expect(isDetailUrl(GENERIC_DETECTOR, url)).toBe(true);
  });

  it.each(examplesOf(GENERIC_DETECTOR).notDetail.map((u) => [u]))('generic refuses %s', (url) => {
    expect(matchSite(url)).toBeNull();
    expect(isDetailUrl(GENERIC_DETECTOR, url)).toBe(false);
  });
});

describe('matchSite host table', () => {
  /** The scan matchSite did before the host table: every site detector's patterns, in registry order. */
  function fullScan(url: string): { id: string; isDetail: boolean } | null {
    const href = new URL(url).href;
    const d = SITE_DETECTORS.find((x) => isDetailUrl(x, href)) ?? SITE_DETECTORS.find((x) => claimsUrl(x, href));
    return d ? { id: d.id, isDetail: isDetailUrl(d, href) } : null;
  }
  // Every URL the tests know: each detector's examples, the hand-written page cases, Zotero's web cases.
  const zoteroFile = path.join(sharedPagesDir, 'zotero-cases.json');
  const zotero = existsSync(zoteroFile)
    ? (JSON.parse(readFileSync(zoteroFile, 'utf8')) as { cases: { url: string }[] }).cases.map((c) => c.url)
    : [];
  const pageCases = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'sites.test.ts'), 'utf8');
  const known = [
    ...DETECTORS.flatMap((d) => [...examplesOf(d).detail, ...examplesOf(d).notDetail]),
    ...[...pageCases.matchAll(/url:\s*'(https?:[^']+)'/g)].map((m) => m[1] ?? ''),
    ...zotero,
    // Same sites on other hosts, ports, cases and subdomains.
    'https://M.YES24.COM/Goods/Detail/125557465',
    'https://www.amazon.com.au/dp/0810989891',
    'https://books.google.co.kr/books?id=abc',
    'https://www.google.de/books/edition/_/U4NmPwAACAAJ',
    'https://lib.seoul.go.kr:443/search/detail/CAT000000890204',
    'https://library.example.ac.kr/kolaseek/plus/search/plusSearchResultDetail.do?recKey=1',
    'https://www.nl.go.kr/kolaseek/plus/search/plusSearchResultDetail.do?recKey=1',
    'https://lib.seoul.go.kr/x/searchResultDetail.do?bookKey=1',
    'https://www.example.org/articles/2026/reading-notes',
  ].filter((url) => /^https?:/i.test(url));

  it.each(known.map((url) => [url.slice(0, 110), url]))('%s: the same site and verdict as scanning every detector', (_n, url) => {
    const match = matchSite(url);
    expect(match ? { id: match.detector.id, isDetail: match.isDetail } : null).toEqual(fullScan(url));
  });

  it('names each site by its id’s first word in a host label, or by URL hints when it runs on any host', () => {
    for (const d of SITE_DETECTORS) {
      const word = d.id.split('-')[0] ?? '';
      for (const url of [...examplesOf(d).detail, ...examplesOf(d).notDetail]) {
        const labels = new URL(url).hostname.split('.');
        const hinted = d.urlHints?.some((h) => url.toLowerCase().includes(h));
        expect(d.urlHints ? hinted : labels.some((l) => l.startsWith(word)), `${d.id}: ${url}`).toBe(true);
      }
      for (const h of d.urlHints ?? []) expect(h, d.id).toBe(h.toLowerCase());
    }
  });

  it('tests only the sites a URL’s host names (plus the any-host OPACs whose hints the URL has)', () => {
    const ids = (url: string) => siteCandidates(new URL(url)).map((d) => d.id);
    expect(ids('https://www.yes24.com/Product/Goods/125557465')).toEqual(['yes24']);
    expect(ids('https://www.amazon.co.uk/dp/1849757097')).toEqual(['amazon']);
    expect(ids('https://www.example.org/articles/2026/reading-notes')).toEqual([]);
    expect(ids('https://lib.sdm.or.kr/sdmlib/menu/10003/program/30001/searchResultDetail.do?bookKey=1')).toEqual(['kolas-opac']);
    expect(ids('https://www.nl.go.kr/kolaseek/x')).toEqual(['nl-korea', 'kolas-opac']);
  });

  it('goes by the host name, not a look-alike in the user info or the path', () => {
    expect(matchSite('https://yes24.com:x@evil.example/Product/Goods/1')).toBeNull();
    expect(matchSite('https://evil.example/www.yes24.com/Product/Goods/125557465')).toBeNull();
    expect(matchSite('https://yes24.com.evil.example/Product/Goods/125557465')?.detector.id).toBeUndefined();
  });
});

describe('README supported-sites table', () => {
  const readmePath = path.join(repoRoot, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const section = /<!-- supported-sites:start -->([\s\S]*?)<!-- supported-sites:end -->/.exec(readme)?.[1] ?? '';

  it('has the section with the expected columns', () => {
    expect(section).toContain('| Site | What is detected | Example URL | Detector id |');
  });

  it.each(DETECTORS.map((d) => [d.id]))('lists %s', (id) => {
    const rows = section.split('\n').filter((line) => line.startsWith('|'));
    expect(rows.some((row) => row.trimEnd().endsWith(`| \`${id}\` |`))).toBe(true);
  });
});
