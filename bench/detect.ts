/**
 * Book detection benchmark: `Detectors.detectBook(document, url)` timed inside Debian Chromium on every
 * saved page, and the gzip size of the production content script.
 * `npm run bench:detect` (= `npx tsx bench/detect.ts`; BENCH_DETECT_RUNS=50, BENCH_SKIP_BUILD=1 measures
 * the existing .output/chrome-mv3 without rebuilding).
 *
 * Pages: every .html under ../shared/fixtures/book-pages (skipped with a notice when absent), at the URL its
 * .README.md gives in "Expected fields" (negative pages without one: the site's search URL, as
 * extension/detectors/saved-pages.test.ts does; else a neutral https URL), and the project's own
 * extension/detectors/fixtures at the URLs extension/detectors/sites.test.ts uses (each file/URL pair is a
 * case). Each page is served under its real URL by a Playwright route (EUC-KR pages with their charset,
 * cross-origin isolated so performance.now() has 5 µs resolution), with the page's own scripts off (the
 * saved DOM as it is; nothing else loads). The detectors are bundled with esbuild (IIFE, global Detectors)
 * and evaluated in the page. Per page: the first call (what a content script pays on a fresh page: a new
 * document is a new JS context), then 5 warm-up calls and N timed warm calls: median and p95.
 * Also the first call on a freshly loaded page, compile included (bench/lib/fresh-detect.ts, shared with
 * bench:panel and bench:detect-ab: a new renderer process per load): BENCH_DETECT_LOADS=3 fresh loads per page;
 * BENCH_DETECT_FRESH_ONLY=1 runs only that part. The page list is bench/lib/book-pages.ts (shared with bench:panel).
 * The last line printed is a one-line summary.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { bookPageCases, NEUTRAL_URL, type PageCase, serveSavedPages } from './lib/book-pages';
import { chromiumPath, PLAIN_ARGS } from './lib/chromium';
import { detectorBundle, type FreshSample, freshDetectLoads } from './lib/fresh-detect';
import { machineLine } from './lib/machine';
import { envWithoutChaekbang, ROOT, run } from './lib/stack';
import { median, ms, percentile, table } from './lib/stats';

const RUNS = Math.max(5, Number(process.env.BENCH_DETECT_RUNS ?? 50));
const FRESH_LOADS = Math.max(1, Number(process.env.BENCH_DETECT_LOADS ?? 3));
const GOAL_LARGEST_MS = 5;
const GOAL_NO_BOOK_MS = 0.5;
const GOAL_GZIP_KB = 20;
const GOAL_FRESH_P95_MS = 5;
const log = (line: string) => console.log(line);

type Case = PageCase & { note?: string };

/** Runs in the page after the bundle: first call, warm-up, timed warm calls. Plain JS (no tsx helpers). */
const TIME_DETECT = `({ url, runs }) => {
  const detect = () => Detectors.detectBook(document, url);
  let t = performance.now();
  const book = detect();
  const first = performance.now() - t;
  for (let i = 0; i < 5; i++) detect();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    detect();
    samples.push(performance.now() - t);
  }
  return {
    first,
    samples,
    book: book ? { isbn13: book.isbn13, site: book.site, title: book.title } : null,
    isolated: self.crossOriginIsolated === true,
    elements: document.getElementsByTagName('*').length,
  };
}`;

type Result = {
  c: Case;
  bytes: number;
  first: number;
  median: number;
  p95: number;
  book: { isbn13: string; site: string; title: string } | null;
  isolated: boolean;
  elements: number;
};

async function timePages(cases: Case[], bundle: string): Promise<Result[]> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...PLAIN_ARGS] });
  try {
    // The page's own scripts stay off (the saved DOM as saved); Playwright's evaluate still runs.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const show = await serveSavedPages(context);
    const page = await context.newPage();
    const out: Result[] = [];
    for (const c of cases) {
      show(c);
      await page.goto(c.url, { waitUntil: 'domcontentloaded' });
      await page.evaluate(`${bundle}\n;globalThis.Detectors = Detectors;`);
      const r = (await page.evaluate(`(${TIME_DETECT})(${JSON.stringify({ url: c.url, runs: RUNS })})`)) as {
        first: number;
        samples: number[];
        book: Result['book'];
        isolated: boolean;
        elements: number;
      };
      out.push({
        c,
        bytes: statSync(c.file).size,
        first: r.first,
        median: median(r.samples),
        p95: percentile(r.samples, 0.95),
        book: r.book,
        isolated: r.isolated,
        elements: r.elements,
      });
    }
    return out;
  } finally {
    await browser.close();
  }
}

function freshReport(samples: FreshSample[], loads: number) {
  const stat = (v: number[]) => [ms(median(v)), ms(percentile(v, 0.95)), ms(Math.max(...v))];
  log('');
  log(`First detectBook on a freshly loaded page, compile included (${samples.length} loads, minified bundle):`);
  log(
    table(
      ['measure', 'median', 'p95', 'max'],
      [
        ['eval of the bundle (parse + compile + top level)', ...stat(samples.map((s) => s.compile))],
        ['first detectBook call', ...stat(samples.map((s) => s.first))],
        ['both (the goal)', ...stat(samples.map((s) => s.total))],
      ],
    ),
  );
  const byPage = new Map<string, number[]>();
  for (const s of samples) byPage.set(s.page, [...(byPage.get(s.page) ?? []), s.total]);
  const best = [...byPage.entries()].map(([name, v]) => ({ name, best: Math.min(...v), med: median(v) }));
  log(
    `Per page, best of ${loads} fresh loads: median ${ms(median(best.map((b) => b.best)))} ms, p95 ${ms(
      percentile(
        best.map((b) => b.best),
        0.95,
      ),
    )} ms over ${best.length} pages.`,
  );
  log(
    `Slowest pages (best of ${loads}): ${[...best]
      .sort((a, b) => b.best - a.best)
      .slice(0, 6)
      .map((b) => `${b.name} ${ms(b.best)} ms`)
      .join(', ')}`,
  );
  return percentile(
    samples.map((s) => s.total),
    0.95,
  );
}

async function contentScriptSize() {
  const file = join(ROOT, '.output', 'chrome-mv3', 'content-scripts', 'book.js');
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const t = Date.now();
    log('building the extension for production (wxt build) …');
    await run(process.execPath, [join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), 'build'], envWithoutChaekbang());
    log(`  built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const raw = readFileSync(file);
  return {
    file: relative(ROOT, file),
    raw: raw.length,
    gzip6: gzipSync(raw).length,
    gzip9: gzipSync(raw, { level: 9 }).length,
  };
}

const shortUrl = (u: string) => {
  const url = new URL(u);
  const rest = `${url.pathname}${url.search}`;
  return `${url.host}${rest.length > 36 ? `${rest.slice(0, 35)}…` : rest}`;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  log(`bench:detect on ${machineLine()}`);
  const cases: Case[] = bookPageCases(log);
  log(`${cases.length} page/URL cases; ${RUNS} timed warm calls each after 5 warm-up calls`);
  const bundle = execFileSync(
    join(ROOT, 'node_modules', '.bin', 'esbuild'),
    ['extension/detectors/index.ts', '--bundle', '--format=iife', '--global-name=Detectors', '--log-level=warning'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  log(`detector bundle (esbuild IIFE, not minified): ${kb(bundle.length)}`);
  const minified = detectorBundle();
  log(`fresh loads: every page × ${FRESH_LOADS}, minified bundle ${kb(minified.length)}, a new renderer process each`);
  const freshP95 = freshReport(await freshDetectLoads(cases, { detectors: minified }, FRESH_LOADS), FRESH_LOADS);
  const freshLine = `first detectBook incl. compile p95 ${ms(freshP95)} ms (goal <${GOAL_FRESH_P95_MS} ms ${
    freshP95 < GOAL_FRESH_P95_MS ? 'met' : 'NOT met'
  })`;
  if (process.env.BENCH_DETECT_FRESH_ONLY === '1') {
    log(`bench:detect ${freshLine}`);
    return;
  }

  const results = await timePages(cases, bundle);
  // The largest page once more at a neutral URL no site claims: the generic path on a big page.
  const largest = [...results].sort((a, b) => b.bytes - a.bytes)[0]!;
  const neutral = (
    await timePages([{ name: `${largest.c.name} @ neutral URL`, file: largest.c.file, url: NEUTRAL_URL }], bundle)
  )[0]!;
  const all = [...results, neutral];
  const notIsolated = all.filter((r) => !r.isolated);
  if (notIsolated.length > 0) {
    log(
      `note: ${notIsolated.length} page(s) not cross-origin isolated (http:// URLs are not secure contexts), timer resolution 100 µs there: ${notIsolated
        .map((r) => r.c.name)
        .join(', ')}`,
    );
  }
  const largestBook = [...all].filter((r) => r.book).sort((a, b) => b.bytes - a.bytes)[0];

  const noBook = all.filter((r) => r.book === null);
  const worstNoBook = [...noBook].sort((a, b) => b.median - a.median)[0];
  const mark = (r: Result) =>
    [
      r === largest ? 'LARGEST' : '',
      r === largestBook ? 'largest with a book' : '',
      r === worstNoBook ? 'slowest no-book' : '',
      r === neutral ? 'neutral URL' : '',
    ]
      .filter(Boolean)
      .join(', ');
  log('');
  log('detectBook per page, ms (first = first call in a fresh page; median / p95 of warm calls):');
  log(
    table(
      ['page', 'URL', 'size', 'elements', 'result', 'first', 'median', 'p95', 'note'],
      all.map((r) => [
        r.c.name,
        shortUrl(r.c.url),
        kb(r.bytes),
        String(r.elements),
        r.book ? `book ${r.book.isbn13} (${r.book.site})` : 'no book',
        ms(r.first),
        ms(r.median),
        ms(r.p95),
        mark(r),
      ]),
    ),
  );
  const size = await contentScriptSize();
  log('');
  log(
    table(
      ['content script', 'raw', 'gzip (level 6, gzip default)', 'gzip -9'],
      [[size.file, kb(size.raw), kb(size.gzip6), kb(size.gzip9)]],
    ),
  );
  const noBookMax = Math.max(...noBook.map((r) => r.median));
  const noBookP95 = Math.max(...noBook.map((r) => r.p95));
  log('');
  log(
    `Largest page ${largest.c.name} (${kb(largest.bytes)}): median ${ms(largest.median)} ms, p95 ${ms(largest.p95)} ms, first call ${ms(
      largest.first,
    )} ms. Largest page with a book ${largestBook?.c.name} (${kb(largestBook?.bytes ?? 0)}): median ${ms(largestBook?.median)} ms, p95 ${ms(
      largestBook?.p95,
    )} ms, first call ${ms(largestBook?.first)} ms. Pages with no book: ${noBook.length}, slowest ${worstNoBook?.c.name} median ${ms(noBookMax)} ms (p95 up to ${ms(noBookP95)} ms).`,
  );
  const firsts = all.map((r) => r.first);
  log(
    `First call in a fresh page (cold JIT, what a content script pays once per page): median ${ms(median(firsts))} ms, max ${ms(
      Math.max(...firsts),
    )} ms (${[...all].sort((a, b) => b.first - a.first)[0]!.c.name}).`,
  );
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  log(
    `bench:detect largest page median ${ms(largest.median)} ms / p95 ${ms(largest.p95)} ms (goal <${GOAL_LARGEST_MS} ms ${verdict(
      largest.p95 < GOAL_LARGEST_MS,
    )}); no-book pages median ≤${ms(noBookMax)} ms (goal <${GOAL_NO_BOOK_MS} ms ${verdict(
      noBookMax < GOAL_NO_BOOK_MS,
    )}); content script ${kb(size.gzip6)} gzipped (goal <${GOAL_GZIP_KB} KB ${verdict(size.gzip6 < GOAL_GZIP_KB * 1024)}); ${freshLine}`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
