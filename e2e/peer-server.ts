import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** The real peer-server as its own process on a fixed loopback port (the extension was built against it). */
export function peerServer(port = Number(process.env.CHAEKBANG_E2E_PEER_PORT)) {
  let child: ChildProcess | null = null;
  let log = '';
  async function start() {
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'peer-server', 'src', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, PEER_HOST: '127.0.0.1', PEER_PORT: String(port), PEER_RECONNECT_GRACE_MS: '10000' },
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
  async function stop() {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => c.kill('SIGKILL'), 6000);
      c.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      c.kill('SIGTERM');
    });
  }
  return { port, url: `http://127.0.0.1:${port}`, start, stop, log: () => log };
}
