#!/usr/bin/env node
// One command for every kind of test: `npm test` (= all), or one stage: static | unit | build | emulator | e2e | firefox.
// It finds (or installs, as root) Chromium, Firefox ESR and a Java for the emulators, starts the emulators on free
// loopback ports, builds the extension against them, and runs vitest's projects in order.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startEmulators } from './lib/emulators.mjs';
import { freePort } from './lib/ports.mjs';
import { findChromium, findFirefox, SetupError } from './lib/system.mjs';

const STAGES = ['static', 'unit', 'build', 'emulator', 'e2e', 'firefox'];
// `node scripts/test.mjs e2e -- e2e/room.e2e.ts -t chat`: everything after `--` goes to vitest.
const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const args = split === -1 ? argv : argv.slice(0, split);
const passThrough = split === -1 ? [] : argv.slice(split + 1);
const wanted = args.filter((a) => !a.startsWith('-'));
const stages = wanted.length === 0 || wanted.includes('all') ? STAGES : wanted;
for (const s of stages) if (!STAGES.includes(s)) fail(`Unknown stage "${s}". Use one of: all, ${STAGES.join(', ')}.`);
const extraVitestArgs = [...args.filter((a) => a.startsWith('-')), ...passThrough];

function fail(message) {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
const ANSI = /\u001b\[[0-9;]*m/g;

/** Run a command with its output shown as it comes; vitest's "Tests  N passed | M failed" lines are tallied. */
function run(cmd, cmdArgs, { env = {}, label } = {}) {
  return new Promise((resolve, reject) => {
    console.log(`\n▶ ${label ?? [cmd, ...cmdArgs].join(' ')}`);
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      const line = tail.replace(ANSI, '').match(/^\s*Tests\s+(.*)$/m)?.[1] ?? '';
      for (const kind of ['passed', 'failed', 'skipped'])
        totals[kind] += Number(line.match(new RegExp(`(\\d+) ${kind}`))?.[1] ?? 0);
      code === 0 ? resolve() : reject(new Error(`${label ?? cmd} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
const started = Date.now();
const timings = [];
async function stage(name, fn) {
  const t = Date.now();
  await fn();
  timings.push(`${name} ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

let emulators;
/** This run's own extension build (see the e2e stage), removed however the run ends. */
let outputDir;
const cleanup = async () => {
  if (emulators) await emulators.stop().catch(() => {});
  emulators = undefined;
  if (outputDir) rmSync(outputDir, { recursive: true, force: true });
  outputDir = undefined;
};
process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
process.on('SIGTERM', () => cleanup().then(() => process.exit(143)));

try {
  if (stages.includes('static')) {
    await stage('typecheck', () => run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { label: 'typecheck (tsc --noEmit)' }));
    await stage('lint', () => run(bin('biome'), ['check', '.'], { label: 'lint (biome check)' }));
  }
  if (stages.includes('unit')) {
    await stage('unit', () => run(bin('vitest'), ['run', '--project', 'unit', ...extraVitestArgs], { label: 'unit tests' }));
  }
  if (stages.includes('build')) {
    await stage('build', () =>
      run(process.execPath, [join(ROOT, 'scripts', 'check-build.mjs')], {
        label: 'production build: Chrome + Firefox zips, no warnings',
      }),
    );
  }
  const browserStages = stages.filter((s) => s === 'e2e' || s === 'firefox');
  const needEmulators = stages.includes('emulator') || browserStages.length > 0;
  if (needEmulators) {
    const chromium = browserStages.length > 0 ? findChromium() : undefined;
    // The Firefox stage skips (with the reason) only when no Firefox can be found or installed.
    let firefox;
    let firefoxMissing = '';
    if (stages.includes('firefox')) {
      try {
        firefox = findFirefox();
      } catch (err) {
        if (!(err instanceof SetupError)) throw err;
        firefoxMissing = err.message;
      }
    }
    const ports = {
      auth: await freePort(),
      firestore: await freePort(),
      firestoreWs: await freePort(),
      hub: await freePort(),
      logging: await freePort(),
    };
    await stage('emulators start', async () => {
      console.log('\n▶ starting the Auth and Firestore emulators');
      emulators = await startEmulators(ports, { quiet: true });
    });
    const env = { ...emulators.env };
    if (stages.includes('emulator')) {
      await stage('emulator', () =>
        run(bin('vitest'), ['run', '--project', 'emulator', ...extraVitestArgs], {
          env,
          label: 'emulator tests (rules, data, peer-server)',
        }),
      );
    }
    if (browserStages.length > 0) {
      const peerPort = await freePort();
      // Each run builds into its own folder, so two test runs on one machine never load each other's build.
      outputDir = join(ROOT, '.output', `test-${process.pid}`);
      const buildEnv = {
        CHAEKBANG_OUTPUT_DIR: outputDir,
        ...env,
        CHAEKBANG_ENV: 'local',
        CHAEKBANG_AUTH_EMULATOR_URL: `http://127.0.0.1:${ports.auth}`,
        CHAEKBANG_FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
        CHAEKBANG_PEER_SERVER_URL: `http://127.0.0.1:${peerPort}`,
      };
      const browserEnv = {
        ...buildEnv,
        CHROMIUM_PATH: chromium,
        CHAEKBANG_E2E_EXTENSION_DIR: join(outputDir, 'chrome-mv3-test'),
        CHAEKBANG_E2E_PEER_PORT: String(peerPort),
      };
      // Both browser stages use the Chrome build (the Firefox stage's second reader is in Chromium).
      await stage('build (test)', () =>
        run(bin('wxt'), ['build', '--mode', 'test'], {
          env: buildEnv,
          label: 'build the extension for e2e (wxt build --mode test)',
        }),
      );
      // The web room (/r/<CODE>) the peer-server serves, built against the same emulators and server.
      await stage('build web room (test)', () =>
        run(process.execPath, [join(ROOT, 'scripts', 'build-web-room.mjs')], {
          env: buildEnv,
          label: 'build the web room for e2e (scripts/build-web-room.mjs)',
        }),
      );
      if (stages.includes('e2e')) {
        await stage('e2e', () =>
          run(bin('vitest'), ['run', '--project', 'e2e', ...extraVitestArgs], {
            env: browserEnv,
            label: 'end-to-end tests (Chromium + extension)',
          }),
        );
      }
      if (stages.includes('firefox')) {
        await stage('firefox', async () => {
          if (firefox) {
            await run(bin('wxt'), ['build', '-b', 'firefox', '--mode', 'test'], {
              env: buildEnv,
              label: 'build the Firefox extension for e2e (wxt build -b firefox --mode test)',
            });
          } else {
            console.warn(`\n[skip] Firefox stage: ${firefoxMissing}`);
          }
          await run(bin('vitest'), ['run', '--project', 'firefox', ...extraVitestArgs], {
            env: {
              ...browserEnv,
              ...(firefox
                ? { FIREFOX_PATH: firefox, CHAEKBANG_FIREFOX_EXTENSION_DIR: join(outputDir, 'firefox-mv3-test') }
                : { CHAEKBANG_FIREFOX_MISSING: firefoxMissing }),
            },
            label: 'end-to-end tests in Firefox ESR (Firefox + Chromium readers)',
          });
        });
      }
    }
  }
  await cleanup();
  console.log(`\n✓ all stages passed in ${((Date.now() - started) / 1000).toFixed(0)} s (${timings.join(', ')})`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
} catch (err) {
  await cleanup();
  console.log(`${totals.passed} passed, ${Math.max(totals.failed, 1)} failed, ${totals.skipped} skipped`);
  fail(err instanceof SetupError ? `Setup: ${err.message}` : err.message);
}
