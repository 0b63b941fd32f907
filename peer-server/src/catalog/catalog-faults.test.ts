import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogProviderId } from '../../../shared/schemas/catalog';
import { createCatalog } from './catalog';
import { ManualClock } from './clock';
import { loadCatalogConfig } from './config';
import { CatalogUnavailableError } from './errors';
import { FAKE_KEY, type FakeUpstream, type Fault, startFakeUpstream } from './testing/fake-upstream';
import { SYNTHETIC_BOOKS } from './testing/synthetic-books';

/**
 * Every source that answers a question in the catalog, alone (the others off), against every kind of bad
 * answer: each ends as a typed CatalogUnavailableError or a plain "nothing found", never a crash.
 */
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

const OFF = {
  CATALOG_NL_KEY: '',
  CATALOG_YES24_KEY: '',
  CATALOG_KAKAO_KEY: '',
  CATALOG_DATA4LIBRARY_KEY: '',
  CATALOG_GOOGLE_BOOKS: 'off',
  CATALOG_OPEN_LIBRARY: 'off',
};
const ONLY: Record<CatalogProviderId, Record<string, string>> = {
  'nl-seoji': { CATALOG_NL_KEY: FAKE_KEY },
  'nl-search': { CATALOG_NL_KEY: FAKE_KEY },
  yes24: { CATALOG_YES24_KEY: FAKE_KEY },
  kakao: { CATALOG_KAKAO_KEY: FAKE_KEY },
  data4library: { CATALOG_DATA4LIBRARY_KEY: FAKE_KEY },
  'google-books': { CATALOG_GOOGLE_BOOKS: 'on' },
  'open-library': { CATALOG_OPEN_LIBRARY: 'on' },
};

type Ask = (catalog: ReturnType<typeof createCatalog>) => Promise<unknown>;
const isbn = SYNTHETIC_BOOKS[0]?.isbn13 ?? '';
// One question per source that the catalog asks it (nl-search is not in a default order).
const QUESTIONS: [CatalogProviderId, string, Ask][] = [
  ['nl-seoji', 'book', (c) => c.book(isbn)],
  ['yes24', 'search', (c) => c.search('테스트')],
  ['yes24', 'bestsellers', (c) => c.bestsellers('novel')],
  ['kakao', 'search', (c) => c.search('테스트')],
  ['data4library', 'libraries', (c) => c.libraries('11')],
  ['data4library', 'popular loans', (c) => c.bestsellers('science', 'monthly')],
  ['google-books', 'book', (c) => c.book(isbn)],
  ['open-library', 'book', (c) => c.book(isbn)],
];

const FAULTS: [string, Fault][] = [
  ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '45' }],
  ['500', { kind: 'status', status: 500 }],
  ['503 with an HTML page', { kind: 'status', status: 503, body: '<html><body>Service Unavailable</body></html>' }],
  ['malformed JSON', { kind: 'malformed' }],
  ['a 5 MB body', { kind: 'huge', bytes: 5 * 1024 * 1024 + 1 }],
  ['a timeout', { kind: 'hang' }],
];

describe.each(QUESTIONS)('%s alone (%s)', (provider, _question, ask) => {
  const setup = () => {
    const clock = new ManualClock();
    const catalog = createCatalog(loadCatalogConfig(fake.env({ ...OFF, ...ONLY[provider] })), { clock });
    return { clock, catalog };
  };

  it.each(FAULTS)('%s → a typed CatalogUnavailableError', async (_name, fault) => {
    const { clock, catalog } = setup();
    fake.inject({ provider }, fault, 1);
    const pending = ask(catalog).then(
      () => 'answered',
      (error: unknown) => error,
    );
    if (fault.kind === 'hang') {
      while (fake.callCount(provider) === 0) await new Promise((r) => setTimeout(r, 2));
      clock.advance(3000);
    }
    const error = await pending;
    expect(error).toBeInstanceOf(CatalogUnavailableError);
    expect((error as CatalogUnavailableError).failures.map((f) => f.provider)).toEqual([provider]);
    expect(fake.callCount(provider)).toBe(1);
    if (fault.kind === 'status' && fault.status === 429) {
      expect(catalog.providersStatus().find((p) => p.id === provider)).toMatchObject({
        state: 'circuit-open',
        retryAt: clock.now() + 45_000,
      });
    }
  });

  it('answers normally without a fault', async () => {
    const { catalog } = setup();
    await expect(ask(catalog)).resolves.toBeDefined();
  });
});

describe('404 is "nothing found", not a failure', () => {
  it.each([
    ['yes24', (c: ReturnType<typeof createCatalog>) => c.search('테스트')],
    ['open-library', (c: ReturnType<typeof createCatalog>) => c.book(isbn)],
    ['google-books', (c: ReturnType<typeof createCatalog>) => c.book(isbn)],
  ] as const)('%s', async (provider, ask) => {
    const catalog = createCatalog(loadCatalogConfig(fake.env({ ...OFF, ...ONLY[provider] })), { clock: new ManualClock() });
    fake.inject({ provider }, { kind: 'status', status: 404, body: '{"error":{"code":404}}' });
    const result = await ask(catalog);
    expect(result === null || (result as { books: unknown[] }).books.length === 0).toBe(true);
    expect(catalog.providersStatus().find((p) => p.id === provider)?.state).toBe('on');
  });
});
