import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';

// Per-IP limits with and without a trusted proxy (no tokens needed: /health is public).
let server: ChaekbangPeerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function statuses(trustProxy: boolean, forwardedFor: string[]) {
  server = createServer(
    { ...loadConfig({}), rateLimitPerIpPerMinute: 2, trustProxy },
    { verifyToken: async () => ({ uid: 'u', guest: false }) },
  );
  const { port } = await server.listen(0, '127.0.0.1');
  const out: number[] = [];
  for (const xff of forwardedFor) {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { headers: { 'x-forwarded-for': xff } });
    out.push(res.status);
  }
  return out;
}

describe('per-IP rate limit', () => {
  it('uses the socket address by default, so X-Forwarded-For cannot dodge it', async () => {
    expect(await statuses(false, ['10.0.0.1', '10.0.0.2', '10.0.0.3'])).toEqual([200, 200, 429]);
  });

  it('behind a trusted proxy, limits each client address (the last X-Forwarded-For entry)', async () => {
    // "1.1.1.1, 10.0.0.1": the client claimed 1.1.1.1; our proxy saw 10.0.0.1.
    expect(await statuses(true, ['1.1.1.1, 10.0.0.1', '2.2.2.2, 10.0.0.1', '10.0.0.2', '10.0.0.1'])).toEqual([
      200, 200, 200, 429,
    ]);
  });
});
