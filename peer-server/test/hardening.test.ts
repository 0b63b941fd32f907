import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type PeerServerConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';

// The real server on loopback with real sockets: /metrics behind a token, header timeout, per-IP connection cap.
let server: ChaekbangPeerServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
});

async function start(over: Partial<PeerServerConfig>) {
  server = createServer({ ...loadConfig({}), ...over }, { verifyToken: async () => ({ uid: 'u', guest: false }) });
  return (await server.listen(0, '127.0.0.1')).port;
}

/** A raw TCP connection; resolves `closed` with what the server wrote before closing it. */
function raw(port: number, data?: string) {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let got = '';
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  if (data) void opened.then(() => socket.write(data));
  socket.on('data', (d) => {
    got += String(d);
  });
  socket.on('error', () => {});
  const started = Date.now();
  const closed = new Promise<{ afterMs: number; got: string }>((resolve) =>
    socket.once('close', () => resolve({ afterMs: Date.now() - started, got })),
  );
  return { socket, opened, closed, text: () => got };
}

describe('/metrics', () => {
  it('with METRICS_TOKEN, needs Authorization: Bearer <token>', async () => {
    const port = await start({ metricsToken: 'metrics-token-0123456789' });
    const url = `http://127.0.0.1:${port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer metrics-token-0123456789x' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ rooms: expect.any(Number) });
    // /health stays public.
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it('in production without METRICS_TOKEN, /metrics is not served at all', async () => {
    const port = await start({ production: true, metricsToken: null });
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(404);
  });
});

describe('half-open sockets', () => {
  it('closes a connection that never finishes its headers (408) after the header timeout', async () => {
    const port = await start({ httpHeadersTimeoutMs: 500 });
    const silent = raw(port);
    const partial = raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\n');
    const [a, b] = await Promise.all([silent.closed, partial.closed]);
    for (const r of [a, b]) {
      expect(r.afterMs).toBeGreaterThanOrEqual(400);
      expect(r.afterMs).toBeLessThan(2500);
    }
    expect(b.got).toMatch(/^HTTP\/1\.1 408/);
  });

  it('caps concurrent connections per IP (HTTP and WebSocket alike); others are served again once one closes', async () => {
    const port = await start({ maxConnectionsPerIp: 3 });
    const held = [raw(port), raw(port), raw(port)];
    await Promise.all(held.map((h) => h.opened));
    // The fourth is answered 429 and closed, before any request is read.
    const fourth = raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const refused = await fourth.closed;
    expect(refused.got).toMatch(/^HTTP\/1\.1 429 /);
    // A WebSocket upgrade counts the same way.
    const upgrade = raw(
      port,
      'GET /peerjs/peerjs?key=peerjs&id=u&token=t HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    expect((await upgrade.closed).got).toMatch(/^HTTP\/1\.1 429 /);
    const first = held[0];
    first?.socket.destroy();
    await first?.closed;
    await new Promise((r) => setTimeout(r, 50));
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });
});
