import type { CatalogProviderId } from '../../../shared/schemas/catalog';

/**
 * Why a call to an upstream catalog source gave nothing usable. The orchestrator skips the source for that
 * call (and counts it toward the circuit breaker when `countsAsFailure`); the reader only ever sees a
 * clear message derived from the kind (`readerMessageKey`), never the upstream's own text.
 */
export const UPSTREAM_ERROR_KINDS = [
  'bad-response', // a shape we cannot read, garbage, malformed JSON
  'auth', // the key was refused
  'bad-request', // the source refused our parameters
  'rate-limited', // 429 (Retry-After honoured)
  'unavailable', // 5xx
  'timeout', // no answer within the time limit
  'too-large', // body over the cap
  'network', // connection refused, reset, DNS
  'quota', // our own daily counter reached its stop line
  'circuit-open', // the breaker is open for this source
  'off', // no key configured
  'unsupported', // the source cannot do this (a programming error upstream of here)
] as const;
export type UpstreamErrorKind = (typeof UPSTREAM_ERROR_KINDS)[number];

export class CatalogUpstreamError extends Error {
  override readonly name = 'CatalogUpstreamError';
  constructor(
    readonly provider: CatalogProviderId,
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; code?: string } = {},
  ) {
    super(`${provider}: ${message}`);
  }

  /** Failures that say something about the source's health (feed the circuit breaker). */
  get countsAsFailure(): boolean {
    return ['bad-response', 'rate-limited', 'unavailable', 'timeout', 'too-large', 'network', 'auth'].includes(this.kind);
  }
}

export function isUpstreamError(error: unknown): error is CatalogUpstreamError {
  return error instanceof CatalogUpstreamError;
}

/** Every source failed or was off: what the route turns into a clear, translated message for the reader. */
export class CatalogUnavailableError extends Error {
  override readonly name = 'CatalogUnavailableError';
  constructor(
    message: string,
    readonly failures: readonly CatalogUpstreamError[],
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * What a catalog route answers when the catalog fails: a code the panel translates (Korean/English), a
 * fixed English message for logs and a retry hint — never an upstream's own text or status. Anything
 * that is not a CatalogUnavailableError is an internal error.
 */
export type CatalogReaderError = {
  status: 503 | 500;
  code: 'catalog_unavailable' | 'internal';
  message: string;
  retryAfterSeconds?: number;
};

export function toReaderError(error: unknown): CatalogReaderError {
  if (error instanceof CatalogUnavailableError) {
    const seconds = error.retryAfterMs !== undefined ? Math.max(1, Math.ceil(error.retryAfterMs / 1000)) : 30;
    return {
      status: 503,
      code: 'catalog_unavailable',
      message: 'Book sources are not answering right now; try again in a moment.',
      retryAfterSeconds: Math.min(seconds, 3600),
    };
  }
  return { status: 500, code: 'internal', message: 'Something went wrong on the server.' };
}
