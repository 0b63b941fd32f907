import type { CatalogProviderId } from '../../../shared/schemas/catalog';
import type { Clock } from './clock';
import { CatalogUpstreamError } from './errors';

export type FetchLike = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal; redirect: 'follow' },
) => Promise<Response>;

export type UpstreamRequest = {
  provider: CatalogProviderId;
  url: string;
  /** The upstream path handed to `normalizeResponse` (e.g. `/v1/goods/itemList`). */
  endpoint: string;
  headers: Record<string, string>;
};

export type UpstreamAnswer = { status: number; text: string; retryAfterMs: number | null };

export type FetchOptions = { fetch: FetchLike; clock: Clock; timeoutMs: number; maxBodyBytes: number };

/** `Retry-After` as seconds or an HTTP date → milliseconds from now (null when absent or unreadable). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text), 24 * 3600) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.min(at - now, 24 * 3600 * 1000));
}

/**
 * One GET to an upstream source: aborted after `timeoutMs` (on the injected clock), the body read as a
 * stream and dropped past `maxBodyBytes` (a declared Content-Length over the cap is refused before reading).
 * Throws a `CatalogUpstreamError` of kind `timeout`, `too-large` or `network`; HTTP statuses are returned
 * for the caller to judge.
 */
export async function fetchUpstream(request: UpstreamRequest, options: FetchOptions): Promise<UpstreamAnswer> {
  const { provider } = request;
  const controller = new AbortController();
  let timedOut = false;
  const timeout = () => new CatalogUpstreamError(provider, 'timeout', `no answer within ${options.timeoutMs} ms`);
  // The fetch implementation might ignore the signal: racing this promise makes the timeout hold regardless.
  let rejectTimeout: (error: CatalogUpstreamError) => void = () => {};
  const timeoutPromise = new Promise<never>((_, reject) => {
    rejectTimeout = reject;
  });
  timeoutPromise.catch(() => {});
  const cancel = options.clock.after(options.timeoutMs, () => {
    timedOut = true;
    controller.abort();
    rejectTimeout(timeout());
  });
  try {
    let response: Response;
    try {
      response = await Promise.race([
        options.fetch(request.url, { method: 'GET', headers: request.headers, signal: controller.signal, redirect: 'follow' }),
        timeoutPromise,
      ]);
    } catch (error) {
      if (timedOut) throw timeout();
      if (error instanceof CatalogUpstreamError) throw error;
      throw new CatalogUpstreamError(provider, 'network', 'connection failed');
    }
    const declared = Number(response.headers.get('content-length') ?? '');
    if (Number.isFinite(declared) && declared > options.maxBodyBytes) {
      controller.abort();
      throw new CatalogUpstreamError(provider, 'too-large', `body of ${declared} bytes is over ${options.maxBodyBytes}`, {
        status: response.status,
      });
    }
    const text = await Promise.race([readCapped(request, response, options.maxBodyBytes, controller), timeoutPromise]);
    return {
      status: response.status,
      text,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), options.clock.now()),
    };
  } catch (error) {
    if (timedOut && !(error instanceof CatalogUpstreamError && error.kind === 'too-large')) throw timeout();
    throw error;
  } finally {
    cancel();
  }
}

async function readCapped(
  request: UpstreamRequest,
  response: Response,
  max: number,
  controller: AbortController,
): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        controller.abort();
        await reader.cancel().catch(() => {});
        throw new CatalogUpstreamError(request.provider, 'too-large', `body over ${max} bytes`, { status: response.status });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof CatalogUpstreamError) throw error;
    throw new CatalogUpstreamError(request.provider, 'network', 'connection dropped while reading');
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
