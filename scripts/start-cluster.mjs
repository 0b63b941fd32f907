#!/usr/bin/env node
// `npm run start:cluster [-- --nodes N]`: the production shape on loopback, beside the emulators —
// N peer-server nodes (default 3) behind HAProxy (peer-server/deploy/haproxy.cfg, room-affinity routing),
// redis-server for the shared counters, coturn for TURN (use-auth-secret with the nodes' TURN_SECRET), and
// WXT in watch mode building the extension against HAProxy. Prints what runs where. Ctrl-C stops everything.
//
// Try a node loss: `kill -9 <pid of a node>` (printed below): the panels in its rooms come back on another node
// within seconds. A deploy: `kill -TERM <pid>` drains the node (its members move), then start:cluster starts it
// again (a rolling restart is the same, one node at a time).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from './lib/cluster.mjs';
import { startCoturn } from './lib/coturn.mjs';
import { ROOT, startEmulators, stopChild } from './lib/emulators.mjs';
import { assertPortsFree } from './lib/ports.mjs';
import { SetupError } from './lib/system.mjs';

const intEnv = (name, fallback, min = 1, max = 65535) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`✗ ${name} must be a whole number (${min}-${max}), got "${raw}"`);
    process.exit(1);
  }
  return n;
};
const argNodes = (() => {
  const i = process.argv.indexOf('--nodes');
  if (i === -1) return undefined;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 16) {
    console.error(`✗ --nodes must be a whole number from 1 to 16, got "${process.argv[i + 1] ?? ''}"`);
    process.exit(1);
  }
  return n;
})();
const nodes = argNodes ?? intEnv('CHAEKBANG_CLUSTER_NODES', 3, 1, 16);
const ports = {
  auth: intEnv('CHAEKBANG_AUTH_PORT', 9399),
  firestore: intEnv('CHAEKBANG_FIRESTORE_PORT', 8399),
  firestoreWs: intEnv('CHAEKBANG_FIRESTORE_WS_PORT', 9499),
  hub: intEnv('CHAEKBANG_HUB_PORT', 4399),
  logging: intEnv('CHAEKBANG_LOGGING_PORT', 4499),
};
const lbPort = intEnv('CHAEKBANG_CLUSTER_PORT', 9080);
const devPort = intEnv('CHAEKBANG_DEV_PORT', 3399);

let emulators;
let cluster;
let coturn;
let wxt;
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n■ stopping the cluster …');
  if (wxt) await stopChild(wxt);
  await cluster?.stop().catch(() => {});
  await coturn?.stop().catch(() => {});
  await emulators?.stop().catch(() => {});
  console.log('■ stopped.');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  const t0 = Date.now();
  await assertPortsFree({ 'HAProxy (CHAEKBANG_CLUSTER_PORT)': lbPort, 'WXT dev server (CHAEKBANG_DEV_PORT)': devPort });
  console.log('▶ starting the Auth and Firestore emulators (project demo-chaekbang) …');
  emulators = await startEmulators(ports, { quiet: true });
  console.log(`✓ emulators: Auth 127.0.0.1:${ports.auth}, Firestore 127.0.0.1:${ports.firestore}`);

  // One secret for the nodes' TURN credentials and coturn's static-auth-secret (use-auth-secret).
  const turnSecret = randomBytes(24).toString('base64url');
  console.log('▶ starting coturn …');
  coturn = await startCoturn({ secret: turnSecret });
  console.log(`✓ coturn         ${coturn.urls.join(', ')} (realm ${coturn.realm})`);

  console.log(`▶ starting ${nodes} peer-server node${nodes === 1 ? '' : 's'}, redis-server and HAProxy …`);
  cluster = await startCluster({
    nodes,
    port: lbPort,
    env: { ...emulators.env, TURN_URLS: coturn.urls.join(','), TURN_SECRET: turnSecret },
    log: (line) => console.log(`  ${line}`),
  });
  for (const n of cluster.nodes) {
    n.child.on('exit', (code, signal) => {
      if (stopping) return;
      console.log(
        `! ${n.id} (pid ${n.child.pid}) exited (${signal ?? `code ${code}`}); restarting it in 2 s (its rooms have moved)`,
      );
      setTimeout(() => {
        if (stopping) return;
        n.start().then(
          () => console.log(`✓ ${n.id} is back: pid ${n.child.pid}, http://127.0.0.1:${n.port}`),
          (err) => console.error(`✗ ${n.id} did not come back: ${err.message}`),
        );
      }, 2000);
    });
  }

  wxt = spawn(process.execPath, [join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), '--port', String(devPort)], {
    cwd: ROOT,
    env: {
      ...process.env,
      CHAEKBANG_ENV: 'local',
      CHAEKBANG_AUTH_EMULATOR_URL: `http://127.0.0.1:${ports.auth}`,
      CHAEKBANG_FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
      CHAEKBANG_PEER_SERVER_URL: cluster.url,
      CHAEKBANG_NO_BROWSER: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const extDir = join(ROOT, '.output', 'chrome-mv3-dev');
  const t = Date.now();
  while (!existsSync(join(extDir, 'manifest.json')) && Date.now() - t < 60_000) await new Promise((r) => setTimeout(r, 300));

  console.log(`\n✓ cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s — what runs where:`);
  console.log(`  HAProxy (the one address panels use)  ${cluster.url}   stats http://127.0.0.1:${cluster.statsPort}/stats`);
  for (const n of cluster.nodes) {
    console.log(`  ${n.id.padEnd(6)} pid ${String(n.child.pid).padEnd(7)} http://127.0.0.1:${n.port}   (/health, /metrics)`);
  }
  console.log(`  redis-server                          ${cluster.redis?.url ?? '(none)'}   (shared counters)`);
  console.log(`  coturn                                ${coturn.urls.join(', ')}`);
  console.log(`  Auth / Firestore emulators            127.0.0.1:${ports.auth} / 127.0.0.1:${ports.firestore}`);
  console.log(`  Extension (unpacked, against HAProxy) ${extDir}`);
  console.log(`  Logs                                  ${cluster.dir}`);
  console.log('  kill -9 <pid> loses a node (it is started again); kill -TERM <pid> drains one. Ctrl-C stops everything.\n');
} catch (err) {
  console.error(`\n✗ ${err instanceof SetupError ? `Setup: ${err.message}` : err.message}`);
  await shutdown(1);
}
