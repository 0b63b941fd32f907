/**
 * The whole local stack for a bench, as scripts/test.mjs sets it up for e2e: the Auth and Firestore
 * emulators on free loopback ports, the extension built against them (`wxt build --mode <mode>` into `.output/bench-<mode>-<pid>`, removed on stop), and the
 * real peer-server as its own process. `stop()` undoes all of it.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

type Emulators = { env: Record<string, string>; stop(): Promise<void> };
type EmulatorPorts = { auth: number; firestore: number; firestoreWs: number; hub: number; logging: number };
// scripts/lib is plain ESM JavaScript without type declarations: import it by a computed path, typed here.
const lib = (name: string) => join(ROOT, 'scripts', 'lib', name);
const { startEmulators } = (await import(lib('emulators.mjs'))) as {
  startEmulators(ports: EmulatorPorts, options?: { quiet?: boolean }): Promise<Emulators>;
};
export const { freePort } = (await import(lib('ports.mjs'))) as { freePort(): Promise<number> };

/** Run a command in the repository; resolve on exit 0, reject with the tail of its output otherwise. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
    });
    child.stderr.on('data', (d) => {
      out += d.toString();
    });
    child.on('exit', (code, signal) =>
      code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? code}):\n${out.slice(-3000)}`)),
    );
  });
}

/** Environment without the extension's build variables (a production build reads only what it is given). */
export function envWithoutChaekbang(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CHAEKBANG_')));
}

export type Stack = {
  env: Record<string, string>;
  extensionDir: string;
  peerPort: number;
  peerUrl: string;
  /** Peers the real peer-server currently holds (its /health). */
  peers(): Promise<number>;
  stop(): Promise<void>;
};

export async function startStack({
  mode,
  log,
  webRoom = false,
}: {
  mode: string;
  log: (line: string) => void;
  /** Also build the web room (scripts/build-web-room.mjs) into <output>/web-room, which the peer-server serves at /r/<CODE>. */
  webRoom?: boolean;
}): Promise<Stack> {
  const ports: EmulatorPorts = {
    auth: await freePort(),
    firestore: await freePort(),
    firestoreWs: await freePort(),
    hub: await freePort(),
    logging: await freePort(),
  };
  const peerPort = await freePort();
  // Each bench process builds into its own folder, so two benches (or a bench and a test run) never load
  // each other's build.
  const outputDir = join(ROOT, '.output', `bench-${mode}-${process.pid}`);
  const buildEnv = {
    CHAEKBANG_OUTPUT_DIR: outputDir,
    CHAEKBANG_ENV: 'local',
    CHAEKBANG_AUTH_EMULATOR_URL: `http://127.0.0.1:${ports.auth}`,
    CHAEKBANG_FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
    CHAEKBANG_PEER_SERVER_URL: `http://127.0.0.1:${peerPort}`,
  };
  let emulators: Emulators | undefined;
  let peerServer: ReturnType<typeof spawn> | undefined;
  const stop = async () => {
    const p = peerServer;
    peerServer = undefined;
    if (p && p.exitCode === null && p.signalCode === null) {
      await new Promise<void>((done) => {
        const timer = setTimeout(() => p.kill('SIGKILL'), 6000);
        p.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        p.kill('SIGTERM');
      });
    }
    const e = emulators;
    emulators = undefined;
    await e?.stop().catch(() => {});
    rmSync(outputDir, { recursive: true, force: true });
  };
  try {
    // The build needs only the ports, so it runs while the emulators start.
    const t0 = Date.now();
    log(`starting the emulators (auth ${ports.auth}, firestore ${ports.firestore}) and building the extension (--mode ${mode})`);
    // Both settle before going on: a failed build must not leave the emulators (still starting) running unowned.
    const [emulatorStart, build] = await Promise.allSettled([
      startEmulators(ports, { quiet: true }).then((e) => {
        emulators = e;
        log(`  emulators ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        return e;
      }),
      run(process.execPath, [join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), 'build', '--mode', mode], {
        ...process.env,
        ...buildEnv,
      })
        .then(() => log(`  extension built in ${((Date.now() - t0) / 1000).toFixed(1)} s`))
        // After WXT (which cleans its output), so the two builds never race in one folder.
        .then(() =>
          webRoom
            ? run(process.execPath, [join(ROOT, 'scripts', 'build-web-room.mjs')], { ...process.env, ...buildEnv }).then(() =>
                log(`  web room built in ${((Date.now() - t0) / 1000).toFixed(1)} s`),
              )
            : undefined,
        ),
    ]);
    if (build.status === 'rejected') throw build.reason;
    if (emulatorStart.status === 'rejected') throw emulatorStart.reason;
    const env = { ...emulatorStart.value.env, ...buildEnv };

    // The real peer-server, as e2e/peer-server.ts starts it.
    let serverLog = '';
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'peer-server', 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        PEER_HOST: '127.0.0.1',
        PEER_PORT: String(peerPort),
        PEER_RECONNECT_GRACE_MS: '10000',
        // Every reader (and the bench's /health polling) comes from 127.0.0.1: one address's limit would be
        // shared by all of them, which a real deployment never sees. The per-user limit stays as configured.
        RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    peerServer = child;
    child.stdout?.on('data', (d) => {
      serverLog = (serverLog + d.toString()).slice(-4000);
    });
    child.stderr?.on('data', (d) => {
      serverLog = (serverLog + d.toString()).slice(-4000);
    });
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const started2 = Date.now();
    for (;;) {
      const ok = await fetch(`${peerUrl}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null) throw new Error(`peer-server exited: ${serverLog}`);
      // tsx compiles the server on start: on a machine at load 40 that alone took over 20 s.
      if (Date.now() - started2 > 90_000) throw new Error(`peer-server did not become healthy in 90 s: ${serverLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    log(`  peer-server on ${peerUrl}`);
    return {
      env,
      extensionDir: join(outputDir, `chrome-mv3-${mode}`),
      peerPort,
      peerUrl,
      async peers() {
        const body = (await (await fetch(`${peerUrl}/health`)).json()) as { peers: number };
        return body.peers;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
