import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InterestId } from '../../../shared/catalog-categories';
import {
  AvailabilityResponseSchema,
  attributionFor,
  BestsellersResponseSchema,
  type CatalogBook,
  CatalogBookResponseSchema,
  CatalogBookSchema,
  CatalogSearchResponseSchema,
  LibrariesResponseSchema,
  NewBooksResponseSchema,
  PopularResponseSchema,
  ProvidersStatusSchema,
  storeLinksFor,
} from '../../../shared/schemas/catalog';
import { silentLogger } from '../logger';
import { type CatalogDeps, createCatalog } from './catalog';
import { ManualClock } from './clock';
import { loadCatalogConfig } from './config';
import { CatalogUnavailableError } from './errors';
import type { FetchLike } from './fetch-upstream';
import { type FakeUpstream, recordingsDir, startFakeUpstream } from './testing/fake-upstream';
import { SYNTHETIC_BOOKS } from './testing/synthetic-books';

const haveRecordings = recordingsDir() !== null;
if (!haveRecordings) console.warn('[catalog.test] ../shared/fixtures/book-apis not found: tests against the recordings skipped');

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.clearFaults();
  fake.resetCalls();
});

const shelved: CatalogBook = {
  isbn13: '9788936434267',
  isbn10: '8936434268',
  title: '채식주의자',
  subtitle: null,
  authors: ['한강'],
  translators: [],
  publisher: '창비',
  pubDate: '2007',
  pages: null,
  priceKrw: null,
  coverUrl: null,
  kdc: null,
  category: 'novel',
  description: null,
  storeLinks: storeLinksFor('9788936434267'),
  source: attributionFor('chaekbang', null),
};

/** Our own data: one book a reader shelved, found by any word of its title. */
const local: Pick<CatalogDeps, 'localSearch' | 'localBook' | 'localPopular'> = {
  localSearch: async (q) => (shelved.title.includes(q) || q.includes('채식') ? [shelved] : []),
  localBook: async (isbn13) => (isbn13 === shelved.isbn13 ? shelved : null),
  localPopular: async () => [{ book: shelved, clubScore: 5 }],
};

function setup(env: Record<string, string> = {}, deps: CatalogDeps = {}) {
  const clock = new ManualClock();
  const catalog = createCatalog(loadCatalogConfig(fake.env(env)), { clock, ...local, ...deps });
  return { clock, catalog };
}

const providersCalled = () => fake.calls.map((c) => c.provider);
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 2));
};
/** Run a promise that waits on the manual clock, moving the clock in steps until it settles. */
async function drive<T>(promise: Promise<T>, clock: ManualClock, stepMs = 100): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  while (!done) {
    // Never while a request is at the fake: the clock also runs the 3 s upstream timeouts.
    if (fake.inFlight === 0) clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 1));
  }
  return tracked;
}
const novel = SYNTHETIC_BOOKS.find((b) => b.category === 'novel') as (typeof SYNTHETIC_BOOKS)[number];

describe('ISBN lookup order: seoji → YES24 → Kakao → Google Books → Open Library', () => {
  it.skipIf(!haveRecordings)('stops at the first source that knows the ISBN', async () => {
    const { catalog } = setup();
    expect((await catalog.book('9791161759692'))?.source.provider).toBe('nl-seoji');
    expect(providersCalled()).toEqual(['nl-seoji']);
  });

  it('falls through sources that do not know it (YES24 404 GOODS_002 is "not found", not a failure)', async () => {
    const { catalog } = setup();
    const book = await catalog.book(novel.isbn13);
    expect(book).toMatchObject({ isbn13: novel.isbn13, title: novel.title, source: { provider: 'yes24' } });
    expect(providersCalled()).toEqual(['nl-seoji', 'yes24']);
    expect(CatalogBookSchema.safeParse(book).success).toBe(true);
  });

  it.skipIf(!haveRecordings)('reaches Google Books and then Open Library for foreign titles', async () => {
    const { catalog } = setup();
    expect((await catalog.book('9780316452502'))?.source.provider).toBe('google-books');
    expect(providersCalled()).toEqual(['nl-seoji', 'yes24', 'kakao', 'google-books']);
    fake.resetCalls();
    expect(await catalog.book('9782070427796')).toMatchObject({
      title: 'Les ombres errantes',
      source: { provider: 'open-library' },
    });
    expect(providersCalled()).toEqual(['nl-seoji', 'yes24', 'kakao', 'google-books', 'open-library']);
  });

  it('unknown everywhere → our own records → null; the "no results" answer is cached', async () => {
    const { catalog, clock } = setup();
    expect(await catalog.book(shelved.isbn13)).toEqual(shelved);
    clock.advance(1000); // Open Library allows one call a second
    expect(await catalog.book('9791199999996')).toBeNull();
    const calls = fake.calls.length;
    clock.advance(1000);
    expect(await catalog.book('9791199999996')).toBeNull();
    expect(fake.calls.length).toBe(calls);
  });

  it('an ISBN typed in any form is an exact lookup', async () => {
    const { catalog } = setup();
    const hyphenated = `ISBN ${novel.isbn13.slice(0, 3)}-${novel.isbn13.slice(3, 5)}-${novel.isbn13.slice(5, 12)}-${novel.isbn13.slice(12)}`;
    const result = await catalog.search(hyphenated);
    expect(result).toMatchObject({ kind: 'isbn', books: [{ isbn13: novel.isbn13 }] });
  });
});

describe('keyword search: YES24 → Kakao → our own data', () => {
  it('YES24 answers first; Kakao is not asked', async () => {
    const { catalog } = setup();
    const result = await catalog.search('테스트 소설');
    expect(result.kind).toBe('keyword');
    expect(result.books.map((b) => b.isbn13)).toEqual(
      SYNTHETIC_BOOKS.filter((b) => b.title.includes('테스트 소설')).map((b) => b.isbn13),
    );
    expect(result.sources.map((s) => s.provider)).toEqual(['yes24']);
    expect(providersCalled()).toEqual(['yes24']);
  });

  it.skipIf(!haveRecordings)('YES24 "no results" (404) → Kakao', async () => {
    const { catalog } = setup();
    const result = await catalog.search('Do it');
    expect(result.sources.map((s) => s.provider)).toEqual(['kakao']);
    expect(result.books.length).toBeGreaterThan(0);
    expect(providersCalled()).toEqual(['yes24', 'kakao']);
  });

  it('nothing upstream → the books readers shelved, labelled as our own', async () => {
    const { catalog } = setup();
    const result = await catalog.search('채식주의자');
    expect(result.books).toEqual([shelved]);
    expect(result.sources.map((s) => s.provider)).toEqual(['chaekbang']);
  });

  it('100 concurrent identical searches make 1 upstream call; the next one is a cache hit', async () => {
    const { catalog } = setup();
    const results = await Promise.all(Array.from({ length: 100 }, () => catalog.search('테스트 과학')));
    expect(fake.callCount('yes24')).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    await catalog.search('  테스트   과학 ');
    expect(fake.calls.length).toBe(1);
  });
});

describe('failures: skipped for that call, never a crash, never upstream text', () => {
  it.each([
    ['500', { kind: 'status', status: 500 }, 'unavailable'],
    ['503', { kind: 'status', status: 503, body: '<html>upstream text</html>' }, 'unavailable'],
    ['malformed JSON', { kind: 'malformed' }, 'bad-response'],
    ['a 5 MB body', { kind: 'huge', bytes: 5 * 1024 * 1024 + 1 }, 'too-large'],
    ['a declared 5 MB body', { kind: 'huge', bytes: 6 * 1024 * 1024, declared: true }, 'too-large'],
    ['401 (bad key)', { kind: 'status', status: 401, body: '{"success":false,"errorCode":"AUTH_001"}' }, 'auth'],
  ] as const)('YES24 %s → Kakao, then our own data', async (_name, fault, kind) => {
    const logged: Record<string, unknown>[] = [];
    const logger = {
      ...silentLogger,
      warn: (_message: string, fields?: Record<string, unknown>) => void logged.push(fields ?? {}),
    };
    const { catalog } = setup({}, { logger });
    fake.inject({ provider: 'yes24' }, fault, 1);
    const result = await catalog.search('채식');
    expect(providersCalled()).toEqual(['yes24', 'kakao']);
    expect(result.books).toEqual([shelved]);
    expect(logged).toEqual([expect.objectContaining({ provider: 'yes24', kind })]);
  });

  it('a timeout (3 s on the injected clock) skips the source', async () => {
    const { catalog, clock } = setup();
    fake.inject({ provider: 'yes24' }, { kind: 'hang' }, 1);
    const pending = catalog.search('채식');
    await until(() => fake.callCount('yes24') === 1);
    clock.advance(2999);
    await new Promise((r) => setTimeout(r, 5));
    expect(fake.callCount('kakao')).toBe(0);
    clock.advance(1);
    expect((await pending).books).toEqual([shelved]);
    expect(providersCalled()).toEqual(['yes24', 'kakao']);
  });

  it('every source failing and nothing of ours → CatalogUnavailableError with a plain message', async () => {
    const { catalog } = setup();
    fake.inject({ provider: 'yes24' }, { kind: 'status', status: 500, body: 'secret upstream text' });
    fake.inject({ provider: 'kakao' }, { kind: 'malformed' });
    const error = await catalog.search('없는 책').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogUnavailableError);
    expect((error as Error).message).toBe('every catalog source failed');
    expect((error as CatalogUnavailableError).failures.map((f) => [f.provider, f.kind])).toEqual([
      ['yes24', 'unavailable'],
      ['kakao', 'bad-response'],
    ]);
  });

  it('a degraded answer (after a failure) is kept only 5 minutes, then YES24 is tried again', async () => {
    const { catalog, clock } = setup();
    fake.inject({ provider: 'yes24' }, { kind: 'status', status: 500 }, 1);
    await catalog.search('채식 d');
    await catalog.search('채식 d');
    expect(providersCalled()).toEqual(['yes24', 'kakao']);
    clock.advance(5 * 60_000);
    await catalog.search('채식 d');
    expect(providersCalled()).toEqual(['yes24', 'kakao', 'yes24', 'kakao']);
  });
});

describe('circuit breaker and Retry-After', () => {
  it('opens after 5 consecutive failures; a trial goes through after 30 s; /health shows it', async () => {
    const { catalog, clock } = setup();
    fake.inject({ provider: 'yes24' }, { kind: 'status', status: 500 });
    for (let i = 0; i < 5; i += 1) await catalog.search(`채식 ${i}`);
    expect(fake.callCount('yes24')).toBe(5);
    expect(catalog.providersStatus().find((p) => p.id === 'yes24')).toMatchObject({
      state: 'circuit-open',
      retryAt: clock.now() + 30_000,
    });
    await catalog.search('채식 5');
    expect(fake.callCount('yes24')).toBe(5);
    expect(fake.callCount('kakao')).toBe(6);
    clock.advance(30_000);
    fake.clearFaults();
    await catalog.search('테스트 소설');
    expect(fake.callCount('yes24')).toBe(6);
    expect(catalog.providersStatus().find((p) => p.id === 'yes24')?.state).toBe('on');
  });

  it('429 with Retry-After keeps the source out until then', async () => {
    const { catalog, clock } = setup();
    fake.inject({ provider: 'yes24' }, { kind: 'status', status: 429, retryAfter: '120' }, 1);
    await catalog.search('채식 a');
    expect(fake.callCount('yes24')).toBe(1);
    clock.advance(119_000);
    await catalog.search('채식 b');
    expect(fake.callCount('yes24')).toBe(1);
    clock.advance(1000);
    await catalog.search('채식 c');
    expect(fake.callCount('yes24')).toBe(2);
  });
});

describe('quotas', () => {
  it('the daily counter stops YES24 at 90 % and falls back to Kakao', async () => {
    const { catalog, clock } = setup({ CATALOG_YES24_DAILY_LIMIT: '10' });
    for (let i = 0; i < 12; i += 1) {
      clock.advance(1000);
      await catalog.search(`채식 ${i}`);
    }
    expect(fake.callCount('yes24')).toBe(9);
    expect(fake.callCount('kakao')).toBe(12);
    expect(catalog.providersStatus().find((p) => p.id === 'yes24')).toMatchObject({
      state: 'quota-exhausted',
      usedToday: 9,
      dailyLimit: 10,
    });
  });

  it('the token bucket holds YES24 to 5 calls a second; the rest fall back', async () => {
    const { catalog } = setup();
    await Promise.all(Array.from({ length: 8 }, (_, i) => catalog.search(`채식 ${i}`)));
    expect(fake.callCount('yes24')).toBe(5);
    expect(fake.callCount('kakao')).toBe(8);
  });
});

describe('no keys, no network: our own data only', () => {
  it('every source is off, nothing is fetched, search, popular and For you still work', async () => {
    let fetched = 0;
    const fetch: FetchLike = async () => {
      fetched += 1;
      throw new Error('no network in this test');
    };
    const catalog = createCatalog(loadCatalogConfig({}), { clock: new ManualClock(), fetch, ...local });
    expect((await catalog.search('채식주의자')).books).toEqual([shelved]);
    expect(await catalog.book(shelved.isbn13)).toEqual(shelved);
    expect(await catalog.book('9791199999996')).toBeNull();
    expect((await catalog.popular(null)).entries).toEqual([{ book: shelved, clubScore: 5, loanCount: null }]);
    // For you with no keys: our clubs' popular books in the category (own-lists.test.ts has the details).
    const best = await catalog.bestsellers('novel');
    expect(best.books).toEqual([shelved]);
    expect(best.sources.map((s) => s.provider)).toEqual(['chaekbang']);
    expect((await catalog.availability(shelved.isbn13, ['111001'])).libraries).toEqual([
      { libCode: '111001', status: 'unknown' },
    ]);
    expect(fetched).toBe(0);
    const status = catalog.providersStatus();
    expect(status.filter((p) => p.state === 'on')).toEqual([]);
    expect(status.find((p) => p.id === 'yes24')?.state).toBe('no-key');
    expect(status.find((p) => p.id === 'open-library')?.state).toBe('off');
  });
});

describe('our own data failing', () => {
  it('reads as nothing of ours, never an error from the local store', async () => {
    const broken = async () => {
      throw new Error('firestore down');
    };
    const catalog = createCatalog(loadCatalogConfig({}), {
      clock: new ManualClock(),
      localSearch: broken,
      localBook: broken,
      localPopular: broken,
    });
    expect((await catalog.search('채식주의자')).books).toEqual([]);
    expect(await catalog.book(shelved.isbn13)).toBeNull();
    expect((await catalog.popular('novel')).entries).toEqual([]);
  });
});

describe('discovery lists', () => {
  it('bestsellers by interest from YES24, with the category filled in; data4library loans when YES24 is off', async () => {
    const { catalog } = setup();
    const best = await catalog.bestsellers('novel', 'weekly');
    expect(best.books.map((b) => b.isbn13)).toEqual(SYNTHETIC_BOOKS.filter((b) => b.category === 'novel').map((b) => b.isbn13));
    expect(best.books.every((b) => b.category === 'novel')).toBe(true);
    expect(best.sources.map((s) => s.provider)).toEqual(['yes24']);
    const noYes24 = setup({ CATALOG_YES24_KEY: '' }).catalog;
    const loans = await noYes24.bestsellers('business', 'monthly');
    expect(loans.sources.map((s) => s.provider)).toEqual(['data4library']);
    expect(loans.books.length).toBeGreaterThan(0);
  });

  it('new books: latest, price order, under a price limit, a random pick (seeded)', async () => {
    const science = SYNTHETIC_BOOKS.filter((b) => b.category === 'science');
    const { catalog } = setup({}, { random: () => 0 });
    const latest = await catalog.newBooks('science', 'latest');
    expect(latest.books.map((b) => b.pubDate)).toEqual([...science.map((b) => b.publishDate)].sort().reverse());
    const cheap = await catalog.newBooks('science', 'price-asc');
    expect(cheap.books.map((b) => b.priceKrw)).toEqual(science.map((b) => b.price).sort((a, b) => a - b));
    const dear = await catalog.newBooks('science', 'price-desc', null);
    expect(dear.books.map((b) => b.priceKrw)).toEqual(science.map((b) => b.price).sort((a, b) => b - a));
    const limit = (science[1]?.price ?? 0) as number;
    const under = await catalog.newBooks('science', 'latest', limit);
    expect(under.books.every((b) => (b.priceKrw ?? Infinity) <= limit)).toBe(true);
    expect(under.maxPrice).toBe(limit);
    const random = await catalog.newBooks('science', 'random');
    expect(random.books.map((b) => b.isbn13).sort()).toEqual(science.map((b) => b.isbn13).sort());
    expect(fake.callCount('yes24', '/v1/category/newproduct')).toBe(1); // one list, ordered on our side
  });

  it('popular: our clubs first, then library loans (data4library)', async () => {
    const { catalog } = setup();
    const popular = await catalog.popular('novel', '30d');
    expect(popular.entries[0]).toEqual({ book: shelved, clubScore: 5, loanCount: null });
    expect(popular.entries.length).toBeGreaterThan(1);
    expect(popular.entries.slice(1).every((e) => e.clubScore === 0 && typeof e.loanCount === 'number')).toBe(true);
    expect(popular.sources.map((s) => s.provider)).toEqual(['chaekbang', 'data4library']);
    expect(new URL(`http://x${fake.calls.at(-1)?.path}?${fake.calls.at(-1)?.query}`).searchParams.get('kdc')).toBe('8');
  });

  it('libraries by region and availability at home libraries (대출가능 / 대출중 / 없음; unknown on failure)', async () => {
    const { catalog } = setup();
    const libs = await catalog.libraries('11');
    expect(libs.libraries.map((l) => l.libCode)).toEqual(['111001', '111002', '111003']);
    expect((await catalog.libraries('39')).libraries).toEqual([]);
    const found = await catalog.availability(novel.isbn13, ['111001', '111002', '111003']);
    expect(found.libraries.map((l) => l.status)).toEqual(['available', 'on-loan', 'not-held']);
    fake.inject({ provider: 'data4library', path: '/api/bookExist' }, { kind: 'status', status: 500 });
    const failed = await catalog.availability(SYNTHETIC_BOOKS[5]?.isbn13 ?? '', ['111001']);
    expect(failed.libraries).toEqual([{ libCode: '111001', status: 'unknown' }]);
  });
});

describe('warming', () => {
  it('warms categories × lists once; 1,000 readers opening For you then cost no upstream call', async () => {
    // A long upstream timeout: the test moves the clock while requests are on their way.
    const { catalog, clock } = setup({ CATALOG_TIMEOUT_MS: '30000' });
    const chosen: InterestId[] = ['novel', 'science', 'novel', 'history'];
    expect(await drive(catalog.warm(chosen), clock)).toBe(6);
    expect(providersCalled()).toEqual(Array(6).fill('yes24'));
    const warmed = fake.calls.length;
    expect(warmed).toBe(3 * 2);
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const category = (['novel', 'science', 'history'] as const)[i % 3] as InterestId;
        return i % 2 === 0 ? catalog.bestsellers(category, 'weekly') : catalog.newBooks(category, 'price-asc');
      }),
    );
    expect(fake.calls.length).toBe(warmed);
  });

  it('scheduleWarming runs on the injected clock until stopped', async () => {
    // A long upstream timeout: the test moves the clock while requests are on their way.
    const { catalog, clock } = setup({ CATALOG_TIMEOUT_MS: '30000' });
    let asked = 0;
    const runs: number[] = [];
    const stop = catalog.scheduleWarming(
      async () => {
        asked += 1;
        return ['travel'];
      },
      3_600_000,
      (lists) => runs.push(lists),
    );
    await until(() => {
      if (fake.inFlight === 0 && runs.length === 0) clock.advance(100);
      return runs.length === 1;
    });
    expect(runs).toEqual([2]);
    expect(providersCalled()).toEqual(['yes24', 'yes24']);
    clock.advance(3_599_999);
    await new Promise((r) => setTimeout(r, 5));
    expect(asked).toBe(1);
    clock.advance(1);
    await until(() => {
      if (fake.inFlight === 0 && runs.length === 1) clock.advance(100); // the spacing between lists
      return runs.length === 2;
    });
    expect(runs).toEqual([2, 2]);
    expect(fake.calls).toHaveLength(2); // still cached
    stop();
    clock.advance(10 * 3_600_000);
    await new Promise((r) => setTimeout(r, 5));
    expect(asked).toBe(2);
  });
});

describe('answers match the route response schemas (strict)', () => {
  it('search, bestsellers, new books, popular, libraries and availability parse as their responses', async () => {
    const { catalog } = setup();
    fake.inject({ provider: 'yes24', path: '/v1/goods/itemList' }, { kind: 'status', status: 500 }, 1);
    const answers = [
      [CatalogSearchResponseSchema, await catalog.search('Do it')], // degraded: YES24 failed, Kakao answered
      [CatalogSearchResponseSchema, await catalog.search('테스트 역사')],
      [CatalogSearchResponseSchema, await catalog.search(novel.isbn13)],
      [BestsellersResponseSchema, await catalog.bestsellers('history', 'daily')],
      [NewBooksResponseSchema, await catalog.newBooks('travel', 'random', 20_000)],
      [PopularResponseSchema, await catalog.popular(null, '7d')],
      [LibrariesResponseSchema, await catalog.libraries('11')],
      [AvailabilityResponseSchema, await catalog.availability(novel.isbn13, ['111001', '111003'])],
      [ProvidersStatusSchema, catalog.providersStatus()],
    ] as const;
    for (const [schema, answer] of answers) {
      const parsed = (schema as { safeParse: (v: unknown) => { success: boolean; error?: unknown } }).safeParse(answer);
      expect(parsed.success, JSON.stringify(parsed.error)).toBe(true);
    }
    const book = await catalog.book(novel.isbn13);
    expect(CatalogBookResponseSchema.safeParse({ book }).success).toBe(true);
  });
});
