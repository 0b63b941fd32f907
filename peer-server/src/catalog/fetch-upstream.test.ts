import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { CatalogUpstreamError } from './errors';
import { type FetchLike, fetchUpstream, parseRetryAfter, type UpstreamRequest } from './fetch-upstream';

const req: UpstreamRequest = {
  provider: 'kakao',
  url: 'http://127.0.0.1:1/v3/search/book?query=x',
  endpoint: '/v3/search/book',
  headers: {},
};
const MB5 = 5 * 1024 * 1024;

function options(fetch: FetchLike, clock = new ManualClock()) {
  return { fetch, clock, timeoutMs: 3000, maxBodyBytes: MB5 };
}

async function kindOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof CatalogUpstreamError ? error.kind : `untyped: ${String(error)}`;
  }
}

/** A fetch that never answers unless aborted (and one that ignores the signal altogether). */
const hanging: FetchLike = (_url, init) =>
  new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
const deaf: FetchLike = () => new Promise(() => {});

function streamOf(chunks: number, chunkBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= chunks) return controller.close();
      sent += 1;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
  });
}

describe('fetchUpstream', () => {
  it('returns status, text and Retry-After', async () => {
    const fetch: FetchLike = async () => new Response('{"documents":[]}', { status: 429, headers: { 'retry-after': '7' } });
    await expect(fetchUpstream(req, options(fetch))).resolves.toEqual({
      status: 429,
      text: '{"documents":[]}',
      retryAfterMs: 7000,
    });
  });

  it('times out after 3 s on the injected clock (no real wait), whether or not fetch honours the signal', async () => {
    for (const fetch of [hanging, deaf]) {
      const clock = new ManualClock();
      const result = kindOf(fetchUpstream(req, options(fetch, clock)));
      clock.advance(2999);
      await Promise.resolve();
      clock.advance(1);
      expect(await result).toBe('timeout');
      expect(clock.pendingTimers).toBe(0);
    }
  });

  it('a body read that stalls also times out', async () => {
    const clock = new ManualClock();
    const fetch: FetchLike = async () => new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { status: 200 });
    const result = kindOf(fetchUpstream(req, options(fetch, clock)));
    await new Promise((r) => setImmediate(r));
    clock.advance(3000);
    expect(await result).toBe('timeout');
  });

  it('refuses a declared Content-Length over 5 MB before reading', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 100) return controller.close(); // 6.4 MB if read to the end
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const fetch: FetchLike = async () => new Response(body, { status: 200, headers: { 'content-length': String(MB5 + 1) } });
    expect(await kindOf(fetchUpstream(req, options(fetch)))).toBe('too-large');
    expect(pulled).toBeLessThanOrEqual(2);
  });

  it('stops reading a streamed body past 5 MB (no Content-Length)', async () => {
    const fetch: FetchLike = async () => new Response(streamOf(100, 64 * 1024), { status: 200 }); // 6.25 MB
    expect(await kindOf(fetchUpstream(req, options(fetch)))).toBe('too-large');
    const fits: FetchLike = async () => new Response(streamOf(80, 64 * 1024), { status: 200 }); // 5 MB exactly
    expect(await kindOf(fetchUpstream(req, options(fits)))).toBe('ok');
  });

  it('a refused connection is a network error', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await kindOf(fetchUpstream(req, options(fetch)))).toBe('network');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, caps at a day, ignores junk', () => {
    const now = Date.UTC(2026, 10, 30, 0, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter('999999999', now)).toBe(24 * 3600 * 1000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
