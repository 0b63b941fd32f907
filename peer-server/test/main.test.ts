import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The real process: `tsx peer-server/src/main.ts` (what `npm run peer-server` runs).
const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

function start(env: Record<string, string>) {
  const child = spawn(TSX, [join(ROOT, 'peer-server', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (re: RegExp, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} in: ${stderr}`)), timeoutMs);
      const check = () => {
        if (re.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stderr?.on('data', check);
      check();
    });
  return { child, exited, waitFor, stderr: () => stderr };
}

describe('peer-server process', () => {
  it('listens, logs its URL and exits 0 soon after SIGTERM', async () => {
    const port = await freePort();
    const p = start({ PEER_PORT: String(port), PEER_HOST: '127.0.0.1' });
    await p.waitFor(/peer-server listening on http:\/\/127\.0\.0\.1:\d+/);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    const t = Date.now();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(p.stderr()).toMatch(/SIGTERM: shutting down/);
  }, 30_000);

  it('exits 2 with a message naming a malformed variable', async () => {
    const p = start({ PEER_PORT: 'abc' });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toContain('PEER_PORT must be a port number (1-65535), got \\"abc\\"');
  }, 30_000);

  it('in production, refuses to start while CORS_ORIGINS would allow every extension (exit 2, naming it)', async () => {
    const p = start({ NODE_ENV: 'production', PEER_PORT: String(await freePort()) });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toContain('CORS_ORIGINS');
    expect(p.stderr()).toMatch(/extension id/);
  }, 30_000);
});
