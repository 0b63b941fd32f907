import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with scripts/start-cluster.mjs and the cluster bench
import { startCluster } from '../../scripts/lib/cluster.mjs';
import { generateRoomCode } from '../../shared/room-code';
import { apiCall, type ClusterMember, startMember } from './cluster-client';
import { signUp, type TestUser } from './helpers';

/**
 * The cluster in its production shape, all real processes on loopback: 3 peer-server nodes (tsx main.ts) behind
 * HAProxy (peer-server/deploy/haproxy.cfg) with Redis for the shared counters, real Auth-emulator tokens.
 * Simulated panels (cluster-client.ts) speak the rooms API and PeerJS signalling through HAProxy.
 */
type Node = { id: string; port: number; url: string; kill(signal?: string): Promise<unknown>; start(): Promise<unknown> };
type Cluster = {
  url: string;
  nodes: Node[];
  waitState(id: string, state: string, timeoutMs?: number): Promise<void>;
  restart(id: string): Promise<void>;
  stop(): Promise<void>;
};

let cluster: Cluster;
let users: TestUser[] = [];
const members: ClusterMember[] = [];
const nodeById = (id: string | null) => cluster.nodes.find((n) => n.id === id) as Node;
const metricsOf = async (node: Node) => (await (await fetch(`${node.url}/metrics`)).json()) as Record<string, any>;
/** Which node holds `code` now: asked of every node directly (a member's GET answers there, 404 elsewhere). */
async function holders(code: string, token: string): Promise<string[]> {
  const found: string[] = [];
  for (const n of cluster.nodes) {
    const res = await apiCall(n.url, `/api/rooms/${code}`, token).catch(() => null);
    if (res?.status === 200) found.push(n.id);
  }
  return found;
}
const create = (user: TestUser, code = generateRoomCode(), body: Record<string, unknown> = {}) =>
  apiCall(cluster.url, `/api/rooms/${code}`, user.idToken, body);

beforeAll(async () => {
  cluster = (await startCluster({
    nodes: 3,
    env: {
      FIREBASE_AUTH_EMULATOR_HOST: process.env.FIREBASE_AUTH_EMULATOR_HOST,
      FIREBASE_PROJECT_ID: process.env.GCLOUD_PROJECT ?? 'demo-chaekbang',
      PEER_RECONNECT_GRACE_MS: '3000',
      RATE_LIMIT_PER_MINUTE: '6000',
    },
  })) as Cluster;
  users = await Promise.all(Array.from({ length: 12 }, (_, i) => signUp(`cl${i}`)));
}, 120_000);

afterAll(async () => {
  for (const m of members) m.close();
  await cluster?.stop();
}, 30_000);

describe('room-affinity routing through HAProxy', () => {
  it('creates each room on the node the code hashes to, and every later request for it (any spelling) lands there', async () => {
    const created: { code: string; node: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const user = users[i % 4] as TestUser;
      const res = await create(user);
      expect(res.status).toBe(201);
      created.push({ code: res.body.room.code, node: res.node as string });
    }
    // Spread: twelve random codes over three nodes, and every node's /metrics counts what it created.
    const perNode = new Map<string, number>();
    for (const c of created) perNode.set(c.node, (perNode.get(c.node) ?? 0) + 1);
    expect(perNode.size).toBeGreaterThanOrEqual(2);
    let total = 0;
    for (const n of cluster.nodes) total += (await metricsOf(n)).roomsCreated;
    expect(total).toBe(12);
    for (const n of cluster.nodes) expect((await metricsOf(n)).roomsCreated).toBe(perNode.get(n.id) ?? 0);
    // Later requests for a room, with the code typed in lower case with a dash, reach the same node.
    for (const c of created.slice(0, 4)) {
      const typed = `${c.code.slice(0, 3).toLowerCase()}-${c.code.slice(3).toLowerCase()}`;
      const res = await apiCall(cluster.url, `/api/rooms/${typed}`, (users[0] as TestUser).idToken);
      expect(res.status).toBe(200);
      expect(res.node).toBe(c.node);
    }
  });

  it('a proposed code that is already open is refused with 409 room_code_taken', async () => {
    const first = await create(users[5] as TestUser);
    expect(first.status).toBe(201);
    const again = await create(users[6] as TestUser, first.body.room.code);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('room_code_taken');
    expect(again.node).toBe(first.node);
  });

  it('the PeerJS socket on the room-scoped path reaches the node holding the room', async () => {
    const owner = users[7] as TestUser;
    const res = await create(owner);
    const m = await startMember({ base: cluster.url, uid: owner.uid, token: owner.idToken, code: res.body.room.code });
    members.push(m);
    expect(m.node).toBe(res.node);
    expect(m.socketNode).toBe(res.node);
    expect((await metricsOf(nodeById(res.node))).peers).toBeGreaterThanOrEqual(1);
    m.close();
  });

  it('10 concurrent joins through HAProxy into a room of 6 admit exactly 6', async () => {
    const owner = users[8] as TestUser;
    const room = await create(owner, generateRoomCode(), { capacity: 6 });
    expect(room.status).toBe(201);
    const code = room.body.room.code as string;
    const joiners = users.slice(0, 10);
    const answers = await Promise.all(
      joiners.map((u) => apiCall(cluster.url, `/api/rooms/${code}/join`, u.idToken, { displayName: 'Reader' })),
    );
    const ok = answers.filter((a) => a.status === 200);
    const full = answers.filter((a) => a.status === 409 && a.body.error.code === 'room_full');
    expect(ok).toHaveLength(6);
    expect(full).toHaveLength(4);
    expect(new Set(answers.map((a) => a.node))).toEqual(new Set([room.node]));
    const seen = await apiCall(
      cluster.url,
      `/api/rooms/${code}`,
      (ok[0] as { body: any }).body.self.uid === joiners[0]?.uid ? (joiners[0] as TestUser).idToken : (owner as TestUser).idToken,
    );
    expect(seen.body.room.memberCount).toBe(6);
    for (const u of joiners) await apiCall(cluster.url, `/api/rooms/${code}/leave`, u.idToken, {});
  });
});

describe('node loss and deploys', () => {
  it('kill -9 on the node holding a room: its three members are back, all on one other node, with the room restored there', async () => {
    const [a, b, c] = users.slice(0, 3) as [TestUser, TestUser, TestUser];
    const room = await create(a);
    const code = room.body.room.code as string;
    const trio = await Promise.all([a, b, c].map((u) => startMember({ base: cluster.url, uid: u.uid, token: u.idToken, code })));
    members.push(...trio);
    const before = room.node as string;
    expect(new Set(trio.map((m) => m.socketNode))).toEqual(new Set([before]));

    const killedAt = Date.now();
    await nodeById(before).kill('SIGKILL');
    await Promise.all(trio.map((m) => m.ready(killedAt, 15_000)));
    const after = new Set(trio.map((m) => m.socketNode));
    expect(after.size).toBe(1);
    const now = [...after][0] as string;
    expect(now).not.toBe(before);
    expect(await holders(code, a.idToken)).toEqual([now]);
    const view = await apiCall(cluster.url, `/api/rooms/${code}`, a.idToken);
    expect(view.node).toBe(now);
    expect(view.body.members.map((m: { uid: string }) => m.uid).sort()).toEqual([a.uid, b.uid, c.uid].sort());
    expect((await metricsOf(nodeById(now))).roomsRestored).toBeGreaterThanOrEqual(1);

    // The node comes back: the room stays where it is now (HAProxy's stick table), so nothing splits.
    await nodeById(before).start();
    await cluster.waitState(before, 'UP');
    const later = await apiCall(cluster.url, `/api/rooms/${code}`, b.idToken);
    expect(later.node).toBe(now);
    for (const m of trio) m.close();
  }, 60_000);

  it('SIGTERM drains: health says draining, members are told shutting_down and move, new rooms go elsewhere, exit 0', async () => {
    const [a, b] = users.slice(3, 5) as [TestUser, TestUser];
    const room = await create(a);
    const code = room.body.room.code as string;
    const node = nodeById(room.node);
    const pair = await Promise.all([a, b].map((u) => startMember({ base: cluster.url, uid: u.uid, token: u.idToken, code })));
    members.push(...pair);
    const t = Date.now();
    const exited = node.kill('SIGTERM') as Promise<{ code: number | null }>;
    // At once: /health answers 503 draining (HAProxy's check takes the node out) and no new room is taken there.
    await expect.poll(async () => (await fetch(`${node.url}/health`).catch(() => null))?.status, { timeout: 2000 }).toBe(503);
    const health = (await (await fetch(`${node.url}/health`)).json()) as { status: string };
    expect(health.status).toBe('draining');
    const direct = await apiCall(node.url, `/api/rooms/${generateRoomCode()}`, a.idToken, {});
    expect(direct.status).toBe(503);
    expect(direct.body.error.code).toBe('shutting_down');
    // Every proposed code gets a room through HAProxy while the node drains (retried elsewhere on the 503).
    // A created room stays open until it idles out (its creator never joined it, so there is nothing to leave),
    // and a reader may hold 5 open rooms per node: three creators, two rooms each.
    for (let i = 0; i < 6; i++) {
      const res = await create(users[9 + (i % 3)] as TestUser);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.node).not.toBe(node.id);
    }
    await Promise.all(pair.map((m) => m.ready(t, 15_000)));
    for (const m of pair) expect(m.errors.some((e) => e.startsWith('shutting_down'))).toBe(true);
    expect(new Set(pair.map((m) => m.socketNode)).size).toBe(1);
    expect(pair[0]?.socketNode).not.toBe(node.id);
    expect(((await exited) as { code: number | null }).code).toBe(0);
    await node.start();
    await cluster.waitState(node.id, 'UP');
    for (const m of pair) m.close();
  }, 60_000);

  it('a rolling restart of all three nodes loses no room and no member', async () => {
    // Three rooms of three members, placed wherever their codes hash.
    const rooms: { code: string; crew: TestUser[]; ms: ClusterMember[] }[] = [];
    for (let r = 0; r < 3; r++) {
      const crew = users.slice(r * 3, r * 3 + 3);
      const res = await create(crew[0] as TestUser);
      const code = res.body.room.code as string;
      const ms = await Promise.all(crew.map((u) => startMember({ base: cluster.url, uid: u.uid, token: u.idToken, code })));
      members.push(...ms);
      rooms.push({ code, crew, ms });
    }
    for (const node of cluster.nodes) {
      const t = Date.now();
      const affected = rooms.flatMap((r) => r.ms).filter((m) => m.socketNode === node.id);
      await cluster.restart(node.id);
      await Promise.all(affected.map((m) => m.ready(t, 15_000)));
      // After each step: every room exists on exactly one node, with all three members connected there.
      for (const r of rooms) {
        const where = await holders(r.code, (r.crew[0] as TestUser).idToken);
        expect(where).toHaveLength(1);
        const view = await apiCall(cluster.url, `/api/rooms/${r.code}`, (r.crew[0] as TestUser).idToken);
        expect(view.node).toBe(where[0]);
        expect(view.body.members).toHaveLength(3);
        expect(new Set(r.ms.map((m) => m.socketNode))).toEqual(new Set([where[0]]));
      }
    }
    for (const m of rooms.flatMap((r) => r.ms)) m.close();
  }, 120_000);
});
