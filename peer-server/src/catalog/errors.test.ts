import { describe, expect, it } from 'vitest';
import { CatalogUnavailableError, CatalogUpstreamError, toReaderError } from './errors';

describe('toReaderError', () => {
  it('turns every-source-failed into catalog_unavailable with a retry hint and no upstream text', () => {
    const failures = [
      new CatalogUpstreamError('yes24', 'rate-limited', 'HTTP 429 <html>Upstream says: quota</html>', { retryAfterMs: 12_300 }),
      new CatalogUpstreamError('kakao', 'unavailable', 'HTTP 502 Bad Gateway from nginx'),
    ];
    const reader = toReaderError(new CatalogUnavailableError('every catalog source failed', failures, 12_300));
    expect(reader).toEqual({
      status: 503,
      code: 'catalog_unavailable',
      message: 'Book sources are not answering right now; try again in a moment.',
      retryAfterSeconds: 13,
    });
    expect(JSON.stringify(reader)).not.toMatch(/Upstream|nginx|429|502/);
  });

  it('anything else is internal', () => {
    expect(toReaderError(new Error('TypeError: x is undefined'))).toEqual({
      status: 500,
      code: 'internal',
      message: 'Something went wrong on the server.',
    });
  });

  it('marks which upstream failures count against a source', () => {
    expect(new CatalogUpstreamError('yes24', 'timeout', 'x').countsAsFailure).toBe(true);
    expect(new CatalogUpstreamError('yes24', 'quota', 'x').countsAsFailure).toBe(false);
    expect(new CatalogUpstreamError('yes24', 'bad-request', 'x').countsAsFailure).toBe(false);
  });
});
