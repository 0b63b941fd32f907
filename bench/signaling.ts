/**
 * Signalling benchmark: the Chaekbang peer-server beside a bare `peer` 1.0.2 server, measured in the
 * same run on loopback. `npx tsx bench/signaling.ts` (options: BENCH_PEERS=10000 BENCH_STORM=1200).
 *
 * Each server runs in its own child process (this file, re-run with BENCH_ROLE), so its RSS is the
 * server's alone; the parent holds the client sockets. Measured per server:
 *  - idle peers: N raw PeerJS WebSocket clients connected (OPEN received) and held; the server's RSS;
 *  - connect storm: S clients connecting (≤200 in flight), latency from connect to OPEN;
 *  - join storm (Chaekbang only): S members joining S/6 rooms over HTTP (≤200 in flight), then 200
 *    joins one at a time for the unloaded cost (the quiet room's 5 users rejoin: idempotent joins).
 * Token verification uses an injected verifier (token "bench.<uid>" → uid), not firebase-admin: the
 * figures are for the server's own work, not Google's or the emulator's.
 * The last line printed is a one-line JSON summary.
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import WebSocket from 'ws';
import { loadConfig } from '../peer-server/src/config';
import { createServer } from '../peer-server/src/create-server';

type Role = 'bare' | 'chaekbang';
const role = process.env.BENCH_ROLE as Role | undefined;

// ---------------------------------------------------------------- child: one server per process
async function runServer(kind: Role) {
  let port: number;
  if (kind === 'bare') {
    const app = express();
    const http = createHttpServer(app);
    // concurrent_limit raised from its default 5000, or the bare server would refuse the idle test.
    app.use('/peerjs', ExpressPeerServer(http, { path: '/', key: 'peerjs', concurrent_limit: 100_000 }));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    port = (http.address() as AddressInfo).port;
  } else {
    const config = {
      ...loadConfig({}),
      rateLimitPerIpPerMinute: 10_000_000,
      rateLimitPerMinute: 1_000_000,
      maxPeers: 100_000,
      // Every bench client is on loopback: lift the per-IP connection cap (MAX_CONNECTIONS_PER_IP) as the rate limits are.
      maxConnectionsPerIp: 1_000_000,
    };
    const server = createServer(config, {
      verifyToken: async (token) => {
        if (!token.startsWith('bench.')) throw new Error('not a bench token');
        return { uid: token.slice(6), guest: false };
      },
    });
    ({ port } = await server.listen(0, '127.0.0.1'));
  }
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'mem') {
      const u = process.memoryUsage();
      process.send?.({ rss: u.rss, heapUsed: u.heapUsed });
    }
    if (m.cmd === 'exit') process.exit(0);
  });
  process.send?.({ port, rss: process.memoryUsage().rss });
}

// ---------------------------------------------------------------- parent
const MB = 1024 * 1024;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function fdLimits(): { soft: number; hard: number } {
  try {
    const soft = Number(execFileSync('sh', ['-c', 'ulimit -Sn'], { encoding: 'utf8' }).trim());
    const hard = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
    return { soft, hard: hard === 'unlimited' ? Number.POSITIVE_INFINITY : Number(hard) };
  } catch {
    return { soft: 1024, hard: 1024 };
  }
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function startChild(
  kind: Role,
  limits: { soft: number; hard: number },
): Promise<{ child: ChildProcess; port: number; rss: number }> {
  const file = fileURLToPath(import.meta.url);
  const env = { ...process.env, BENCH_ROLE: kind };
  const stdio: ['ignore', 'inherit', 'inherit', 'ipc'] = ['ignore', 'inherit', 'inherit', 'ipc'];
  // Node cannot call setrlimit. When the hard fd limit is above the soft one, the server child starts
  // through sh, which raises its soft limit first (the parent keeps its own limit).
  const child =
    limits.hard > limits.soft
      ? spawn(
          'sh',
          [
            '-c',
            `ulimit -n ${Number.isFinite(limits.hard) ? limits.hard : 1_048_576} 2>/dev/null; exec ${[process.execPath, ...process.execArgv, file].map(shQuote).join(' ')}`,
          ],
          { env, stdio },
        )
      : fork(file, [], { env, stdio });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number; rss: number }) => resolve({ child, ...m }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited early (${code})`)));
  });
}

const ask = (child: ChildProcess) =>
  new Promise<{ rss: number; heapUsed: number }>((resolve) => {
    child.once('message', resolve);
    child.send({ cmd: 'mem' });
  });

/** Open one PeerJS socket; resolve with the time to OPEN, or reject. */
function openPeer(port: number, id: string, token: string, keep: WebSocket[]): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs/peerjs?key=peerjs&id=${id}&token=${token}`, {
      perMessageDeflate: false,
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('timeout'));
    }, 20_000);
    ws.once('message', (data) => {
      clearTimeout(timer);
      const type = (JSON.parse(String(data)) as { type: string }).type;
      if (type === 'OPEN') {
        keep.push(ws);
        resolve(performance.now() - t0);
      } else {
        ws.terminate();
        reject(new Error(type));
      }
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Run tasks with at most `limit` in flight; returns results in order (errors as Error). */
async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<Array<T | Error>> {
  const out: Array<T | Error> = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        out[i] = await task(i).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      }
    }),
  );
  return out;
}

const closeAll = async (sockets: WebSocket[]) => {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((r) => {
          if (ws.readyState === ws.CLOSED) return r();
          ws.once('close', () => r());
          ws.close();
          setTimeout(() => {
            ws.terminate();
            r();
          }, 3000);
        }),
    ),
  );
  sockets.length = 0;
};

async function measure(kind: Role, idlePeers: number, storm: number, limits: { soft: number; hard: number }) {
  const { child, port, rss: rssStart } = await startChild(kind, limits);
  const tokenFor = (uid: string) => (kind === 'chaekbang' ? `bench.${uid}` : `t${uid}`);
  const held: WebSocket[] = [];

  // 1. idle peers
  const t0 = performance.now();
  const idle = await pool(idlePeers, 256, (i) => openPeer(port, `idle${kind[0]}${i}`, tokenFor(`idle${kind[0]}${i}`), held));
  const connectSeconds = (performance.now() - t0) / 1000;
  const failures = idle.filter((r) => r instanceof Error) as Error[];
  await new Promise((r) => setTimeout(r, 1000));
  const memHeld = await ask(child);
  await closeAll(held);

  // 2. connect storm
  await new Promise((r) => setTimeout(r, 500));
  const stormSockets: WebSocket[] = [];
  const connectLat = (
    await pool(storm, 200, (i) => openPeer(port, `storm${kind[0]}${i}`, tokenFor(`storm${kind[0]}${i}`), stormSockets))
  )
    .filter((r): r is number => typeof r === 'number')
    .sort((a, b) => a - b);

  // 3. join storm (rooms API)
  let join: { p50: number; p99: number; ok: number; refused: number; quietP50: number; quietP99: number } | null = null;
  if (kind === 'chaekbang') {
    const base = `http://127.0.0.1:${port}`;
    const rooms = Math.ceil(storm / 6);
    const codes = await pool(rooms, 50, async (i) => {
      const res = await fetch(`${base}/api/rooms`, {
        method: 'POST',
        headers: { authorization: `Bearer bench.owner${i}`, 'content-type': 'application/json' },
        body: '{}',
      });
      return ((await res.json()) as { room: { code: string } }).room.code;
    });
    let refused = 0;
    const lat = await pool(storm, 200, async (i) => {
      const code = codes[i % rooms] as string;
      const t = performance.now();
      const res = await fetch(`${base}/api/rooms/${code}/join`, {
        method: 'POST',
        headers: { authorization: `Bearer bench.stormc${i}`, 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: `reader ${i}` }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) refused++;
      return performance.now() - t;
    });
    const sorted = lat.filter((r): r is number => typeof r === 'number').sort((a, b) => a - b);
    // The same request one at a time (no storm): the server's own cost per join plus loopback HTTP.
    const quietRoom = await fetch(`${base}/api/rooms`, {
      method: 'POST',
      headers: { authorization: 'Bearer bench.quietowner' },
      body: '{}',
    });
    const quietCode = ((await quietRoom.json()) as { room: { code: string } }).room.code;
    const quiet: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/rooms/${quietCode}/join`, {
        method: 'POST',
        headers: { authorization: `Bearer bench.quiet${i % 5}`, 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: `quiet ${i}` }),
      });
      await res.arrayBuffer();
      quiet.push(performance.now() - t);
    }
    quiet.sort((a, b) => a - b);
    join = {
      p50: round(pct(sorted, 0.5), 2),
      p99: round(pct(sorted, 0.99), 2),
      ok: sorted.length - refused,
      refused,
      quietP50: round(pct(quiet, 0.5), 2),
      quietP99: round(pct(quiet, 0.99), 2),
    };
  }
  await closeAll(stormSockets);
  child.send({ cmd: 'exit' });
  await new Promise((r) => child.once('exit', r));
  return {
    kind,
    idle: {
      requested: idlePeers,
      held: idlePeers - failures.length,
      failed: failures.length,
      firstError: failures[0]?.message ?? null,
      connectSeconds: round(connectSeconds, 2),
      rssStartMB: round(rssStart / MB),
      rssHeldMB: round(memHeld.rss / MB),
      heapHeldMB: round(memHeld.heapUsed / MB),
      kbPerPeer: round((memHeld.rss - rssStart) / 1024 / Math.max(1, idlePeers - failures.length), 2),
    },
    connectStorm: {
      peers: storm,
      opened: connectLat.length,
      p50ms: round(pct(connectLat, 0.5), 2),
      p99ms: round(pct(connectLat, 0.99), 2),
    },
    joinStorm: join,
  };
}

async function main() {
  const limits = fdLimits();
  // Each process holds one fd per socket (the parent: client sockets; the child: server sockets), and
  // only the child can raise its limit: the parent's soft limit, minus a margin, is the ceiling.
  const ceiling = Math.max(0, limits.soft - 200);
  const wanted = Number(process.env.BENCH_PEERS ?? 10_000);
  const idlePeers = Math.min(wanted, ceiling);
  const storm = Math.min(Number(process.env.BENCH_STORM ?? 1200), ceiling);
  const info = `node ${process.version}, ${(await import('node:os')).cpus().length} cores, fd limit soft ${limits.soft} / hard ${limits.hard}`;
  console.log(
    `signalling bench: ${idlePeers} idle peers (asked ${wanted}; ceiling ${ceiling} from the fd limit), storm ${storm} — ${info}`,
  );
  const results = [];
  for (const kind of ['bare', 'chaekbang'] as const) {
    const r = await measure(kind, idlePeers, storm, limits);
    results.push(r);
    console.log(
      `${kind.padEnd(9)} idle ${r.idle.held}/${r.idle.requested} in ${r.idle.connectSeconds}s, RSS ${r.idle.rssStartMB} → ${r.idle.rssHeldMB} MB ` +
        `(${r.idle.kbPerPeer} KB/peer)${r.idle.failed ? `, ${r.idle.failed} failed: ${r.idle.firstError}` : ''}; ` +
        `connect→OPEN p50 ${r.connectStorm.p50ms} ms p99 ${r.connectStorm.p99ms} ms` +
        (r.joinStorm
          ? `; join storm p50 ${r.joinStorm.p50} ms p99 ${r.joinStorm.p99} ms (${r.joinStorm.ok} ok, ${r.joinStorm.refused} refused);` +
            ` join one at a time p50 ${r.joinStorm.quietP50} ms p99 ${r.joinStorm.quietP99} ms`
          : ''),
    );
  }
  const [bare, ours] = results;
  console.log(
    `SUMMARY ${JSON.stringify({
      peers: idlePeers,
      fdSoftLimit: limits.soft,
      verifier: 'injected',
      bare: {
        rssMB: bare?.idle.rssHeldMB,
        held: bare?.idle.held,
        openP50: bare?.connectStorm.p50ms,
        openP99: bare?.connectStorm.p99ms,
      },
      chaekbang: {
        rssMB: ours?.idle.rssHeldMB,
        held: ours?.idle.held,
        openP50: ours?.connectStorm.p50ms,
        openP99: ours?.connectStorm.p99ms,
        joinP50: ours?.joinStorm?.p50,
        joinP99: ours?.joinStorm?.p99,
        quietJoinP50: ours?.joinStorm?.quietP50,
        quietJoinP99: ours?.joinStorm?.quietP99,
      },
      goal10kUnder300MB: (ours?.idle.held ?? 0) >= 10_000 && (ours?.idle.rssHeldMB ?? Infinity) < 300,
    })}`,
  );
}

if (role) {
  runServer(role).catch((err: unknown) => {
    process.stderr.write(`bench server failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
