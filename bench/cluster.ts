/**
 * Cluster benchmark: 3 peer-server nodes (real `main.ts` processes) behind HAProxy (peer-server/deploy/haproxy.cfg)
 * with Redis for the shared counters, all on loopback. `npm run bench:cluster`
 * (options: BENCH_READERS=30000 BENCH_CONNECTS=1000 BENCH_STORM=3000 BENCH_KILL_ROOMS=1000).
 *
 *  1. connect → OPEN through HAProxy against straight to one node, measured in the same run, in alternating
 *     batches of 50 (≤ 25 in flight) so both see the same machine load, on the same room-scoped paths (codes
 *     HAProxy routes to that node), so the difference is HAProxy's work; goal: p50 and p99 ≤ 1.2× direct.
 *  2. a join storm across the nodes: rooms created with proposed codes, then members joining them through
 *     HAProxy (≤ 200 in flight); p50/p99.
 *  3. idle readers: BENCH_READERS PeerJS sockets on room-scoped paths (random codes, so the consistent hash
 *     spreads them), held by 3 client processes, then RSS per node and per HAProxy process; goal: each node
 *     < 300 MB.
 *  4. node loss: one node is made to hold BENCH_KILL_ROOMS rooms (one simulated panel each, with its restore
 *     ticket: peer-server/test/cluster-client.ts), then `kill -9`; the time from the kill until each room is
 *     restored on another node and its panel's socket is open again; goal: p95 < 10 s.
 * The nodes verify tokens with firebase-admin against the Auth emulator (started here), which also checks that
 * the account exists and is not revoked: every bench uid is created in it with accounts:batchCreate (1,000 per
 * call), and its unsigned emulator-style ID token is minted here afterwards.
 * This machine caps one process at 20,000 open files (ulimit -Hn) and root cannot raise it: one HAProxy
 * carries at most ~9,900 proxied sockets (two descriptors each), so the idle phase runs 4 HAProxy processes on
 * the same config (as DNS round robin over several balancers would) and reports their RSS summed and each.
 * The last line printed states each goal as met or NOT met with figures.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { apiCall, type ClusterMember, startMember } from '../peer-server/test/cluster-client';
// @ts-expect-error: a plain .mjs helper shared with start:cluster and the cluster tests
import { startCluster } from '../scripts/lib/cluster.mjs';
// @ts-expect-error: plain .mjs helpers shared with the scripts
import { startEmulators } from '../scripts/lib/emulators.mjs';
// @ts-expect-error: plain .mjs helpers shared with the scripts
import { freePort } from '../scripts/lib/ports.mjs';
import { generateRoomCode } from '../shared/room-code';

const PROJECT = 'demo-chaekbang';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const tokens = new Map<string, string>();
/** An unsigned ID token of the kind the Auth emulator issues (alg none), for `uid` (created by createUsers first). */
export function benchToken(uid: string): string {
  const known = tokens.get(uid);
  if (known) return known;
  const t = Math.floor(Date.now() / 1000);
  const token = mint(uid, t);
  tokens.set(uid, token);
  return token;
}
/** Create `uids` in the Auth emulator, 1,000 per accounts:batchCreate call. */
async function createUsers(authHost: string, uids: string[]) {
  for (let i = 0; i < uids.length; i += 1000) {
    const users = uids.slice(i, i + 1000).map((localId) => ({ localId, email: `${localId.toLowerCase()}@bench.test` }));
    const res = await fetch(`http://${authHost}/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:batchCreate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
      body: JSON.stringify({ users }),
    });
    if (!res.ok) throw new Error(`accounts:batchCreate: ${res.status} ${await res.text()}`);
  }
}
function mint(uid: string, t: number): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
    iss: `https://securetoken.google.com/${PROJECT}`,
    aud: PROJECT,
    auth_time: t,
    user_id: uid,
    sub: uid,
    iat: t,
    exp: t + 3600,
    email: `${uid}@bench.test`,
    email_verified: false,
    firebase: { identities: {}, sign_in_provider: 'password' },
  })}.`;
}

const MB = 1024 * 1024;
const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] ?? Number.NaN;
};
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssOf = (pid: number | undefined) => {
  if (!pid) return Number.NaN;
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? (Number(m[1]) * 1024) / MB : Number.NaN;
  } catch {
    return Number.NaN;
  }
};

/** Open one PeerJS socket; resolves with the ms from connect to OPEN and the socket. */
function openSocket(base: string, uid: string, code: string | null): Promise<{ ms: number; ws: WebSocket }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const q = new URLSearchParams({ key: 'peerjs', id: uid, token: benchToken(uid), version: '1.5.5' });
    const path = code ? `/peerjs/rooms/${code}/peerjs` : '/peerjs/peerjs';
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}${path}?${q}`, { perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no OPEN within 30 s'));
    }, 30_000);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type?: string; payload?: { msg?: string } };
      clearTimeout(timer);
      if (m.type === 'OPEN') resolve({ ms: performance.now() - t, ws });
      else reject(new Error(m.payload?.msg ?? String(m.type)));
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function pool<T>(items: T[], inFlight: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i] as T, i);
      }
    }),
  );
}

// ---------------------------------------------------------------- child: holds idle sockets
async function holder() {
  const { bases, from, count } = JSON.parse(process.env.BENCH_HOLD ?? '{}') as { bases: string[]; from: number; count: number };
  const held: WebSocket[] = [];
  let failed = 0;
  let retried = 0;
  let firstError = '';
  const t = performance.now();
  await pool(
    Array.from({ length: count }, (_, i) => from + i),
    150,
    async (n) => {
      const base = bases[n % bases.length] as string;
      // A refused or timed-out socket tries once more, as a PeerJS client reconnects.
      for (let attempt = 1; attempt <= 2; attempt++) {
        try {
          const { ws } = await openSocket(base, `idle${n}`, generateRoomCode());
          held.push(ws);
          const beat = setInterval(() => ws.readyState === ws.OPEN && ws.send('{"type":"HEARTBEAT"}'), 5000);
          beat.unref();
          return;
        } catch (err) {
          if (attempt === 2) {
            failed++;
            firstError ||= (err as Error).message;
          } else retried++;
        }
      }
    },
  );
  process.send?.({
    ok: held.length,
    failed,
    retried,
    firstError,
    ms: performance.now() - t,
    rss: process.memoryUsage().rss / MB,
  });
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd !== 'exit') return;
    for (const ws of held) ws.terminate();
    process.exit(0);
  });
}

// ---------------------------------------------------------------- parent
type Node = { id: string; port: number; url: string; child: ChildProcess; kill(s?: string): Promise<unknown> };
type Lb = { url: string; child: ChildProcess };

async function main() {
  const READERS = Number(process.env.BENCH_READERS ?? 30_000);
  const CONNECTS = Number(process.env.BENCH_CONNECTS ?? 1000);
  const STORM = Number(process.env.BENCH_STORM ?? 3000);
  const KILL_ROOMS = Number(process.env.BENCH_KILL_ROOMS ?? 1000);
  const holders = 3;
  const haproxies = READERS > 9000 ? 4 : 1;
  console.log(`cluster bench: 3 nodes, ${haproxies} HAProxy process(es), Redis; ${new Date().toISOString()}`);
  console.log('The machine has 2 cores shared with other work running today: absolute figures are pessimistic.');
  const emuPorts = {
    auth: await freePort(),
    firestore: await freePort(),
    firestoreWs: await freePort(),
    hub: await freePort(),
    logging: await freePort(),
  };
  const emulators = (await startEmulators(emuPorts, { quiet: true })) as { env: Record<string, string>; stop(): Promise<void> };
  const authHost = `127.0.0.1:${emuPorts.auth}`;
  const t0 = performance.now();
  await createUsers(authHost, [
    ...Array.from({ length: READERS }, (_, i) => `idle${i}`),
    ...Array.from({ length: CONNECTS / 50 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => [`c${b}-v-${i}`, `c${b}-d-${i}`]),
    ).flat(2),
    ...Array.from({ length: Math.ceil(STORM / 5) }, (_, i) => `host${i}`),
    ...Array.from({ length: STORM }, (_, i) => `joiner${i}`),
    ...Array.from({ length: KILL_ROOMS * 8 }, (_, i) => `owner${i}`),
  ]);
  console.log(
    `  ${READERS + CONNECTS * 2 + STORM * 1.2 + KILL_ROOMS * 8} accounts created in the Auth emulator in ${round((performance.now() - t0) / 1000)} s`,
  );
  const cluster = (await startCluster({
    nodes: 3,
    haproxies,
    // No request log here: 30,000 lines of it would be the bench's own load.
    requestLog: false,
    maxConnPerIp: 1_000_000,
    env: {
      ...emulators.env,
      FIREBASE_AUTH_EMULATOR_HOST: authHost,
      FIREBASE_PROJECT_ID: PROJECT,
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
      MAX_PEERS: '100000',
      PEER_RECONNECT_GRACE_MS: '30000',
      LOG_LEVEL: 'warn',
    },
    log: (l: string) => console.log(`  ${l}`),
  })) as {
    url: string;
    lbs: Lb[];
    nodes: Node[];
    waitState(id: string, s: string, t?: number): Promise<void>;
    stop(): Promise<void>;
  };
  const lb = cluster.url;
  const nodes = cluster.nodes;
  const results: Record<string, unknown> = {};
  try {
    // ---- 1. connect → OPEN: through HAProxy vs straight to node1, alternating batches
    const direct: number[] = [];
    const via: number[] = [];
    const node1 = nodes[0] as Node;
    // Codes HAProxy sends to node1 (its answer names the node), so both series end on the same node and the
    // difference is HAProxy's own work.
    const node1Codes: string[] = [];
    while (node1Codes.length < 100) {
      const code = generateRoomCode();
      const res = await apiCall(lb, `/api/rooms/${code}`, benchToken('host0'));
      if (res.node === node1.id) node1Codes.push(code);
    }
    for (let b = 0; b < CONNECTS / 50; b++) {
      for (const [target, into] of (b % 2 === 0
        ? [
            [lb, via],
            [node1.url, direct],
          ]
        : [
            [node1.url, direct],
            [lb, via],
          ]) as [string, number[]][]) {
        const sockets: WebSocket[] = [];
        await pool(
          Array.from({ length: 50 }, (_, i) => i),
          25,
          async (i) => {
            // The same room-scoped path both ways (a code HAProxy routes to node1).
            const code = node1Codes[(b * 50 + i) % node1Codes.length] as string;
            const { ms, ws } = await openSocket(target, `c${b}-${into === via ? 'v' : 'd'}-${i}`, code);
            into.push(ms);
            sockets.push(ws);
          },
        );
        for (const ws of sockets) ws.close();
      }
    }
    const connect = {
      direct: { p50: round(pct(direct, 0.5), 2), p99: round(pct(direct, 0.99), 2) },
      haproxy: { p50: round(pct(via, 0.5), 2), p99: round(pct(via, 0.99), 2) },
    };
    const ratio50 = round(connect.haproxy.p50 / connect.direct.p50, 2);
    const ratio99 = round(connect.haproxy.p99 / connect.direct.p99, 2);
    results.connect = { ...connect, ratioP50: ratio50, ratioP99: ratio99, n: via.length };
    console.log(
      `connect→OPEN (n=${via.length} each): direct p50 ${connect.direct.p50} ms p99 ${connect.direct.p99} ms; via HAProxy p50 ${connect.haproxy.p50} ms p99 ${connect.haproxy.p99} ms (×${ratio50} / ×${ratio99})`,
    );

    // ---- 2. join storm: STORM members into STORM/5 rooms (5 each), ≤ 200 in flight
    const roomCount = Math.ceil(STORM / 5);
    const stormRooms: string[] = [];
    await pool(
      Array.from({ length: roomCount }, (_, i) => i),
      100,
      async (i) => {
        const uid = `host${i}`;
        const res = await apiCall(lb, `/api/rooms/${generateRoomCode()}`, benchToken(uid), { capacity: 6 });
        if (res.status === 201) stormRooms.push(res.body.room.code);
      },
    );
    const joinMs: number[] = [];
    let joinFailed = 0;
    const joinFailures: Record<string, number> = {};
    const tStorm = performance.now();
    await pool(
      Array.from({ length: STORM }, (_, i) => i),
      200,
      async (i) => {
        const code = stormRooms[i % stormRooms.length] as string;
        const t = performance.now();
        const res = await apiCall(lb, `/api/rooms/${code}/join`, benchToken(`joiner${i}`), { displayName: 'Bench' }).catch(
          (err: Error) => ({ status: 0, node: null, body: { error: { code: err.message.slice(0, 60) } } }),
        );
        if (res.status === 200) joinMs.push(performance.now() - t);
        else {
          joinFailed++;
          const why = `${res.status} ${res.body?.error?.code ?? ''}`.trim();
          joinFailures[why] = (joinFailures[why] ?? 0) + 1;
        }
      },
    );
    const stormSeconds = (performance.now() - tStorm) / 1000;
    const perNodeRooms: Record<string, number> = {};
    for (const n of nodes) perNodeRooms[n.id] = ((await (await fetch(`${n.url}/metrics`)).json()) as { rooms: number }).rooms;
    results.joinStorm = {
      joins: joinMs.length,
      failed: joinFailed,
      failures: joinFailures,
      p50: round(pct(joinMs, 0.5)),
      p99: round(pct(joinMs, 0.99)),
      perSecond: round(joinMs.length / stormSeconds, 0),
      roomsPerNode: perNodeRooms,
    };
    console.log(
      `join storm: ${joinMs.length} joins (${joinFailed} failed${joinFailed ? `: ${JSON.stringify(joinFailures)}` : ''}) into ${stormRooms.length} rooms in ${round(stormSeconds)} s: p50 ${round(pct(joinMs, 0.5))} ms p99 ${round(pct(joinMs, 0.99))} ms; rooms per node ${JSON.stringify(perNodeRooms)}`,
    );

    // ---- 3. idle readers, held by child processes (each under the open-file limit)
    const baseRss = Object.fromEntries(nodes.map((n) => [n.id, round(rssOf(n.child.pid))]));
    const kids: ChildProcess[] = [];
    const per = Math.ceil(READERS / holders);
    const tIdle = performance.now();
    const reports = await Promise.all(
      Array.from({ length: holders }, (_, k) => {
        const child = fork(fileURLToPath(import.meta.url), [], {
          env: {
            ...process.env,
            BENCH_ROLE: 'holder',
            BENCH_HOLD: JSON.stringify({
              bases: cluster.lbs.map((l) => l.url),
              from: k * per,
              count: Math.min(per, READERS - k * per),
            }),
          },
          execArgv: process.execArgv,
          stdio: 'inherit',
        });
        kids.push(child);
        return new Promise<{ ok: number; failed: number; retried: number; firstError: string; ms: number; rss: number }>(
          (resolve) => child.once('message', (m) => resolve(m as never)),
        );
      }),
    );
    const held = reports.reduce((a, r) => a + r.ok, 0);
    const idleFailed = reports.reduce((a, r) => a + r.failed, 0);
    const idleRetried = reports.reduce((a, r) => a + r.retried, 0);
    await sleep(3000);
    const nodeRss = Object.fromEntries(nodes.map((n) => [n.id, round(rssOf(n.child.pid))]));
    const peers: Record<string, number> = {};
    for (const n of nodes) peers[n.id] = ((await (await fetch(`${n.url}/metrics`)).json()) as { peers: number }).peers;
    const lbRss = cluster.lbs.map((l) => round(rssOf(l.child.pid)));
    results.idle = {
      readers: held,
      failed: idleFailed,
      retried: idleRetried,
      firstError: reports.find((r) => r.firstError)?.firstError ?? null,
      seconds: round((performance.now() - tIdle) / 1000),
      peersPerNode: peers,
      nodeRssMB: nodeRss,
      nodeRssBeforeMB: baseRss,
      haproxyRssMB: lbRss,
      haproxyRssTotalMB: round(lbRss.reduce((a, b) => a + b, 0)),
    };
    console.log(
      `idle: ${held} readers held (${idleFailed} failed) in ${round((performance.now() - tIdle) / 1000)} s; peers per node ${JSON.stringify(peers)}; RSS per node ${JSON.stringify(nodeRss)} MB (before ${JSON.stringify(baseRss)}); HAProxy RSS ${lbRss.join(' + ')} MB`,
    );
    for (const k of kids) k.send({ cmd: 'exit' });
    await Promise.all(kids.map((k) => new Promise((r) => k.once('exit', r))));
    await sleep(2000);

    // ---- 4. node loss: node2 holds KILL_ROOMS rooms with one panel each; kill -9; time to restored elsewhere
    const victim = nodes[1] as Node;
    const members: ClusterMember[] = [];
    const backMs: number[] = [];
    let tries = 0;
    const victimRooms: { code: string; uid: string }[] = [];
    while (victimRooms.length < KILL_ROOMS && tries < KILL_ROOMS * 8) {
      const batch = Array.from({ length: 100 }, () => tries++);
      await pool(batch, 50, async (i) => {
        if (victimRooms.length >= KILL_ROOMS) return;
        const uid = `owner${i}`;
        const res = await apiCall(lb, `/api/rooms/${generateRoomCode()}`, benchToken(uid), {});
        if (res.status !== 201) return;
        if (res.node === victim.id && victimRooms.length < KILL_ROOMS) victimRooms.push({ code: res.body.room.code, uid });
        else await apiCall(lb, `/api/rooms/${res.body.room.code}/leave`, benchToken(uid), {});
      });
    }
    let killAt = 0;
    await pool(victimRooms, 100, async ({ code, uid }) => {
      const m = await startMember({
        base: lb,
        uid,
        token: benchToken(uid),
        code,
        onBack: () => backMs.push(Date.now() - killAt),
      });
      members.push(m);
    });
    const onVictim = members.filter((m) => m.socketNode === victim.id).length;
    console.log(`node loss: ${victim.id} holds ${victimRooms.length} rooms, ${onVictim} panels connected to it; kill -9 …`);
    killAt = Date.now();
    await victim.kill('SIGKILL');
    const deadline = Date.now() + 60_000;
    while (backMs.length < members.length && Date.now() < deadline) await sleep(200);
    if (backMs.length < members.length) {
      const stuck = members.find((m) => !m.socketNode);
      if (stuck) {
        const probe = await apiCall(lb, `/api/rooms/${stuck.code}`, benchToken(stuck.uid));
        console.log(
          `  a panel not back: ${stuck.code} socket errors ${JSON.stringify(stuck.errors.slice(-3))}, last error ${stuck.lastError}; GET answers ${probe.status} ${JSON.stringify(probe.body).slice(0, 200)}`,
        );
      }
    }
    const restoredOn: Record<string, number> = {};
    for (const m of members) if (m.socketNode) restoredOn[m.socketNode] = (restoredOn[m.socketNode] ?? 0) + 1;
    results.nodeLoss = {
      rooms: victimRooms.length,
      restored: backMs.length,
      p50: round(pct(backMs, 0.5) / 1000, 2),
      p95: round(pct(backMs, 0.95) / 1000, 2),
      max: round(Math.max(...backMs) / 1000, 2),
      restoredOn,
    };
    console.log(
      `node loss: ${backMs.length}/${members.length} rooms restored elsewhere: p50 ${round(pct(backMs, 0.5) / 1000, 2)} s, p95 ${round(pct(backMs, 0.95) / 1000, 2)} s, max ${round(Math.max(...backMs) / 1000, 2)} s; now on ${JSON.stringify(restoredOn)}`,
    );
    for (const m of members) m.close();
  } finally {
    await cluster.stop();
    await emulators.stop();
  }

  // ---- summary
  const idle = results.idle as { readers: number; nodeRssMB: Record<string, number>; haproxyRssTotalMB: number };
  const conn = results.connect as { ratioP50: number; ratioP99: number; haproxy: { p99: number }; direct: { p99: number } };
  const loss = results.nodeLoss as { p95: number; restored: number; rooms: number };
  const storm = results.joinStorm as { p99: number; joins: number };
  const maxNode = Math.max(...Object.values(idle.nodeRssMB));
  const goals = [
    `${idle.readers >= READERS ? '' : 'NOT '}all ${READERS} idle readers held (${idle.readers})`,
    `node RSS < 300 MB ${maxNode < 300 ? 'met' : 'NOT met'} (max ${maxNode} MB; HAProxy ${idle.haproxyRssTotalMB} MB)`,
    `connect p50/p99 ≤ 1.2× direct ${conn.ratioP50 <= 1.2 && conn.ratioP99 <= 1.2 ? 'met' : 'NOT met'} (×${conn.ratioP50} / ×${conn.ratioP99})`,
    `join storm p99 ${storm.p99} ms over ${storm.joins} joins`,
    `node loss restore p95 < 10 s ${loss.p95 < 10 && loss.restored === loss.rooms ? 'met' : 'NOT met'} (${loss.p95} s, ${loss.restored}/${loss.rooms} rooms)`,
  ];
  console.log(JSON.stringify(results));
  console.log(`SUMMARY cluster: ${goals.join('; ')}`);
}

if (process.env.BENCH_ROLE === 'holder') void holder();
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
