// A local cluster in the production shape: N peer-server nodes behind HAProxy (peer-server/deploy/haproxy.cfg,
// rendered for loopback) with Redis for the shared counters. Used by `npm run start:cluster`, the cluster tests
// (peer-server/test/cluster.emu.test.ts, e2e/cluster.e2e.ts) and `npm run bench:cluster`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './emulators.mjs';
import { freePort, waitForPort } from './ports.mjs';
import { findHaproxy, findRedisServer } from './system.mjs';

export const HAPROXY_CFG = join(ROOT, 'peer-server', 'deploy', 'haproxy.cfg');
const MAIN = join(ROOT, 'peer-server', 'src', 'main.ts');

/**
 * peer-server/deploy/haproxy.cfg for loopback: the blocks between `# BEGIN LOCAL-REPLACE <name>` and
 * `# END LOCAL-REPLACE <name>` are replaced (binds, node addresses, logging); every routing rule stays as
 * production has it.
 */
export function renderHaproxyConfig({ port, statsPort, nodes, dir, checkInterMs = 1000, log = true }) {
  const blocks = {
    // One line per request (room code, node, status, timings; never the query string) into haproxy.log.
    global: [
      `pidfile ${join(dir, 'haproxy.pid')}`,
      `stats socket ${join(dir, 'haproxy.sock')} mode 600 level admin`,
      ...(log ? ['log stdout format raw local0 info'] : []),
    ],
    bind: [`bind 127.0.0.1:${port}`],
    nodes: nodes.map((n) => `server ${n.id} 127.0.0.1:${n.port} check`),
    'any-nodes': nodes.map((n) => `server ${n.id} 127.0.0.1:${n.port} track rooms/${n.id}`),
    stats: [`bind 127.0.0.1:${statsPort}`],
  };
  let text = readFileSync(HAPROXY_CFG, 'utf8');
  for (const [name, lines] of Object.entries(blocks)) {
    const re = new RegExp(`( *)# BEGIN LOCAL-REPLACE ${name}\\n[\\s\\S]*?# END LOCAL-REPLACE ${name}\\n`);
    if (!re.test(text)) throw new Error(`${HAPROXY_CFG} has no LOCAL-REPLACE block "${name}".`);
    text = text.replace(re, (_m, indent) => lines.map((l) => `${indent}${l}\n`).join(''));
  }
  if (checkInterMs !== 1000)
    text = text.replace(/inter 1s fastinter 500ms/, `inter ${checkInterMs}ms fastinter ${checkInterMs}ms`);
  return text;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** This machine's hard limit on open files per process (HAProxy cannot raise its own past it without privileges). */
export function openFileHardLimit() {
  const res = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const n = Number(res.stdout.trim());
  return Number.isFinite(n) && n > 0 ? n : 1_048_576;
}

/**
 * Start the cluster. Resolves when every node listens and HAProxy sees every node UP.
 * @param {object} o
 * @param {number} [o.nodes] how many peer-server nodes (3)
 * @param {Record<string,string>} [o.env] environment for every node (FIREBASE_AUTH_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST…)
 * @param {boolean} [o.redis] start redis-server and point SHARED_COUNTER_URL at it (true)
 * @param {number} [o.drainDelayMs] DRAIN_DELAY_MS of each node (3000: past HAProxy's 2 failed checks 1 s apart)
 * @param {number} [o.maxConnPerIp] HAProxy's per-address connection cap (64)
 * @param {number} [o.port] HAProxy's port (a free one)
 * @param {(line: string) => void} [o.log] progress lines
 */
export async function startCluster(o = {}) {
  const cleanup = { children: new Set(), dir: null };
  try {
    return await startClusterInner(o, cleanup);
  } catch (err) {
    for (const c of cleanup.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (cleanup.dir && !o.keepDir) rmSync(cleanup.dir, { recursive: true, force: true });
    throw err;
  }
}

async function startClusterInner(o, cleanup) {
  const count = o.nodes ?? 3;
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'chaekbang-cluster-'));
  const children = cleanup.children;
  cleanup.dir = dir;
  const state = { stopped: false };
  const ticketSecret = o.env?.ROOM_TICKET_SECRET ?? randomBytes(32).toString('base64url');

  let redis = null;
  if (o.redis !== false) {
    const bin = findRedisServer();
    const port = await freePort();
    const child = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--logfile', join(dir, 'redis.log')],
      {
        stdio: 'ignore',
      },
    );
    children.add(child);
    await waitForPort(port, { name: 'redis-server', timeoutMs: 15_000, alive: () => child.exitCode === null });
    redis = { port, url: `redis://127.0.0.1:${port}`, child };
    log(`redis-server   127.0.0.1:${port} (shared counters)`);
  }

  const nodes = [];
  for (let i = 1; i <= count; i++) nodes.push({ id: `node${i}`, port: await freePort() });

  const nodeEnv = (node) => ({
    ...process.env,
    LOG_LEVEL: 'info',
    ...o.env,
    PEER_HOST: '127.0.0.1',
    PEER_PORT: String(node.port),
    NODE_ID: node.id,
    // Behind HAProxy: per-address limits use X-Forwarded-For, and HAProxy caps connections per address.
    TRUST_PROXY: 'true',
    DRAIN_DELAY_MS: String(o.drainDelayMs ?? 3000),
    ROOM_TICKET_SECRET: ticketSecret,
    ...(redis ? { SHARED_COUNTER_URL: redis.url } : {}),
  });

  /** Start (or start again) one node; resolves when it listens. */
  const startNode = async (node) => {
    const out = createWriteStream(join(dir, `${node.id}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: nodeEnv(node),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    children.add(child);
    node.child = child;
    node.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        children.delete(child);
        resolve({ code, signal });
      }),
    );
    await waitForPort(node.port, {
      name: `peer-server ${node.id}`,
      timeoutMs: 60_000,
      alive: () => child.exitCode === null && child.signalCode === null,
    });
    return node;
  };
  await Promise.all(nodes.map(startNode));
  for (const n of nodes) log(`peer-server    ${n.id}  http://127.0.0.1:${n.port}  (log ${join(dir, `${n.id}.log`)})`);

  // One HAProxy (or `haproxies` of them on the same config: a machine whose open-file limit is below what one
  // proxy needs for the connections asked of it, e.g. the cluster bench, spreads them like DNS round robin would).
  const haproxyBin = findHaproxy();
  const hapEnv = {
    ...process.env,
    CHAEKBANG_MAX_CONN_PER_IP: String(o.maxConnPerIp ?? 64),
    // Two descriptors per proxied connection, within this machine's hard open-file limit.
    CHAEKBANG_MAXCONN: String(o.maxconn ?? Math.max(1000, Math.floor((openFileHardLimit() - 200) / 2))),
  };
  const lbs = [];
  for (let k = 0; k < (o.haproxies ?? 1); k++) {
    const port = k === 0 && o.port ? o.port : await freePort();
    const statsPort = await freePort();
    const lbDir = k === 0 ? dir : mkdtempSync(join(dir, `haproxy${k + 1}-`));
    const cfg = join(lbDir, 'haproxy.cfg');
    writeFileSync(
      cfg,
      renderHaproxyConfig({
        port,
        statsPort,
        nodes,
        dir: lbDir,
        checkInterMs: o.checkInterMs ?? 1000,
        log: o.requestLog !== false,
      }),
    );
    const check = spawnSync(haproxyBin, ['-c', '-q', '-f', cfg], { encoding: 'utf8', env: hapEnv });
    if (check.status !== 0) throw new Error(`haproxy -c refused ${cfg}:\n${check.stderr}${check.stdout}`);
    const hapLog = createWriteStream(join(lbDir, 'haproxy.log'));
    const child = spawn(haproxyBin, ['-db', '-f', cfg], { env: hapEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(hapLog);
    child.stderr.pipe(hapLog);
    children.add(child);
    await waitForPort(port, { name: 'haproxy', timeoutMs: 15_000, alive: () => child.exitCode === null });
    lbs.push({ url: `http://127.0.0.1:${port}`, port, statsPort, child, cfg });
    log(`haproxy        http://127.0.0.1:${port}  (stats http://127.0.0.1:${statsPort}/stats, config ${cfg})`);
  }
  const { url, port, statsPort } = lbs[0];

  /** HAProxy's view of each node in the rooms backend: UP, DOWN, MAINT, NOLB… */
  const serverStates = async (lb = lbs[0]) => {
    const res = await fetch(`http://127.0.0.1:${lb.statsPort}/stats;csv`);
    const rows = (await res.text()).split('\n').map((l) => l.split(','));
    const states = {};
    for (const r of rows) if (r[0] === 'rooms' && r[1]?.startsWith('node')) states[r[1]] = r[17]?.split(' ')[0];
    return states;
  };
  const waitState = async (id, want, timeoutMs = 20_000) => {
    const t = Date.now();
    for (;;) {
      // Every HAProxy process checks the nodes on its own: wait until all of them agree.
      const all = await Promise.all(lbs.map((lb) => serverStates(lb).catch(() => ({}))));
      const s = all[0];
      if (all.every((x) => x[id] === want)) return;
      if (Date.now() - t > timeoutMs)
        throw new Error(`HAProxy did not see ${id} ${want} within ${timeoutMs} ms (it says ${s[id]}).`);
      await sleep(100);
    }
  };
  for (const n of nodes) await waitState(n.id, 'UP');

  for (const node of nodes) {
    node.url = `http://127.0.0.1:${node.port}`;
    /** kill -9 (or another signal) this node; resolves when it has exited. */
    node.kill = async (signal = 'SIGKILL') => {
      node.child?.kill(signal);
      return node.exited;
    };
    node.start = () => startNode(node);
    node.metrics = async () => (await fetch(`${node.url}/metrics`)).json();
  }

  return {
    url,
    port,
    statsPort,
    /** Every HAProxy process (one unless `haproxies` asked for more). */
    lbs,
    dir,
    nodes,
    redis,
    ticketSecret,
    serverStates,
    /** HAProxy's request log lines (of the first HAProxy) that mention `text`, e.g. a room code. */
    haproxyLog(text = '') {
      try {
        return readFileSync(join(dir, 'haproxy.log'), 'utf8')
          .split('\n')
          .filter((l) => l.includes(text));
      } catch {
        return [];
      }
    },
    /** Wait until HAProxy says `state` (UP, DOWN…) for a node. */
    waitState,
    /** SIGTERM the node (drain), wait for its exit, start it again and wait until HAProxy has it UP. */
    async restart(id) {
      const node = nodes.find((n) => n.id === id);
      if (!node) throw new Error(`no node ${id}`);
      await node.kill('SIGTERM');
      await node.start();
      await waitState(id, 'UP');
    },
    async stop() {
      if (state.stopped) return;
      state.stopped = true;
      const all = [...children];
      for (const c of all) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
      await Promise.race([
        Promise.all(
          all.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)),
        ),
        sleep(8000),
      ]);
      for (const c of all) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      if (!o.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
