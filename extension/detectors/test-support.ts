/**
 * Test-only helpers (imported by *.test.ts, never by the extension): parse HTML with happy-dom, find
 * the shared fixtures folder (../shared next to the repository) and read its README expectations.
 */
// biome-ignore lint/style/noRestrictedImports: test-only helper (tests read fixtures from disk); the extension never imports it
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedPagesDir = path.resolve(repoRoot, '../shared/fixtures/book-pages');
export const ownFixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

let warned = false;
/** True when ../shared/fixtures/book-pages exists; warns once when it does not. */
export function haveSharedPages(): boolean {
  const present = existsSync(sharedPagesDir);
  if (!present && !warned) {
    warned = true;
    console.warn(`[detectors] ${sharedPagesDir} not found: tests on the shared saved pages are skipped`);
  }
  return present;
}

const windows: Window[] = [];

/** A parsed document for `html` at `url`. Scripts are never run; nothing is fetched. */
export function parseHtml(html: string, url: string): Document {
  const window = new Window({
    url: url.startsWith('http') ? url : 'https://example.invalid/',
    settings: {
      disableJavaScriptFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
      navigation: { disableChildFrameNavigation: true, disableChildPageNavigation: true, disableMainFrameNavigation: true },
    },
  });
  windows.push(window);
  const doc = window.document;
  doc.write(html);
  return doc as unknown as Document;
}

/** Close every window opened by `parseHtml` (call from afterAll). */
export async function closeWindows(): Promise<void> {
  const open = windows.splice(0);
  await Promise.all(open.map((w) => w.happyDOM.close()));
}

/** Read a saved page, decoding EUC-KR copies by their file name or meta charset. */
export function readPage(file: string): string {
  const bytes = readFileSync(file);
  const head = bytes.subarray(0, 2048).toString('latin1');
  const euckr = /euc-kr/i.test(path.basename(file)) || /charset\s*=\s*["']?(?:euc-kr|ks_c_5601|cp949)/i.test(head);
  return new TextDecoder(euckr ? 'euc-kr' : 'utf-8').decode(bytes);
}

/** The first ```json block of a fixture README. */
export function readmeExpectations(readme: string): Record<string, unknown> {
  const m = /```json\s*([\s\S]*?)```/.exec(readme);
  if (!m?.[1]) return {};
  return JSON.parse(m[1]) as Record<string, unknown>;
}

/** Lower-case, without spaces and punctuation: for loose title / author comparison. */
export function loose(value: string): string {
  return value.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

export function looselyIncludes(a: string, b: string): boolean {
  const x = loose(a);
  const y = loose(b);
  return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
}

function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(full);
    return entry.name.endsWith('.html') ? [full] : [];
  });
}

/** Where a negative page would live (its README has no URL): the site's search / list address. */
const NEGATIVE_URLS: Record<string, string> = {
  yes24: 'https://www.yes24.com/Product/Search?domain=ALL&query=9791197221989',
  kyobo: 'https://search.kyobobook.co.kr/search?keyword=9791197221989',
  aladin: 'https://www.aladin.co.kr/search/wsearchresult.aspx?SearchTarget=All&SearchWord=9791197221989',
  'library-opac': 'https://lib.sdm.or.kr/sdmlib/menu/10003/program/30001/searchResultList.do?searchKeyword=%ED%8E%B8',
};

export type SavedPageCase = {
  name: string;
  file: string;
  url: string;
  isbn13: string | null;
  expected: Record<string, unknown>;
};

/** Every saved page with its README expectations (isbn13 null for negatives). */
export function savedPageCases(): SavedPageCase[] {
  return htmlFiles(sharedPagesDir).map((file) => {
    const readmePath = file.replace(/\.html$/, '.README.md');
    const expected = existsSync(readmePath) ? readmeExpectations(readFileSync(readmePath, 'utf8')) : {};
    const site = path.basename(path.dirname(file));
    const isbn13 = (expected.isbn13 ?? expected.isbn13_derived ?? null) as string | null;
    const url = typeof expected.url === 'string' ? expected.url : (NEGATIVE_URLS[site] ?? 'https://example.org/');
    return { name: path.relative(sharedPagesDir, file), file, url, isbn13, expected };
  });
}
