import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall } from '../peer-server/test/cluster-client';
import { signUp as signUpApi } from '../peer-server/test/helpers';
// @ts-expect-error: a plain .mjs helper shared with start:cluster, the cluster tests and bench
import { startCluster } from '../scripts/lib/cluster.mjs';
import { generateRoomCode } from '../shared/room-code';
import { createRoom, joinRoom, launchReader, newAccount, type Reader, roomCodeOf, signUp } from './harness';

/**
 * The production shape with the built extension: 3 peer-server nodes behind HAProxy (peer-server/deploy/haproxy.cfg)
 * with Redis, HAProxy on the port this run's extension was built against, three readers in Chromium.
 */
type Node = { id: string; port: number; url: string; kill(signal?: string): Promise<unknown>; start(): Promise<unknown> };
type Cluster = {
  url: string;
  nodes: Node[];
  waitState(id: string, state: string, timeoutMs?: number): Promise<void>;
  restart(id: string): Promise<void>;
  stop(): Promise<void>;
  haproxyLog(text?: string): string[];
};
type Metrics = { rooms: number; peers: number; members: number; roomsCreated: number; roomsRestored: number };

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
const metricsOf = async (n: Node): Promise<Metrics> => (await fetch(`${n.url}/metrics`)).json() as Promise<Metrics>;

async function waitForRemoteTiles(panel: Page, count: number, timeout = 20_000) {
  await panel.waitForFunction(
    (n) => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')];
      return (
        document.querySelectorAll('[data-testid="remote-tile"]').length === n &&
        videos.length === n &&
        videos.every((v) => v.readyState >= 2 && v.videoWidth > 0)
      );
    },
    count,
    { timeout },
  );
}
const videoTimes = (panel: Page) =>
  panel.$$eval('[data-testid="remote-video"]', (els) => els.map((v) => (v as HTMLVideoElement).currentTime));
/** Every remote video of every panel decodes new frames. */
async function videoAdvances(panels: Page[]) {
  const before = await Promise.all(panels.map(videoTimes));
  await new Promise((r) => setTimeout(r, 1000));
  const after = await Promise.all(panels.map(videoTimes));
  for (let i = 0; i < panels.length; i++) {
    expect(after[i]).toHaveLength(2);
    for (const [j, t] of (after[i] ?? []).entries()) expect(t).toBeGreaterThan(before[i]?.[j] ?? Number.POSITIVE_INFINITY);
  }
}
/** The panels and the room's code, for failure messages. */
const panelsForDiagnostics: Page[] = [];
const diagnostics = { code: '' };
/** What each panel shows: the call's phase, remote tiles, remote videos playing (for failure messages). */
const stateOf = (panels: Page[]) =>
  Promise.all(
    panels.map((p) =>
      p.evaluate(() => ({
        phase: document.querySelector('[data-testid="call"]')?.getAttribute('data-phase') ?? 'none',
        tiles: document.querySelectorAll('[data-testid="remote-tile"]').length,
        playing: [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')].filter(
          (v) => v.readyState >= 2 && v.videoWidth > 0,
        ).length,
      })),
    ),
  );
/** Every panel in the room with two live remote videos, within `timeoutMs` (the state is in the failure message). */
async function allBack(panels: Page[], timeoutMs: number) {
  const t = Date.now();
  let last: Awaited<ReturnType<typeof stateOf>> = [];
  while (Date.now() - t < timeoutMs) {
    last = await stateOf(panels);
    if (last.every((s) => s.phase === 'in-room' && s.tiles === 2 && s.playing === 2)) return Date.now() - t;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not every reader back within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/** The node that holds the room: the one whose members are connected (3 sockets), asked of every node. */
async function holder(cluster: Cluster, { members = 3, not = '', timeoutMs = 20_000 } = {}): Promise<Node> {
  const t = Date.now();
  while (Date.now() - t < timeoutMs) {
    for (const n of cluster.nodes) {
      if (n.id === not) continue;
      const m = await metricsOf(n).catch(() => null);
      if (m && m.members >= members && m.peers >= members) return n;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const seen = await Promise.all(
    cluster.nodes.map(async (n) => {
      const m = await metricsOf(n).catch(() => null);
      const x = m as (Metrics & Record<string, unknown>) | null;
      return {
        node: n.id,
        rooms: x?.rooms,
        members: x?.members,
        peers: x?.peers,
        joins: x?.joins,
        restored: x?.roomsRestored,
        leaves: x?.leaves,
        rejections: x?.rejections,
        ws: x?.wsConnections,
        replaced: x?.wsReplaced,
      };
    }),
  );
  throw new Error(
    `no node${not ? ` other than ${not}` : ''} holds a room with ${members} connected members after ${timeoutMs} ms: ` +
      `nodes ${JSON.stringify(seen)}; panels ${JSON.stringify(await stateOf(panelsForDiagnostics))}; ` +
      `HAProxy's last lines for ${diagnostics.code}:\n${cluster.haproxyLog(diagnostics.code).slice(-40).join('\n')}`,
  );
}

describe('cluster: 3 nodes behind HAProxy, three readers in Chromium', () => {
  let cluster: Cluster;
  const readers: Reader[] = [];
  const panels: Page[] = [];

  beforeAll(async () => {
    cluster = (await startCluster({
      nodes: 3,
      // The test build of the extension talks to this port: HAProxy takes it.
      port: Number(process.env.CHAEKBANG_E2E_PEER_PORT),
      // Every reader and this test share one loopback address: the per-address limit is not what is tested here.
      env: { PEER_RECONNECT_GRACE_MS: '10000', RATE_LIMIT_PER_IP_PER_MINUTE: '100000' },
    })) as Cluster;
    for (const name of ['Haneul', 'Dohyun', 'Yerin']) {
      const reader = await launchReader();
      readers.push(reader);
      const panel = await reader.openPanel();
      // Refused requests, in the log (a failing run says which call and why).
      panel.on('response', (res) => {
        if (res.status() < 400) return;
        const url = new URL(res.url());
        res
          .text()
          .catch(() => '')
          .then((body) =>
            console.log(`[${name}] ${res.request().method()} ${url.pathname} → ${res.status()} ${body.slice(0, 200)}`),
          );
      });
      panel.on('console', (m) => {
        if ((m.type() === 'error' || m.type() === 'warning') && !m.text().includes('Firestore') && !m.text().includes('stats'))
          console.log(`[${name}] ${m.text().slice(0, 300)}`);
      });
      await signUp(panel, newAccount(name));
      panels.push(panel);
      panelsForDiagnostics.push(panel);
    }
  });
  afterAll(async () => {
    for (const r of readers) await r.close();
    await cluster?.stop();
  });

  it('rooms created from different readers spread across the nodes (each node’s /metrics)', async () => {
    const before = await Promise.all(cluster.nodes.map(metricsOf));
    const codes: string[] = [];
    for (let round = 0; round < 2; round++) {
      for (const panel of panels) {
        codes.push(await createRoom(panel));
        await panel.getByTestId('leave-room').click();
        await panel.getByTestId('create-room').waitFor();
      }
    }
    const after = await Promise.all(cluster.nodes.map(metricsOf));
    const created = after.map((m, i) => m.roomsCreated - (before[i]?.roomsCreated ?? 0));
    expect(created.reduce((a, b) => a + b, 0)).toBe(codes.length);
    // Six random codes on three nodes: at least two nodes took rooms (all on one: 1 in 243).
    expect(created.filter((c) => c > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('kill -9 on the node holding the room: every reader is back with live video within 15 s, the room on another node', async () => {
    const [a, b, c] = panels as [Page, Page, Page];
    const code = await createRoom(a);
    diagnostics.code = code.replace('-', '');
    await joinRoom(b, code);
    await joinRoom(c, code);
    for (const p of panels) await waitForRemoteTiles(p, 2);
    const node = await holder(cluster);

    const t0 = Date.now();
    await node.kill('SIGKILL');
    // Back = signalling again on another node (the room restored there, all three sockets on it) and two live
    // remote videos in every panel (the calls themselves are peer to peer).
    const moved = await holder(cluster, { not: node.id, timeoutMs: 15_000 });
    await allBack(panels, Math.max(1000, 15_000 - (Date.now() - t0)));
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(moved.id).not.toBe(node.id);
    expect((await metricsOf(moved)).roomsRestored).toBeGreaterThanOrEqual(1);
    await videoAdvances(panels);
    // The code is unchanged and no tile is doubled.
    for (const p of panels) {
      expect(await roomCodeOf(p)).toBe(`${code}`);
      expect(await p.locator('[data-testid="remote-tile"]').count()).toBe(2);
    }
    await a.screenshot({ path: join(SCREENSHOTS, 'cluster-after-node-loss.png') });
    await node.start();
    await cluster.waitState(node.id, 'UP');
  }, 120_000);

  it('a rolling restart of all three nodes loses no reader', async () => {
    for (const n of cluster.nodes) {
      const before = await holder(cluster);
      console.log(`rolling restart: ${n.id} (the room is on ${before.id})`);
      await cluster.restart(n.id);
      // Restarting the room's node moves it (drain); any other node leaves it where it is.
      const where = await holder(cluster, before.id === n.id ? { not: n.id } : {});
      if (before.id !== n.id) expect(where.id).toBe(before.id);
      await allBack(panels, 15_000);
      // The room is on exactly one node with all three connected.
      const others = await Promise.all(cluster.nodes.filter((x) => x.id !== where.id).map(metricsOf));
      for (const m of others) expect(m.peers).toBe(0);
    }
    await videoAdvances(panels);
  }, 180_000);

  it('10 concurrent joins through HAProxy into a room of 6 admit exactly 6', async () => {
    const users = await Promise.all(Array.from({ length: 11 }, (_, i) => signUpApi(`seat${i}`)));
    const [owner, ...joiners] = users as [(typeof users)[number], ...typeof users];
    const made = await apiCall(cluster.url, `/api/rooms/${generateRoomCode()}`, owner.idToken, { capacity: 6 });
    expect(made.status).toBe(201);
    const answers = await Promise.all(
      joiners.map((u) => apiCall(cluster.url, `/api/rooms/${made.body.room.code}/join`, u.idToken, { displayName: 'Seat' })),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(6);
    expect(answers.filter((r) => r.status === 409 && r.body.error.code === 'room_full')).toHaveLength(4);
    expect(new Set(answers.map((r) => r.node))).toEqual(new Set([made.node]));
  });
});
