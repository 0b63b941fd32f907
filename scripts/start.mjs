#!/usr/bin/env node
// `npm start`: the whole local stack on the embedded default — Firebase Auth + Firestore emulators
// (demo project, the project's rules), the peer-server on 127.0.0.1, and WXT in watch mode writing the
// unpacked extension. Ctrl-C stops every child; nothing is left running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startEmulators, stopChild } from './lib/emulators.mjs';
import { assertPortsFree, waitForPort } from './lib/ports.mjs';
import { findChromium, SetupError } from './lib/system.mjs';

const intEnv = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`✗ ${name} must be a port number (1-65535), got "${raw}"`);
    process.exit(1);
  }
  return n;
};
const ports = {
  auth: intEnv('CHAEKBANG_AUTH_PORT', 9399),
  firestore: intEnv('CHAEKBANG_FIRESTORE_PORT', 8399),
  firestoreWs: intEnv('CHAEKBANG_FIRESTORE_WS_PORT', 9499),
  hub: intEnv('CHAEKBANG_HUB_PORT', 4399),
  logging: intEnv('CHAEKBANG_LOGGING_PORT', 4499),
};
const peerPort = intEnv('PEER_PORT', 9000);
const devPort = intEnv('CHAEKBANG_DEV_PORT', 3399);

const children = [];
let emulators;
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n■ stopping the local stack …');
  await Promise.all(children.map((c) => stopChild(c)));
  if (emulators) await emulators.stop();
  console.log('■ stopped.');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

function launch(name, cmd, args, env) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}]`;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (d) => {
      for (const line of d.toString().split('\n')) if (line.trim()) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`✗ ${name} exited (${signal ?? code}); stopping everything.`);
      shutdown(1);
    }
  });
  children.push(child);
  return child;
}

try {
  const t0 = Date.now();
  await assertPortsFree({ 'peer-server (PEER_PORT)': peerPort, 'WXT dev server (CHAEKBANG_DEV_PORT)': devPort });
  console.log('▶ starting the Auth and Firestore emulators (project demo-chaekbang) …');
  emulators = await startEmulators(ports, { quiet: false });
  console.log(`✓ emulators ready (${emulators.plan.mode}, Java ${emulators.plan.java.major})`);

  // The web room (/r/<CODE>) the peer-server serves, built against this stack (scripts/build-web-room.mjs).
  const clientEnv = {
    CHAEKBANG_ENV: 'local',
    CHAEKBANG_AUTH_EMULATOR_URL: `http://127.0.0.1:${ports.auth}`,
    CHAEKBANG_FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
    CHAEKBANG_PEER_SERVER_URL: `http://127.0.0.1:${peerPort}`,
  };
  console.log('▶ building the web room (/r/<CODE>) …');
  const web = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web-room.mjs')], {
    cwd: ROOT,
    env: { ...process.env, ...clientEnv },
    stdio: 'inherit',
  });
  if (web.status !== 0) throw new Error('the web room did not build (see above)');

  const peer = launch('peer-server', process.execPath, ['--import', 'tsx', join('peer-server', 'src', 'main.ts')], {
    ...emulators.env,
    PEER_HOST: '127.0.0.1',
    PEER_PORT: String(peerPort),
  });
  await waitForPort(peerPort, { name: 'peer-server', alive: () => peer.exitCode === null });
  console.log(`✓ peer-server on http://127.0.0.1:${peerPort}`);
  console.log(`  Web room for guests (any browser, phones too): http://127.0.0.1:${peerPort}/r/<ROOM CODE>`);

  launch('wxt', process.execPath, [join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), '--port', String(devPort)], {
    CHAEKBANG_ENV: 'local',
    CHAEKBANG_AUTH_EMULATOR_URL: `http://127.0.0.1:${ports.auth}`,
    CHAEKBANG_FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
    CHAEKBANG_PEER_SERVER_URL: `http://127.0.0.1:${peerPort}`,
    CHAEKBANG_NO_BROWSER: '1',
  });
  const extDir = join(ROOT, '.output', 'chrome-mv3-dev');
  const t = Date.now();
  while (!existsSync(join(extDir, 'manifest.json')) && Date.now() - t < 60_000) await new Promise((r) => setTimeout(r, 300));
  console.log(`\n✓ local stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`  Extension (unpacked, rebuilt on change): ${extDir}`);
  console.log('  Load it: chrome://extensions → Developer mode → Load unpacked → pick that folder.');
  console.log('  Then click the Chaekbang toolbar button to open the side panel. Ctrl-C stops everything.\n');

  if (process.env.DISPLAY && process.env.CHAEKBANG_OPEN_BROWSER !== '0') {
    try {
      const chromium = findChromium({ install: false });
      const profile = join(ROOT, '.cache', 'chromium-profile');
      mkdirSync(profile, { recursive: true });
      launch('chromium', chromium, [
        `--user-data-dir=${profile}`,
        `--load-extension=${extDir}`,
        `--disable-extensions-except=${extDir}`,
        '--no-first-run',
      ]);
    } catch {
      console.log('  (No Chromium found to open automatically; load the folder above in your browser.)');
    }
  }
} catch (err) {
  console.error(`\n✗ ${err instanceof SetupError ? `Setup: ${err.message}` : err.message}`);
  await shutdown(1);
}
