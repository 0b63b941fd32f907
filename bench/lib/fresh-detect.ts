/**
 * The first `detectBook` on a freshly loaded page, compile included: the one measurement bench:detect,
 * bench:detect-ab and bench:panel share.
 *
 * Each load is a new browser context (so a new renderer process: nothing compiled by an earlier load, not even
 * V8's per-process regular-expression cache, which a same-site navigation in one tab keeps), the saved page
 * served under its real URL with its own scripts off, a small unrelated script run first (what the page's own
 * scripts would have done: the engine's one-off start-up is not the detectors' cost), then the detectors'
 * bundle evaluated with a unique trailing comment (no compilation-cache hit) and `detectBook(document, url)`
 * called once, timed in the page (cross-origin isolated: 5 µs timer) from before the `eval` to after the call.
 * Also the renderer main thread's CPU time around that evaluate (CDP `Performance.getMetrics` ThreadTime,
 * including the evaluate's own overhead), which a loaded machine disturbs less than wall time.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { type PageCase, serveSavedPages } from './book-pages';
import { chromiumPath, PLAIN_ARGS } from './chromium';
import { ROOT } from './stack';

export type FreshSample = {
  variant: string;
  /** The page/URL case ("name #index": one saved file can be a case at two URLs). */
  page: string;
  compile: number;
  first: number;
  total: number;
  cpu: number;
  book: string | null;
};

/** The detectors bundled and minified like the content script (esbuild IIFE, global `Detectors`), from `cwd`. */
export function detectorBundle(cwd = ROOT): string {
  return execFileSync(
    join(ROOT, 'node_modules', '.bin', 'esbuild'),
    ['extension/detectors/index.ts', '--bundle', '--minify', '--format=iife', '--global-name=Detectors', '--log-level=warning'],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
}

const WARM_UP = `(() => {
  const re = /^w(a|b)+[0-9]*$/i;
  return [re.test('WAB1'), new URL(location.href).host, JSON.parse('{"a":[1]}').a.length,
    document.querySelectorAll('div').length, 'X'.toLowerCase(), [3, 1].sort().join()].length;
})()`;

const IN_PAGE = `(({ src, url }) => {
  const t0 = performance.now();
  const D = (0, eval)(src);
  const t1 = performance.now();
  const book = D.detectBook(document, url);
  const t2 = performance.now();
  return { compile: t1 - t0, first: t2 - t1, total: t2 - t0, book: book ? book.isbn13 + ' ' + book.site : null };
})`;

/**
 * `rounds` rounds over every case; in each, every variant once per case, the variants' order rotating with the
 * round and the case (A B, then B A …), so no variant always runs first or last.
 */
export async function freshDetectLoads(
  cases: readonly PageCase[],
  bundles: Readonly<Record<string, string>>,
  rounds: number,
  onRound?: (round: number) => void,
): Promise<FreshSample[]> {
  const variants = Object.keys(bundles);
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...PLAIN_ARGS] });
  const samples: FreshSample[] = [];
  let n = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [i, c] of cases.entries()) {
        const shift = (round + i) % variants.length;
        for (const variant of [...variants.slice(shift), ...variants.slice(0, shift)]) {
          const context = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true });
          try {
            const show = await serveSavedPages(context);
            const page = await context.newPage();
            const cdp = await context.newCDPSession(page);
            await cdp.send('Performance.enable');
            const threadMs = async () => {
              const { metrics } = await cdp.send('Performance.getMetrics');
              return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN) * 1000;
            };
            show(c);
            await page.goto(c.url, { waitUntil: 'load' });
            await page.evaluate(WARM_UP);
            n += 1;
            const src = `${bundles[variant]}\n;Detectors\n//# bench fresh load ${n} ${Math.random()}`;
            const expr = `(${IN_PAGE})(${JSON.stringify({ src, url: c.url })})`;
            const cpu0 = await threadMs();
            const r = (await page.evaluate(expr)) as Pick<FreshSample, 'compile' | 'first' | 'total' | 'book'>;
            const cpu = (await threadMs()) - cpu0;
            samples.push({ variant, page: `${c.name} #${i + 1}`, cpu, ...r });
          } finally {
            await context.close();
          }
        }
      }
      onRound?.(round);
    }
  } finally {
    await browser.close();
  }
  return samples;
}
