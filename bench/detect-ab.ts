/**
 * A/B of the first `detectBook` on a freshly loaded page, compile included: the detectors of a git commit (A,
 * the baseline) against the working tree's (B), alternated in one run so both see the same machine load.
 * `npm run bench:detect-ab` (= `npx tsx bench/detect-ab.ts`; a few minutes).
 *
 * - A: `extension/detectors` and `shared` of BENCH_AB_BASE (default: the commit before the issue 13.3 first-call
 *   work), extracted with `git archive` into a temporary folder; B: the working tree. Both bundled and minified
 *   like the content script (esbuild IIFE, global `Detectors`).
 * - Every saved page of bench/lib/book-pages.ts (the list bench:detect and bench:panel use), served under its real
 *   URL, BENCH_AB_ROUNDS rounds (default 6). In each round every page is loaded once per variant, the order
 *   alternating (A then B, then B then A). Each load is bench/lib/fresh-detect.ts's: a new renderer process, the
 *   bundle evaluated with a unique trailing comment, `detectBook(document, url)` called once, timed in the page
 *   from before the `eval` to after the call; plus the main thread's CPU time around the evaluate (the
 *   evaluate's own overhead included, the same for A and B), which a loaded machine disturbs less than wall time.
 * - Both variants must return the same book (ISBN-13 and site) on every page: mismatches are listed.
 * The last line printed states the goal (first detectBook incl. compile p95 < 5 ms) for B, met or NOT met.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bookPageCases } from './lib/book-pages';
import { detectorBundle, type FreshSample, freshDetectLoads } from './lib/fresh-detect';
import { machineLine } from './lib/machine';
import { ROOT } from './lib/stack';
import { median, ms, percentile, table } from './lib/stats';

/** The detectors as they were before the first-call work of issue 13.3 (matchSite host table, fewer patterns). */
const DEFAULT_BASE = 'ed6b2c4';
const BASE = process.env.BENCH_AB_BASE ?? DEFAULT_BASE;
const ROUNDS = Math.max(1, Number(process.env.BENCH_AB_ROUNDS ?? 6));
const GOAL_P95_MS = 5;
const log = (line: string) => console.log(line);

type Variant = 'A' | 'B';
type Sample = FreshSample & { variant: Variant };

/** The baseline's detectors: `git archive <ref> extension/detectors shared` bundled in a temporary folder. */
function baseBundle(ref: string): { code: string; commit: string } {
  const commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'chaekbang-detect-ab-'));
  try {
    const tar = execFileSync('git', ['archive', '--format=tar', commit, 'extension/detectors', 'shared'], {
      cwd: ROOT,
      maxBuffer: 256 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    return { code: detectorBundle(dir), commit };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  log(`bench:detect-ab on ${machineLine()}`);
  const cases = bookPageCases(log);
  const base = baseBundle(BASE);
  const bundles: Record<Variant, string> = { A: base.code, B: detectorBundle() };
  const kb = (s: string) => `${(s.length / 1024).toFixed(1)} KB`;
  log(
    `A = detectors at ${base.commit} (${kb(bundles.A)} minified), B = working tree (${kb(bundles.B)} minified); ` +
      `${cases.length} pages × ${ROUNDS} rounds, each page loaded once per variant per round, order alternating`,
  );
  const samples = (await freshDetectLoads(cases, bundles, ROUNDS, (r) => log(`  round ${r + 1}/${ROUNDS} done`))) as Sample[];
  const of = (v: Variant) => samples.filter((s) => s.variant === v);
  const stat = (values: number[]) => `${ms(median(values))} / ${ms(percentile(values, 0.95))}`;
  const rows = (['A', 'B'] as const).map((v) => {
    const s = of(v);
    return [
      v === 'A' ? `A: before (${base.commit})` : 'B: after (working tree)',
      String(s.length),
      stat(s.map((x) => x.compile)),
      stat(s.map((x) => x.first)),
      stat(s.map((x) => x.total)),
      stat(s.map((x) => x.cpu)),
    ];
  });
  log('');
  log('First detectBook on a freshly loaded page, compile included, ms (median / p95):');
  log(
    table(
      ['variant', 'loads', 'eval of the bundle', 'first detectBook call', 'both (the goal)', 'main-thread CPU of the evaluate'],
      rows,
    ),
  );

  // Per page: best of its loads (each still a cold compile), per variant.
  const pages = [...new Set(samples.map((s) => s.page))];
  const best = (v: Variant) =>
    pages.map((p) => Math.min(...samples.filter((s) => s.variant === v && s.page === p).map((s) => s.total)));
  const bestA = best('A');
  const bestB = best('B');
  log(
    `Per page, best of ${ROUNDS} loads: A median ${ms(median(bestA))} / p95 ${ms(percentile(bestA, 0.95))} ms; ` +
      `B median ${ms(median(bestB))} / p95 ${ms(percentile(bestB, 0.95))} ms over ${pages.length} page/URL cases.`,
  );
  const slow = pages
    .map((p, i) => ({ p, a: bestA[i] ?? 0, b: bestB[i] ?? 0 }))
    .sort((x, y) => y.b - x.b)
    .slice(0, 6);
  log(`Slowest cases for B (best of ${ROUNDS}, A beside): ${slow.map((x) => `${x.p} ${ms(x.b)} (A ${ms(x.a)})`).join(', ')}`);

  const mismatches = pages.filter((p) => {
    const books = new Set(samples.filter((s) => s.page === p).map((s) => s.book ?? 'none'));
    return books.size > 1;
  });
  for (const p of mismatches) {
    const seen = (v: Variant) => samples.find((s) => s.page === p && s.variant === v)?.book ?? 'none';
    log(`  detections differ on ${p}: A ${seen('A')}, B ${seen('B')}`);
  }
  const totalA = of('A').map((s) => s.total);
  const totalB = of('B').map((s) => s.total);
  const cpuA = of('A').map((s) => s.cpu);
  const cpuB = of('B').map((s) => s.cpu);
  const p95A = percentile(totalA, 0.95);
  const p95B = percentile(totalB, 0.95);
  log(
    `bench:detect-ab first detectBook incl. compile: A (${base.commit}) median ${ms(median(totalA))} / p95 ${ms(p95A)} ms, ` +
      `B (working tree) median ${ms(median(totalB))} / p95 ${ms(p95B)} ms (B/A median ${(median(totalB) / median(totalA)).toFixed(2)}, ` +
      `p95 ${(p95B / p95A).toFixed(2)}; main-thread CPU median ${ms(median(cpuA))} → ${ms(median(cpuB))} ms); ` +
      `same book on ${pages.length - mismatches.length}/${pages.length} cases; goal B p95 <${GOAL_P95_MS} ms ${
        p95B < GOAL_P95_MS ? 'met' : 'NOT met'
      }`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
