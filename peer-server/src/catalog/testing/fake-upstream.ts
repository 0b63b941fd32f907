import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { YES24_ROOT_CATEGORY } from '../../../../shared/catalog-categories';
import { CATALOG_PROVIDERS, type CatalogProviderId } from '../../../../shared/schemas/catalog';
import { PROVIDER_ENV } from '../config';
import {
  data4libraryDoc,
  nlSearchRecord,
  SYNTHETIC_BOOKS,
  SYNTHETIC_LIBRARIES,
  type SyntheticBook,
  yes24Item,
} from './synthetic-books';

/**
 * A fake of every catalog source on loopback (127.0.0.1, port 0): point `CATALOG_<PROVIDER>_BASE_URL` at
 * `baseUrls[provider]` (or spread `env()`) and no call leaves the machine. It replays the real recordings in
 * `../shared/fixtures/book-apis/` by path (when that folder is present) and answers YES24, data4library and
 * NL collection search, which have no public recording, from SYNTHETIC books in their documented envelopes.
 * Faults can be injected per provider/path: latency, a status (429 with Retry-After, 500 …), a hang (for
 * timeouts), malformed JSON and an oversized body. Used by unit tests, the emulator/e2e stages and
 * `bench:catalog`.
 */
export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  /** A JSON-looking body of `bytes` bytes, streamed; `declared` sends its Content-Length up front. */
  | { kind: 'huge'; bytes: number; declared?: boolean };

export type FaultMatch = { provider?: CatalogProviderId; path?: string | RegExp };

export type UpstreamCall = {
  provider: CatalogProviderId;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
};

export type FakeUpstreamOptions = {
  /** The recordings; default `../shared/fixtures/book-apis` next to the repository. null: synthetic only. */
  fixturesDir?: string | null;
  /** Added to every answer (e.g. 100 for the benchmark). */
  latencyMs?: number;
  /** The key every keyed route expects (`env()` sets it). */
  key?: string;
};

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

export const FAKE_KEY = 'fake-upstream-key';

/**
 * The recorded responses: `../shared/fixtures/book-apis` beside the repository, or `BOOK_API_FIXTURES_DIR`.
 * Null when the folder is absent (tests that need the recordings skip with a notice).
 */
export function recordingsDir(): string | null {
  const dir =
    process.env.BOOK_API_FIXTURES_DIR ??
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/fixtures/book-apis');
  return existsSync(dir) ? dir : null;
}

function readJson(dir: string | null, file: string): unknown | null {
  if (!dir) return null;
  const full = path.join(dir, file);
  if (!existsSync(full)) return null;
  try {
    return JSON.parse(readFileSync(full, 'utf8').replace(/^\ufeff/, '')) as unknown;
  } catch {
    return null;
  }
}

type Json = Record<string, unknown>;
const asObj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export async function startFakeUpstream(options: FakeUpstreamOptions = {}) {
  const fixturesDir = options.fixturesDir === undefined ? recordingsDir() : options.fixturesDir;
  const key = options.key ?? FAKE_KEY;
  const rec = {
    seoji: readJson(fixturesDir, 'nl-seoji/manicule-title-kotlin-in-action.json'),
    seojiEmpty: readJson(fixturesDir, 'nl-seoji/manicule-empty.json') ?? { TOTAL_COUNT: '0', PAGE_NO: '1', docs: [] },
    kakao: readJson(fixturesDir, 'kakao/noonatimes03-documents-query-do-it.json'),
    gSearch: readJson(fixturesDir, 'googlebooks/jellyfin-search-children-of-time-2015.json'),
    gVolumes: {
      '49T5twEACAAJ': readJson(fixturesDir, 'googlebooks/jellyfin-volume-49T5twEACAAJ.json'),
      G7utDwAAQBAJ: readJson(fixturesDir, 'googlebooks/jellyfin-volume-G7utDwAAQBAJ.json'),
    } as Record<string, unknown>,
    gError: readJson(fixturesDir, 'googlebooks/jellyfin-error-503-invalid-volume-id.json'),
    olEdition: readJson(fixturesDir, 'openlibrary/bookwyrm-ol_edition.json'),
    olIsbn: readJson(fixturesDir, 'openlibrary/bookwyrm-ol_isbn_search.json'),
    olSearch: readJson(fixturesDir, 'openlibrary/bookwyrm-ol_search.json'),
  };

  const faults: { match: FaultMatch; fault: Fault; remaining: number }[] = [];
  const calls: UpstreamCall[] = [];
  const pending = new Set<ServerResponse>();

  // ---- routes ------------------------------------------------------------------------------------------

  const matches = (book: SyntheticBook, q: string) => {
    const query = q.toLowerCase().trim();
    return (
      query.length > 0 &&
      (book.title.toLowerCase().includes(query) ||
        book.author.toLowerCase().includes(query) ||
        book.publisher.includes(query) ||
        book.isbn13 === query)
    );
  };
  const paged = <T>(items: readonly T[], page: number, size: number) => items.slice((page - 1) * size, page * size);
  const num = (v: string | null, fallback: number, max: number) => {
    const n = Number(v);
    return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
  };

  function yes24(p: string, q: URLSearchParams, headers: IncomingMessage['headers']): Reply {
    if (headers['x-api-key'] !== key) {
      return { status: 401, body: { success: false, errorCode: 'AUTH_001', message: 'API 키가 유효하지 않습니다.', data: null } };
    }
    const page = num(q.get('page'), 1, 1000);
    const size = num(q.get('pageSize'), 20, 100);
    const list = (books: readonly SyntheticBook[], notFound: string): Reply =>
      books.length === 0
        ? { status: 404, body: { success: false, errorCode: notFound, message: '결과가 없습니다.', data: null } }
        : {
            status: 200,
            body: {
              success: true,
              message: '성공',
              errorCode: null,
              data: {
                meta: { apiTitle: 'FAKE YES24', version: 'v1' },
                items: paged(books, page, size).map((b, i) => yes24Item(b, (page - 1) * size + i + 1)),
                currentPage: page,
                pageSize: size,
                totalCount: books.length,
              },
            },
          };
    const inCategory = (id: string | null) =>
      id === YES24_ROOT_CATEGORY
        ? SYNTHETIC_BOOKS
        : SYNTHETIC_BOOKS.filter((b) => id !== null && b.yes24CategoryId.startsWith(id));
    if (p === '/v1/goods/itemList')
      return list(
        SYNTHETIC_BOOKS.filter((b) => matches(b, q.get('query') ?? '')),
        'SEARCH_001',
      );
    if (p === '/v1/goods/itemDetail') {
      const found = SYNTHETIC_BOOKS.find((b) => b.isbn13 === q.get('query'));
      return found
        ? {
            status: 200,
            body: { success: true, message: '성공', errorCode: null, data: { meta: {}, data: yes24Item(found, 1) } },
          }
        : { status: 404, body: { success: false, errorCode: 'GOODS_002', message: '상품이 없습니다.', data: null } };
    }
    if (/^\/v1\/category\/bestseller(Realtime|Daily|Monthly|Steady)?$/.test(p))
      return list(inCategory(q.get('categoryId')), 'BEST_001');
    if (/^\/v1\/category\/newproduct(Attention)?$/.test(p)) {
      const books = [...inCategory(q.get('categoryId'))].sort((a, b) => b.publishDate.localeCompare(a.publishDate));
      return list(books, 'NEW_001');
    }
    return { status: 404, body: { success: false, errorCode: 'NOT_FOUND', message: 'no such API', data: null } };
  }

  function data4library(p: string, q: URLSearchParams): Reply {
    if (q.get('authKey') !== key) return { status: 200, body: { response: { error: '유효하지 않은 인증키 입니다.' } } };
    const page = num(q.get('pageNo'), 1, 1000);
    const size = num(q.get('pageSize'), 10, 100);
    const docs = (books: readonly SyntheticBook[]) => ({
      response: {
        numFound: books.length,
        resultNum: Math.min(size, books.length),
        docs: paged(books, page, size).map((b, i) => data4libraryDoc(b, i + 1)),
      },
    });
    if (p === '/api/srchBooks')
      return { status: 200, body: docs(SYNTHETIC_BOOKS.filter((b) => matches(b, q.get('keyword') ?? ''))) };
    if (p === '/api/loanItemSrch') {
      const kdc = q.get('kdc');
      return { status: 200, body: docs(kdc ? SYNTHETIC_BOOKS.filter((b) => b.kdc.startsWith(kdc)) : SYNTHETIC_BOOKS) };
    }
    if (p === '/api/srchDtlList') {
      const found = SYNTHETIC_BOOKS.filter((b) => b.isbn13 === q.get('isbn13'));
      return { status: 200, body: { response: { detail: found.map((b) => ({ book: data4libraryDoc(b, 1).doc })) } } };
    }
    if (p === '/api/libSrch') {
      const libs = q.get('region') === '11' ? SYNTHETIC_LIBRARIES : [];
      return { status: 200, body: { response: { numFound: libs.length, libs: libs.map((lib) => ({ lib })) } } };
    }
    if (p === '/api/bookExist') {
      const known = SYNTHETIC_BOOKS.findIndex((b) => b.isbn13 === q.get('isbn13'));
      const lib = SYNTHETIC_LIBRARIES.findIndex((l) => l.libCode === q.get('libCode'));
      // Library 1 has every book on the shelf, library 2 has them out on loan, library 3 has none.
      const hasBook = known >= 0 && lib >= 0 && lib < 2 ? 'Y' : 'N';
      const loanAvailable = hasBook === 'Y' && lib === 0 ? 'Y' : 'N';
      return {
        status: 200,
        body: {
          response: { request: { isbn13: q.get('isbn13'), libCode: q.get('libCode') }, result: { hasBook, loanAvailable } },
        },
      };
    }
    return { status: 404, body: { response: { error: 'no such API' } } };
  }

  function nlSeoji(q: URLSearchParams): Reply {
    if (q.get('cert_key') !== key)
      return { status: 200, body: { RESULT: 'ERROR', ERR_CODE: '011', ERR_MESSAGE: '인증키 정보가 없습니다.' } };
    const recorded = asArr(asObj(rec.seoji).docs);
    const isbn = q.get('isbn');
    if (isbn) {
      const docs = recorded.filter((d) => asObj(d).EA_ISBN === isbn);
      return { status: 200, body: docs.length ? { TOTAL_COUNT: String(docs.length), PAGE_NO: '1', docs } : rec.seojiEmpty };
    }
    const title = (q.get('title') ?? '').toLowerCase();
    if (title) {
      const docs = recorded.filter((d) =>
        String(asObj(d).TITLE ?? '')
          .toLowerCase()
          .includes(title),
      );
      return { status: 200, body: docs.length ? { TOTAL_COUNT: String(docs.length), PAGE_NO: '1', docs } : rec.seojiEmpty };
    }
    return { status: 200, body: rec.seoji ?? rec.seojiEmpty };
  }

  function nlSearch(q: URLSearchParams): Reply {
    if (q.get('key') !== key) return { status: 200, body: { error: { code: '010', msg: '인증키 오류' } } };
    const kwd = q.get('kwd') ?? q.get('isbnCode') ?? '';
    const found = SYNTHETIC_BOOKS.filter((b) => matches(b, kwd));
    return { status: 200, body: { total: String(found.length), result: found.map(nlSearchRecord) } };
  }

  function kakao(q: URLSearchParams, headers: IncomingMessage['headers']): Reply {
    if (headers.authorization !== `KakaoAK ${key}`)
      return { status: 401, body: { errorType: 'AccessDeniedError', message: 'cannot find appKey' } };
    const query = (q.get('query') ?? '').toLowerCase().trim();
    const docs = asArr(asObj(rec.kakao).documents).filter((d) => {
      const doc = asObj(d);
      return q.get('target') === 'isbn'
        ? String(doc.isbn ?? '')
            .split(' ')
            .includes(query)
        : String(doc.title ?? '')
            .toLowerCase()
            .includes(query);
    });
    return {
      status: 200,
      body: { meta: { total_count: docs.length, pageable_count: docs.length, is_end: true }, documents: docs },
    };
  }

  function googleBooks(p: string, q: URLSearchParams): Reply {
    const volume = /^\/books\/v1\/volumes\/([\w-]+)$/.exec(p);
    if (volume?.[1]) {
      const found = rec.gVolumes[volume[1]];
      return found
        ? { status: 200, body: found }
        : { status: 503, body: rec.gError ?? { error: { code: 503, errors: [{ reason: 'backendFailed' }] } } };
    }
    if (p !== '/books/v1/volumes') return { status: 404, body: { error: { code: 404, message: 'Not Found' } } };
    const items = asArr(asObj(rec.gSearch).items);
    const query = q.get('q') ?? '';
    const isbn = /^isbn:(\d{10,13})$/.exec(query)?.[1];
    const found = isbn
      ? items.filter((item) =>
          asArr(asObj(asObj(item).volumeInfo).industryIdentifiers).some((id) => asObj(id).identifier === isbn),
        )
      : items.filter((item) =>
          String(asObj(asObj(item).volumeInfo).title ?? '')
            .toLowerCase()
            .includes(query.toLowerCase()),
        );
    return {
      status: 200,
      body: found.length
        ? { kind: 'books#volumes', totalItems: found.length, items: found }
        : { kind: 'books#volumes', totalItems: 0 },
    };
  }

  function openLibrary(p: string, q: URLSearchParams): Reply {
    if (p === '/api/books') {
      const bibkeys = q.get('bibkeys') ?? '';
      const recorded = asObj(rec.olIsbn);
      return { status: 200, body: bibkeys in recorded ? { [bibkeys]: recorded[bibkeys] } : {} };
    }
    if (p === '/search.json') return { status: 200, body: rec.olSearch ?? { numFound: 0, docs: [] } };
    const isbn = /^\/isbn\/([\dX]+)\.json$/.exec(p)?.[1];
    if (isbn || /^\/books\/OL\d+M\.json$/.test(p)) {
      const edition = asObj(rec.olEdition);
      const hit = isbn
        ? asArr(edition.isbn_10).includes(isbn) || asArr(edition.isbn_13).includes(isbn)
        : p === `${String(edition.key)}.json`;
      return hit ? { status: 200, body: edition } : { status: 404, body: { error: 'notfound', key: p.replace(/\.json$/, '') } };
    }
    return { status: 404, body: { error: 'notfound' } };
  }

  function route(provider: CatalogProviderId, p: string, q: URLSearchParams, headers: IncomingMessage['headers']): Reply {
    switch (provider) {
      case 'yes24':
        return yes24(p, q, headers);
      case 'data4library':
        return data4library(p, q);
      case 'nl-seoji':
        return p === '/seoji/SearchApi.do' || p === '/landingPage/SearchApi.do' ? nlSeoji(q) : { status: 404, body: 'Not Found' };
      case 'nl-search':
        return p === '/NL/search/openApi/search.do' ? nlSearch(q) : { status: 404, body: 'Not Found' };
      case 'kakao':
        return p === '/v3/search/book' ? kakao(q, headers) : { status: 404, body: { errorType: 'NotFound', message: p } };
      case 'google-books':
        return googleBooks(p, q);
      case 'open-library':
        return openLibrary(p, q);
    }
  }

  // ---- server ------------------------------------------------------------------------------------------

  /** The first injected fault that matches (in injection order), used up one request at a time. */
  function takeFault(provider: CatalogProviderId, p: string): Fault[] {
    for (const f of faults) {
      if (f.remaining <= 0) continue;
      if (f.match.provider && f.match.provider !== provider) continue;
      if (f.match.path !== undefined && !(typeof f.match.path === 'string' ? p === f.match.path : f.match.path.test(p))) continue;
      f.remaining -= 1;
      return [f.fault];
    }
    return [];
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const [, first = '', ...rest] = url.pathname.split('/');
    const provider = CATALOG_PROVIDERS.find((id) => id === first);
    if (!provider || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('unknown provider');
      return;
    }
    const p = `/${rest.join('/')}`;
    calls.push({ provider, path: p, query: url.searchParams, headers: req.headers });
    const hit = takeFault(provider, p);
    const latency = (options.latencyMs ?? 0) + hit.reduce((ms, f) => ms + (f.kind === 'latency' ? f.ms : 0), 0);
    if (latency > 0) await sleep(latency);
    if (hit.some((f) => f.kind === 'hang')) {
      pending.add(res);
      return; // never answers; closed with the server
    }
    const status = hit.find((f): f is Extract<Fault, { kind: 'status' }> => f.kind === 'status');
    if (status) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (status.retryAfter !== undefined) headers['retry-after'] = status.retryAfter;
      res
        .writeHead(status.status, headers)
        .end(status.body ?? JSON.stringify({ error: { code: status.status, message: 'injected' } }));
      return;
    }
    if (hit.some((f) => f.kind === 'malformed')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"docs": [ {"TITLE": "cut off');
      return;
    }
    const huge = hit.find((f): f is Extract<Fault, { kind: 'huge' }> => f.kind === 'huge');
    if (huge) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (huge.declared) headers['content-length'] = String(huge.bytes);
      res.writeHead(200, headers);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.write('{"pad":"');
      let sent = 8;
      while (sent + chunk.length < huge.bytes - 2) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
        if (res.destroyed) return;
        sent += chunk.length;
      }
      res.end(`${' '.repeat(Math.max(0, huge.bytes - sent - 2))}"}`);
      return;
    }
    const reply = route(provider, p, url.searchParams, req.headers);
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const type = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
    res.writeHead(reply.status, { 'content-type': type, ...reply.headers }).end(body);
  }

  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
    });
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end('fake upstream failed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const baseUrls = Object.fromEntries(CATALOG_PROVIDERS.map((id) => [id, `${url}/${id}`])) as Record<CatalogProviderId, string>;

  return {
    url,
    baseUrls,
    key,
    calls,
    /** Requests received and not yet answered (tests move a manual clock only when this is 0). */
    get inFlight(): number {
      return inFlight;
    },
    /** Whether the recordings were found (synthetic sources answer either way). */
    hasRecordings: fixturesDir !== null,
    /** The environment that points every catalog source here, with keys, the keyless ones switched on. */
    env(overrides: Record<string, string> = {}): Record<string, string> {
      const env: Record<string, string> = {
        CATALOG_NL_KEY: key,
        CATALOG_YES24_KEY: key,
        CATALOG_KAKAO_KEY: key,
        CATALOG_DATA4LIBRARY_KEY: key,
        CATALOG_GOOGLE_BOOKS: 'on',
        CATALOG_OPEN_LIBRARY: 'on',
      };
      for (const id of CATALOG_PROVIDERS) env[`CATALOG_${PROVIDER_ENV[id]}_BASE_URL`] = baseUrls[id];
      return { ...env, ...overrides };
    },
    /** Inject a fault for matching requests, `times` times (default: until cleared). A request gets the first match. */
    inject(match: FaultMatch, fault: Fault, times = Number.POSITIVE_INFINITY) {
      faults.push({ match, fault, remaining: times });
    },
    clearFaults() {
      faults.length = 0;
    },
    callCount(provider?: CatalogProviderId, p?: string): number {
      return calls.filter((c) => (!provider || c.provider === provider) && (!p || c.path === p)).length;
    },
    resetCalls() {
      calls.length = 0;
    },
    async close(): Promise<void> {
      for (const res of pending) res.destroy();
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeUpstream = Awaited<ReturnType<typeof startFakeUpstream>>;
