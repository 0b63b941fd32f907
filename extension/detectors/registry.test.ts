/**
 * Meta-tests that keep the registry honest (refined-github / github-url-detection style): every file in
 * sites/ is registered under its file name, carries examples, matches its own detail examples, rejects
 * its notDetail examples, and no detector claims another detector's example URLs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplesOf, homepageOf, summaryOf } from './examples';
import { claimsUrl, DETECTORS, GENERIC_DETECTOR, isDetailUrl, matchSite, SITE_DETECTORS } from './index';
import { repoRoot } from './test-support';

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
      expect(
        exported.map((d) => d.id),
        file,
      ).toEqual([file]);
    }
  });

  it.each(DETECTORS.map((d) => [d.id, d] as const))('%s has a name, homepage, summary and example URLs', (_id, d) => {
    expect(d.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(d.name.length).toBeGreaterThan(0);
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
