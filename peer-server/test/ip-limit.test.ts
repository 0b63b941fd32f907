import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';

// Per-IP limits with and without a trusted proxy (no tokens needed: an unknown path answers 404 after the limit;
// /health and /metrics are not limited, so a load balancer's checks never take a healthy node out).
let server: ChaekbangPeerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function statuses(trustProxy: boolean, forwardedFor: string[], path = '/no-such-page') {
  server = createServer(
    { ...loadConfig({}), rateLimitPerIpPerMinute: 2, trustProxy },
    { verifyToken: async () => ({ uid: 'u', guest: false }) },
  );
  const { port } = await server.listen(0, '127.0.0.1');
  const out: number[] = [];
  for (const xff of forwardedFor) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-forwarded-for': xff } });
    out.push(res.status);
  }
  return out;
}

describe('per-IP rate limit', () => {
  it('uses the socket address by default, so X-Forwarded-For cannot dodge it', async () => {
    expect(await statuses(false, ['10.0.0.1', '10.0.0.2', '10.0.0.3'])).toEqual([404, 404, 429]);
  });

  it('never limits GET /health or /metrics (health checks all come from the load balancer)', async () => {
    expect(
      await statuses(
        true,
        Array.from({ length: 6 }, () => ''),
        '/health',
      ),
    ).toEqual([200, 200, 200, 200, 200, 200]);
    await server?.close();
    expect(
      await statuses(
        false,
        Array.from({ length: 6 }, () => ''),
        '/metrics',
      ),
    ).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('behind a trusted proxy, limits each client address (the last X-Forwarded-For entry)', async () => {
    // "1.1.1.1, 10.0.0.1": the client claimed 1.1.1.1; our proxy saw 10.0.0.1.
    expect(await statuses(true, ['1.1.1.1, 10.0.0.1', '2.2.2.2, 10.0.0.1', '10.0.0.2', '10.0.0.1'])).toEqual([
      404, 404, 404, 429,
    ]);
  });
});
