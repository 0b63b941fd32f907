/**
 * The saved book pages the detection benches run on, each at the URL a reader would see it under: the shared
 * saved pages (../shared/fixtures/book-pages, at the URL their README gives; skipped with a notice when absent)
 * and the project's own extension/detectors/fixtures at the URLs extension/detectors/sites.test.ts uses.
 * The one list both bench:detect and bench:panel time, so both time the same pages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ROOT } from './stack';

export type PageCase = { name: string; file: string; url: string };

const SHARED = join(ROOT, '..', 'shared', 'fixtures', 'book-pages');
const OWN = join(ROOT, 'extension', 'detectors', 'fixtures');
export const NEUTRAL_URL = 'https://www.example.org/articles/2026/reading-notes';

/** Where a negative saved page would live (its README has no URL): as saved-pages.test.ts. */
const NEGATIVE_URLS: Record<string, string> = {
  yes24: 'https://www.yes24.com/Product/Search?domain=ALL&query=9791197221989',
  kyobo: 'https://search.kyobobook.co.kr/search?keyword=9791197221989',
  aladin: 'https://www.aladin.co.kr/search/wsearchresult.aspx?SearchTarget=All&SearchWord=9791197221989',
  'library-opac': 'https://lib.sdm.or.kr/sdmlib/menu/10003/program/30001/searchResultList.do?searchKeyword=%ED%8E%B8',
};

function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = join(dir, e.name);
      if (e.isDirectory()) return htmlFiles(full);
      return e.name.endsWith('.html') ? [full] : [];
    })
    .sort();
}

function readmeUrl(file: string): string | null {
  const readme = file.replace(/\.html$/, '.README.md');
  if (!existsSync(readme)) return null;
  const m = /```json\s*([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'));
  if (!m?.[1]) return null;
  try {
    const url = (JSON.parse(m[1]) as { url?: unknown }).url;
    return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
  } catch {
    return null;
  }
}

export function bookPageCases(log: (line: string) => void): PageCase[] {
  const shared: PageCase[] = [];
  if (existsSync(SHARED)) {
    for (const file of htmlFiles(SHARED)) {
      const site = basename(dirname(file));
      shared.push({
        name: `shared/${relative(SHARED, file)}`,
        file,
        url: readmeUrl(file) ?? NEGATIVE_URLS[site] ?? 'https://example.org/',
      });
    }
  } else log(`notice: ${SHARED} not found: the shared saved pages are skipped`);
  const spec = readFileSync(join(ROOT, 'extension', 'detectors', 'sites.test.ts'), 'utf8');
  const pairs = [...spec.matchAll(/file:\s*'([^']+)',\s*url:\s*'([^']+)'/g)].map((m) => ({ file: m[1]!, url: m[2]! }));
  const listed = new Set(pairs.map((p) => p.file));
  const own: PageCase[] = pairs
    .filter((p) => existsSync(join(OWN, p.file)))
    .map((p) => ({ name: `own/${p.file}`, file: join(OWN, p.file), url: p.url }));
  for (const file of htmlFiles(OWN)) {
    const rel = relative(OWN, file);
    if (!listed.has(rel)) own.push({ name: `own/${rel}`, file, url: NEUTRAL_URL });
  }
  return [...shared, ...own];
}

export function charsetOf(file: string, bytes: Buffer): string {
  const head = bytes.subarray(0, 4096).toString('latin1');
  return /euc-kr/i.test(basename(file)) || /charset\s*=\s*["']?(?:euc-kr|ks_c_5601|cp949)/i.test(head) ? 'euc-kr' : 'utf-8';
}

/**
 * Serve saved pages under their real URLs in this browser context (every other request is aborted, so nothing
 * leaves loopback). Returns `show(c)`: the next navigation to `c.url` gets `c.file`'s bytes with its charset.
 */
export async function serveSavedPages(context: BrowserContext): Promise<(c: PageCase) => void> {
  let current: { url: string; body: Buffer; charset: string } | null = null;
  const bare = (u: string) => u.replace(/#.*$/, '');
  await context.route('**/*', (route) => {
    const req = route.request();
    if (current && req.isNavigationRequest() && bare(req.url()) === bare(current.url)) {
      return route.fulfill({
        status: 200,
        headers: {
          'content-type': `text/html; charset=${current.charset}`,
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        },
        body: current.body,
      });
    }
    return route.abort();
  });
  return (c) => {
    const body = readFileSync(c.file);
    current = { url: c.url, body, charset: charsetOf(c.file, body) };
  };
}
