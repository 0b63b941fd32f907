import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeResponse } from '../normalize';
import { FAKE_KEY, type FakeUpstream, recordingsDir, startFakeUpstream } from './fake-upstream';
import { SYNTHETIC_BOOKS } from './synthetic-books';

const haveRecordings = recordingsDir() !== null;
if (!haveRecordings)
  console.warn('[fake-upstream.test] ../shared/fixtures/book-apis not found: tests against the recordings skipped');

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(async () => {
  await fake.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${fake.url}${path}`, { headers });

describe('fake upstream', () => {
  it('listens on loopback only, on a free port', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.url).not.toMatch(/:0$/);
  });

  it('answers YES24 in its documented envelope, with 404 for no results and 401 without the key', async () => {
    const ok = await get('/yes24/v1/category/bestseller?categoryId=001001046', { 'x-api-key': FAKE_KEY });
    expect(ok.status).toBe(200);
    const books = normalizeResponse('yes24', '/v1/category/bestseller', await ok.json());
    expect(books.length).toBe(SYNTHETIC_BOOKS.filter((b) => b.category === 'novel').length);
    const none = await get('/yes24/v1/goods/itemList?query=zzzz', { 'x-api-key': FAKE_KEY });
    expect(none.status).toBe(404);
    expect(normalizeResponse('yes24', '/v1/goods/itemList', await none.json())).toEqual([]);
    expect((await get('/yes24/v1/goods/itemList?query=x')).status).toBe(401);
  });

  it.skipIf(!haveRecordings)('replays the recordings by path when ../shared is present', async () => {
    const kakao = await get('/kakao/v3/search/book?query=do%20it', { authorization: `KakaoAK ${FAKE_KEY}` });
    expect(normalizeResponse('kakao', '/v3/search/book', await kakao.text()).length).toBeGreaterThan(0);
    const seoji = await get(`/nl-seoji/seoji/SearchApi.do?cert_key=${FAKE_KEY}&isbn=9791161759692`);
    expect(normalizeResponse('nl-seoji', '/seoji/SearchApi.do', await seoji.text()).map((b) => b.isbn13)).toEqual([
      '9791161759692',
    ]);
    const gone = await get('/google-books/books/v1/volumes/49T55wEACAA');
    expect(gone.status).toBe(503);
    expect(normalizeResponse('google-books', '/books/v1/volumes/49T55wEACAA', await gone.text())).toEqual([]);
  });

  it('injects 429 with Retry-After, 500, malformed JSON and latency, counting calls', async () => {
    fake.resetCalls();
    fake.inject({ provider: 'kakao' }, { kind: 'status', status: 429, retryAfter: '30' }, 1);
    fake.inject({ provider: 'kakao' }, { kind: 'status', status: 500 }, 1);
    fake.inject({ provider: 'kakao' }, { kind: 'malformed' }, 1);
    fake.inject({ provider: 'kakao' }, { kind: 'latency', ms: 60 }, 1);
    const headers = { authorization: `KakaoAK ${FAKE_KEY}` };
    const first = await get('/kakao/v3/search/book?query=x', headers);
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '30']);
    expect((await get('/kakao/v3/search/book?query=x', headers)).status).toBe(500);
    const malformed = await (await get('/kakao/v3/search/book?query=x', headers)).text();
    expect(() => JSON.parse(malformed)).toThrow();
    const started = performance.now();
    expect((await get('/kakao/v3/search/book?query=x', headers)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(fake.callCount('kakao')).toBe(4);
  });

  it('sends a 5 MB body on request, and hangs until closed', async () => {
    fake.inject({ provider: 'open-library', path: '/search.json' }, { kind: 'huge', bytes: 5 * 1024 * 1024 + 10 }, 1);
    const big = await get('/open-library/search.json?q=x');
    expect((await big.arrayBuffer()).byteLength).toBe(5 * 1024 * 1024 + 10);
    fake.inject({ provider: 'open-library' }, { kind: 'hang' }, 1);
    const hanging = get('/open-library/search.json?q=x', {}).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.callCount('open-library', '/search.json')).toBe(2);
    fake.clearFaults();
    // closing the fake (afterAll) ends the hanging request; here just make sure it is still pending
    const raced = await Promise.race([hanging.then(() => 'settled'), new Promise((r) => setTimeout(() => r('pending'), 20))]);
    expect(raced).toBe('pending');
  });

  it('env() points every source at itself with keys', () => {
    const env = fake.env();
    expect(env.CATALOG_YES24_BASE_URL).toBe(`${fake.url}/yes24`);
    expect(env.CATALOG_GOOGLE_BOOKS_BASE_URL).toBe(`${fake.url}/google-books`);
    expect(env.CATALOG_DATA4LIBRARY_KEY).toBe(FAKE_KEY);
    expect(env.CATALOG_OPEN_LIBRARY).toBe('on');
  });
});
