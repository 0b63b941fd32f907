import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type FakeUpstream, startFakeUpstream } from '../peer-server/src/catalog/testing/fake-upstream';

const ROOT = join(import.meta.dirname, '..');

export type PeerServerOptions = {
  /**
   * Book sources for the catalog routes:
   * - `'fake'` (default): a fake upstream on loopback (recordings + synthetic sources) is started beside the
   *   server and every CATALOG_* variable points at it; the spec reaches it as `server.upstream` (inject faults,
   *   count calls);
   * - `'off'`: every provider off (no keys): the catalog answers from our own data only.
   * Either way no request leaves the machine.
   */
  catalog?: 'fake' | 'off';
  /** Injected latency of the fake upstream, per request. */
  upstreamLatencyMs?: number;
  /** Extra environment for the server (wins over the defaults). */
  env?: Record<string, string>;
};

/** The real peer-server as its own process on a fixed loopback port (the extension was built against it). */
export function peerServer(port = Number(process.env.CHAEKBANG_E2E_PEER_PORT), options: PeerServerOptions = {}) {
  const catalogMode = options.catalog ?? 'fake';
  let child: ChildProcess | null = null;
  let upstream: FakeUpstream | null = null;
  let log = '';

  /** The environment without any CATALOG_* of the caller's shell (a real key must never reach a test run). */
  const baseEnv = () =>
    Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CATALOG_'))) as Record<string, string>;

  async function start() {
    if (catalogMode === 'fake' && !upstream) upstream = await startFakeUpstream({ latencyMs: options.upstreamLatencyMs ?? 0 });
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'peer-server', 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...baseEnv(),
        ...(upstream ? upstream.env() : {}),
        PEER_HOST: '127.0.0.1',
        PEER_PORT: String(port),
        PEER_RECONNECT_GRACE_MS: '10000',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => {
      log += d.toString();
    });
    child.stderr?.on('data', (d) => {
      log += d.toString();
    });
    const started = Date.now();
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.ok) return;
      } catch {}
      if (child.exitCode !== null) throw new Error(`peer-server exited: ${log.slice(-2000)}`);
      if (Date.now() - started > 20_000) throw new Error(`peer-server did not become healthy: ${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** Stop the server and the fake upstream (a later start() starts a fresh upstream). */
  async function stop() {
    const c = child;
    child = null;
    const u = upstream;
    upstream = null;
    if (c && c.exitCode === null) await exit(c);
    await u?.close();
  }
  function exit(c: ChildProcess) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => c.kill('SIGKILL'), 6000);
      c.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      c.kill('SIGTERM');
    });
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    start,
    stop,
    log: () => log,
    /** The fake upstream (catalog: 'fake', after start()); null otherwise. */
    get upstream(): FakeUpstream | null {
      return upstream;
    },
  };
}
