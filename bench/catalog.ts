/**
 * Catalog benchmark: `npm run bench:catalog` (= `npx tsx bench/catalog.ts`; about 30 s).
 *
 * The real peer-server (`createServer`, catalog routes, cache, single-flight, quotas) on 127.0.0.1 with its
 * catalog pointed at the fake upstream (`peer-server/src/catalog/testing/fake-upstream.ts`) answering every
 * request after BENCH_LATENCY_MS (default 100) of injected latency. Everything on loopback, no internet.
 * Requests go over HTTP with keep-alive, `Authorization: Bearer bench.<uid>`; token verification is an
 * injected verifier (as in bench/signaling.ts), so the figures are the server's own work, not firebase-admin's.
 *
 * Measured:
 *  1. miss: each synthetic title searched once (the distinct titles without '/', one at a time, spaced
 *     210 ms apart to stay inside YES24's 5 requests/s): latency, and upstream calls per search;
 *  2. hit: the same searches again, 10 rounds (one at a time);
 *  3. 100 concurrent identical searches of a query nobody searched yet → upstream calls;
 *  4. 1,000 readers with interests (5 categories chosen among them) open For you (bestsellers and new
 *     books of one of their categories), ≤100 in flight, after the warming run `scheduleWarming` does
 *     (`catalog.warm(chosen)`) → upstream calls, against categories × lists warmed.
 * The last line is the summary: each goal met or NOT met.
 */

import { loadCatalogConfig } from '../peer-server/src/catalog';
import { InterestTally } from '../peer-server/src/catalog/club-counts';
import { startFakeUpstream } from '../peer-server/src/catalog/testing/fake-upstream';
import { SYNTHETIC_BOOKS } from '../peer-server/src/catalog/testing/synthetic-books';
import { loadConfig } from '../peer-server/src/config';
import { createServer } from '../peer-server/src/create-server';
import type { InterestId } from '../shared/catalog-categories';
import { CatalogSearchResponseSchema } from '../shared/schemas/catalog';
import { machineLine } from './lib/machine';
import { ms, percentile, table } from './lib/stats';

const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 100);
const READERS = Number(process.env.BENCH_READERS ?? 1000);

const fake = await startFakeUpstream({ latencyMs: LATENCY });
const config = {
  ...loadConfig({}),
  rateLimitPerMinute: 10_000_000,
  rateLimitPerIpPerMinute: 10_000_000,
  catalogRateLimitPerMinute: 10_000_000,
  catalogRateLimitPerIpPerMinute: 10_000_000,
  maxConnectionsPerIp: 1_000_000,
};
const server = createServer(config, {
  catalogConfig: loadCatalogConfig(fake.env()),
  verifyToken: async (token) => {
    if (!token.startsWith('bench.')) throw new Error('not a bench token');
    return { uid: token.slice(6), guest: false };
  },
});
const { port } = await server.listen(0, '127.0.0.1');

async function get(path: string, uid = 'reader-0'): Promise<{ status: number; ms: number; body: unknown }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer bench.${uid}` } });
  const body = await res.json();
  return { status: res.status, ms: performance.now() - started, body };
}
const upstreamCalls = () => fake.calls.length;
async function pool<T>(items: T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++] as T);
    }),
  );
}

console.log(`catalog bench: ${machineLine()}; fake upstream latency ${LATENCY} ms`);
// Warm the HTTP connection and the server's code paths (not counted).
await get('/api/catalog/popular');

// 1. misses
// Titles with a '/' (e.g. 사회/정치) are left out: the fake YES24 matches raw substrings, the search key does not.
const titles = SYNTHETIC_BOOKS.map((b) => b.title).filter((t) => !t.includes('/'));
const missMs: number[] = [];
const before1 = upstreamCalls();
let lastMiss = 0;
for (const title of titles) {
  // YES24's token bucket allows 5 requests/s: misses are spaced 210 ms apart (start to start) so each is a
  // real YES24 miss, not a skip to the next source.
  const wait = lastMiss + 210 - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  lastMiss = performance.now();
  const r = await get(`/api/catalog/search?q=${encodeURIComponent(title)}`);
  const body = CatalogSearchResponseSchema.parse(r.body);
  if (r.status !== 200 || body.books.length === 0) throw new Error(`miss search for ${title} failed: ${r.status}`);
  missMs.push(r.ms);
}
const callsPerMiss = (upstreamCalls() - before1) / titles.length;

// 2. hits
const hitMs: number[] = [];
const before2 = upstreamCalls();
for (let round = 0; round < 10; round += 1) {
  for (const title of titles) hitMs.push((await get(`/api/catalog/search?q=${encodeURIComponent(title)}`)).ms);
}
const hitCalls = upstreamCalls() - before2;

// 3. 100 concurrent identical searches
const before3 = upstreamCalls();
const storm = await Promise.all(
  Array.from({ length: 100 }, (_, i) => get(`/api/catalog/search?q=${encodeURIComponent('테스트 소설')}`, `storm-${i}`)),
);
if (storm.some((r) => r.status !== 200)) throw new Error('a concurrent search failed');
const stormCalls = upstreamCalls() - before3;

// 4. 1,000 readers open For you
const CHOSEN: InterestId[] = ['novel', 'poetry-essay', 'humanities', 'science', 'self-help'];
const tally = new InterestTally();
const readers = Array.from({ length: READERS }, (_, i) => {
  const interests = [CHOSEN[i % CHOSEN.length], CHOSEN[(i * 7 + 3) % CHOSEN.length]] as InterestId[];
  tally.set(`users/r${i}/profile/details`, interests);
  return { uid: `r${i}`, interests };
});
const chosen = tally.chosen();
const before4 = upstreamCalls();
const warmed = await server.catalog.warm(chosen, { spacingMs: 0 });
const warmCalls = upstreamCalls() - before4;
const forYouMs: number[] = [];
let forYouFailures = 0;
await pool(readers, 100, async (reader) => {
  const category = reader.interests[0] as InterestId;
  for (const path of [`/api/catalog/bestsellers?category=${category}`, `/api/catalog/new?category=${category}`]) {
    const r = await get(path, reader.uid);
    if (r.status !== 200) forYouFailures += 1;
    forYouMs.push(r.ms);
  }
});
const forYouCalls = upstreamCalls() - before4;
const listsWarmed = chosen.length * 2;

await server.close();
await fake.close();

const goals = [
  { goal: 'cache hit p95 < 20 ms', met: percentile(hitMs, 0.95) < 20, value: `${ms(percentile(hitMs, 0.95))} ms` },
  {
    goal: `cache miss p95 < 1.5 × upstream latency (${LATENCY * 1.5} ms)`,
    met: percentile(missMs, 0.95) < LATENCY * 1.5,
    value: `${ms(percentile(missMs, 0.95))} ms`,
  },
  { goal: '100 concurrent identical searches → 1 upstream call', met: stormCalls === 1, value: `${stormCalls}` },
  {
    goal: `${READERS} readers opening For you → ≤ categories × lists warmed (${chosen.length} × 2 = ${listsWarmed}) upstream calls`,
    met: forYouCalls <= listsWarmed && forYouFailures === 0,
    value: `${forYouCalls}${forYouFailures ? ` (${forYouFailures} failed)` : ''}`,
  },
];

console.log(
  table(
    ['measurement', 'requests', 'p50 ms', 'p95 ms', 'max ms', 'upstream calls'],
    [
      [
        'search, cache miss (distinct titles, one at a time)',
        String(missMs.length),
        ms(percentile(missMs, 0.5)),
        ms(percentile(missMs, 0.95)),
        ms(Math.max(...missMs)),
        `${callsPerMiss.toFixed(2)} per search`,
      ],
      [
        'search, cache hit (10 rounds)',
        String(hitMs.length),
        ms(percentile(hitMs, 0.5)),
        ms(percentile(hitMs, 0.95)),
        ms(Math.max(...hitMs)),
        String(hitCalls),
      ],
      [
        '100 concurrent identical searches',
        '100',
        ms(
          percentile(
            storm.map((r) => r.ms),
            0.5,
          ),
        ),
        ms(
          percentile(
            storm.map((r) => r.ms),
            0.95,
          ),
        ),
        ms(Math.max(...storm.map((r) => r.ms))),
        String(stormCalls),
      ],
      [
        `${READERS} readers open For you (warmed: ${warmed} lists, ${warmCalls} calls)`,
        String(forYouMs.length),
        ms(percentile(forYouMs, 0.5)),
        ms(percentile(forYouMs, 0.95)),
        ms(Math.max(...forYouMs)),
        `${forYouCalls} incl. warming`,
      ],
    ],
  ),
);
console.log(`summary: ${goals.map((g) => `${g.goal}: ${g.value} — ${g.met ? 'met' : 'NOT met'}`).join('; ')}`);
process.exit(0);
