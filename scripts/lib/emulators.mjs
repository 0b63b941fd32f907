// Start the Firebase Auth and Firestore emulators for a `demo-` project, with the project's real rules,
// on this machine (no internet: Debian's Firestore jar) or on a user's (firebase-tools' own download).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertPortsFree, waitForPort } from './ports.mjs';
import { planFirestore } from './system.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROJECT_ID = 'demo-chaekbang';
const FIREBASE_BIN = join(ROOT, 'node_modules', 'firebase-tools', 'lib', 'bin', 'firebase.js');

function pipeWithPrefix(child, prefix, quiet) {
  const forward = (stream, out) =>
    stream?.on('data', (chunk) => {
      if (quiet) return;
      for (const line of chunk.toString().split('\n')) if (line.trim()) out.write(`${prefix} ${line}\n`);
    });
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
}

/**
 * @param {{ auth: number, firestore: number, firestoreWs: number, hub: number, logging: number }} ports
 * @param {{ quiet?: boolean }} options quiet: keep emulator logs out of the terminal (tests)
 * @returns {Promise<{ env: Record<string,string>, stop: () => Promise<void> }>}
 */
export async function startEmulators(ports, { quiet = false } = {}) {
  await assertPortsFree({ 'Auth emulator': ports.auth, 'Firestore emulator': ports.firestore, 'Emulator hub': ports.hub });
  const cacheDir = join(ROOT, '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const plan = planFirestore(cacheDir);
  const only = plan.mode === 'direct' ? 'auth' : 'auth,firestore';
  const config = {
    firestore: { rules: join(ROOT, 'firebase', 'firestore.rules'), indexes: join(ROOT, 'firebase', 'firestore.indexes.json') },
    emulators: {
      auth: { host: '127.0.0.1', port: ports.auth },
      firestore: { host: '127.0.0.1', port: ports.firestore, websocketPort: ports.firestoreWs },
      hub: { host: '127.0.0.1', port: ports.hub },
      logging: { host: '127.0.0.1', port: ports.logging },
      ui: { enabled: false },
      singleProjectMode: true,
    },
  };
  const configPath = join(cacheDir, `firebase.${ports.auth}.json`);
  writeFileSync(configPath, JSON.stringify(config, null, 2));

  const env = {
    ...process.env,
    CI: process.env.CI ?? 'true',
    NO_UPDATE_NOTIFIER: '1',
    FIREBASE_CLI_EXPERIMENTS: '',
    JAVA_TOOL_OPTIONS: process.env.JAVA_TOOL_OPTIONS ?? '-Xmx512m',
    PATH: `${dirname(plan.java.bin)}${delimiter}${process.env.PATH}`,
  };
  if (plan.launcher) env.FIRESTORE_EMULATOR_BINARY_PATH = plan.launcher;

  const children = [];
  const fb = spawn(
    process.execPath,
    [FIREBASE_BIN, 'emulators:start', '--only', only, '--project', PROJECT_ID, '--config', configPath],
    { cwd: join(cacheDir), env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // The CLI starts the Firestore emulator's Java as a child of its own; a CLI stopped before the emulators were up
  // (a start that timed out on a loaded machine) used to leave that Java running. stopChild ends those too.
  fb.reapChildren = true;
  pipeWithPrefix(fb, '[firebase]', quiet);
  children.push(fb);
  if (plan.mode === 'direct') {
    const fs = spawn(
      plan.java.bin,
      [
        '-Duser.language=en',
        '-cp',
        plan.jar,
        'com.google.cloud.datastore.emulator.firestore.CloudFirestore',
        '--host',
        '127.0.0.1',
        '--port',
        String(ports.firestore),
        '--rules',
        config.firestore.rules,
        '--project_id',
        PROJECT_ID,
        '--single_project_mode',
        'true',
      ],
      { cwd: cacheDir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    pipeWithPrefix(fs, '[firestore]', quiet);
    children.push(fs);
  }
  const alive = () => children.every((c) => c.exitCode === null && c.signalCode === null);
  const stop = () => Promise.all(children.map((c) => stopChild(c))).then(() => undefined);
  try {
    await waitForPort(ports.firestore, { name: 'Firestore emulator', alive, timeoutMs: 180_000 });
    await waitForPort(ports.auth, { name: 'Auth emulator', alive, timeoutMs: 180_000 });
  } catch (err) {
    await stop();
    throw new Error(`${err.message} See .cache/firebase-debug.log and .cache/firestore-debug.log.`);
  }
  return {
    plan,
    env: {
      FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${ports.auth}`,
      FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
      GCLOUD_PROJECT: PROJECT_ID,
      CHAEKBANG_PROJECT_ID: PROJECT_ID,
    },
    stop,
  };
}

/** The ids of a process's direct children (empty where `ps` cannot tell). */
function childPids(pid) {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  } catch {
    return [];
  }
}

export function stopChild(child, timeoutMs = 8000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    // The child's own children (Linux `ps`), taken now: once it has exited they are orphans no one would stop.
    const children = child.reapChildren && child.pid ? childPids(child.pid) : [];
    const descendants = [...children, ...children.flatMap(childPids)];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      for (const pid of descendants) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      resolve();
    });
    child.kill('SIGINT');
  });
}
