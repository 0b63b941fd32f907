import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type PeerServerConfig } from '../src/config';
import { type ChaekbangPeerServer, createServer } from '../src/create-server';
import { sameOrigin } from '../src/http/cors';
import { webRoomCsp } from '../src/http/web-room';

// The real server on loopback serving a web room build from a temporary folder (what scripts/build-web-room.mjs writes).
let root = '';
let dir = '';
let server: ChaekbangPeerServer | undefined;
const INDEX = '<!doctype html><html><head><script type="module" src="/web-room/assets/index-abc123.js"></script></head></html>';
const preload = (file: string) => `<link rel="modulepreload" crossorigin href="/web-room/assets/${file}">`;

beforeAll(() => {
  // Under a dot folder, as the real build is (.output/web-room).
  root = mkdtempSync(join(tmpdir(), 'web-room-'));
  dir = join(root, '.output', 'web-room');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  mkdirSync(join(dir, '.vite'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync('console.log(1)'));
  writeFileSync(join(dir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(
    join(dir, '.vite', 'manifest.json'),
    JSON.stringify({
      '../../extension/public/_locales/en/messages.json': { file: 'assets/messages-en1.js' },
      '../../extension/public/_locales/ko/messages.json': { file: 'assets/messages-ko1.js' },
    }),
  );
  writeFileSync(
    join(dir, 'csp.json'),
    JSON.stringify({ connectSrc: ['https://identitytoolkit.googleapis.com', "https://evil.test 'unsafe-eval'", 42] }),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(over: Partial<PeerServerConfig> = {}) {
  server = createServer(
    { ...loadConfig({}), webRoomDir: dir, ...over },
    { verifyToken: async () => ({ uid: 'u', guest: false }) },
  );
  const { port } = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

describe('GET /r/:code (the web room)', () => {
  it('answers the page for any valid code, in any form people share it, with a strict CSP and no-cache', async () => {
    const url = await start();
    for (const code of ['K7P2QX', 'k7p-2qx', 'K7P-2QX']) {
      const res = await fetch(`${url}/r/${code}`);
      expect(res.status, code).toBe(200);
      // No Accept-Language: the English catalogue is preloaded with the entry.
      expect(await res.text()).toBe(INDEX.replace('</head>', `  ${preload('messages-en1.js')}\n  </head>`));
      expect(res.headers.get('vary')).toContain('Accept-Language');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      // This server (HTTP and WebSocket) and the build's origins; a malformed csp.json entry is dropped.
      expect(csp).toMatch(
        /connect-src 'self' http:\/\/127\.0\.0\.1:\d+ ws:\/\/127\.0\.0\.1:\d+ https:\/\/identitytoolkit\.googleapis\.com;/,
      );
      expect(csp).not.toContain('evil.test');
      expect(csp).not.toContain('unsafe');
    }
  });

  it('preloads the catalogue of the language the page will pick (Accept-Language, or ?lang=)', async () => {
    const url = await start();
    const ko = await (await fetch(`${url}/r/K7P2QX`, { headers: { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.8' } })).text();
    expect(ko).toContain(preload('messages-ko1.js'));
    expect(ko).not.toContain('messages-en1.js');
    const en = await (await fetch(`${url}/r/K7P2QX?lang=en`, { headers: { 'accept-language': 'ko' } })).text();
    expect(en).toContain(preload('messages-en1.js'));
    const junk = await (await fetch(`${url}/r/K7P2QX?lang=%22%3E%3Cscript%3E`)).text();
    expect(junk).toContain(preload('messages-en1.js'));
    expect(junk).not.toContain('<script>');
  });

  it('a malformed code gets a 404 page in both languages (no script), never the app', async () => {
    const url = await start();
    for (const bad of ['ABC', 'K7P2QXX', 'I0O111', '%3Cscript%3E', 'K7P2Q%00']) {
      const res = await fetch(`${url}/r/${bad}`);
      expect(res.status, bad).toBe(404);
      const body = await res.text();
      expect(body).toContain('No such room link');
      expect(body).toContain('방 링크가 올바르지 않아요');
      expect(body).not.toContain('<script');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('assets: hashed files cached for a year, the icon for an hour; the build’s own files and anything else are not served', async () => {
    const url = await start();
    const js = await fetch(`${url}/web-room/assets/index-abc123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    // Pre-compressed: a browser that accepts gzip gets the .gz beside the file, with the file's type.
    const raw = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      get(`${url}/web-room/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(String(raw.headers['content-type'])).toMatch(/javascript/);
    expect(raw.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(raw.body).toString()).toBe('console.log(1)');
    const icon = await fetch(`${url}/web-room/icon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
    for (const path of [
      '/web-room/csp.json',
      '/web-room/index.html',
      '/web-room/.vite/manifest.json',
      '/web-room/assets/../csp.json',
      '/web-room/assets/missing.js',
    ]) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(404);
    }
  });

  it('without a build the page says how to make one (503); the API still works', async () => {
    const url = await start({ webRoomDir: join(dir, 'nowhere') });
    const res = await fetch(`${url}/r/K7P2QX`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('the page’s own origin may call the API (same origin), even when CORS_ORIGINS names only extensions', async () => {
    const url = await start({ corsOrigins: ['chrome-extension://abcdefghijklmnopabcdefghijklmnop'] });
    const own = await fetch(`${url}/api/rooms/K7P2QX`, { headers: { origin: url, authorization: 'Bearer t' } });
    expect(own.status).not.toBe(403);
    const other = await fetch(`${url}/api/rooms/K7P2QX`, { headers: { origin: 'https://evil.test', authorization: 'Bearer t' } });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
  });
});

describe('web room configuration and helpers', () => {
  it('WEB_ROOM_DIR must be a built folder; unset, the default is the build output', () => {
    expect(loadConfig({ WEB_ROOM_DIR: dir }).webRoomDir).toBe(dir);
    expect(() => loadConfig({ WEB_ROOM_DIR: join(dir, 'nowhere') })).toThrow(ConfigError);
    expect(loadConfig({}).webRoomDir).toMatch(/[\\/]\.output[\\/]web-room$/);
    expect(loadConfig({ CHAEKBANG_OUTPUT_DIR: '/tmp/run-1' }).webRoomDir).toBe('/tmp/run-1/web-room');
  });

  it('sameOrigin compares the Origin’s host and port with Host; junk is not the same origin', () => {
    expect(sameOrigin('https://peer.example.org', 'peer.example.org')).toBe(true);
    expect(sameOrigin('http://127.0.0.1:9000', '127.0.0.1:9000')).toBe(true);
    expect(sameOrigin('http://127.0.0.1:9001', '127.0.0.1:9000')).toBe(false);
    expect(sameOrigin('https://peer.example.org.evil.test', 'peer.example.org')).toBe(false);
    expect(sameOrigin('null', 'peer.example.org')).toBe(false);
    expect(sameOrigin('https://peer.example.org', undefined)).toBe(false);
  });

  it('the CSP never takes a Host header with spaces or quotes into connect-src', () => {
    expect(webRoomCsp("evil.test 'unsafe-inline'", false, [])).not.toContain('unsafe-inline');
    expect(webRoomCsp('peer.example.org', true, [])).toContain(
      "connect-src 'self' https://peer.example.org wss://peer.example.org;",
    );
  });
});
