import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WATCHDOG } from '../extension/features/room/room-session';
import { type Coturn, startCoturn } from '../scripts/lib/coturn.mjs';
import { createRoom, joinRoom, launchReader, newAccount, type Reader, signUp, uidOf } from './harness';
import { capturePeerConnections, enableAlwaysRelay, selectedPairs, waitForRemoteTiles } from './network';
import { peerServer } from './peer-server';
import { startTurnCutProxy, type TurnCutProxy } from './turn-cut-proxy';

// A reader's network goes away for 10 s and comes back: they are back in the same call within 15 s,
// with one tile per reader on both sides, and the other reader never looked at a frozen picture longer
// than the room's watchdog allows.
//
// What really cuts the network here: Chromium's offline emulation (context.setOffline) stops the panel's
// HTTP and WebSockets (signalling, rooms API, Firestore) but NOT WebRTC's UDP over loopback, so both
// readers use "Always relay" and reach coturn only through a proxy (turn-cut-proxy.ts) that drops every
// datagram of the offline reader. Checked below: the proxy dropped that reader's packets, and the other
// side's picture stopped.

const SECRET = `drop-e2e-${Math.random().toString(36).slice(2)}-secret`;
const DROP_MS = 10_000;
const BACK_WITHIN_MS = 15_000;
/** The longest a silent member's tile may stay (watchdog: gone after goneAfterMs, plus its grace rounds). */
const WATCHDOG_ALLOWS_MS = WATCHDOG.goneAfterMs * (1 + WATCHDOG.graceRounds) + 2 * WATCHDOG.pingEveryMs;

/** `frames`: video frames decoded so far per remote tile (a MediaStream video's currentTime runs on with no frames). */
type Sample = { t: number; tiles: number; frames: number[]; connecting: boolean; phase: string | null; online: boolean };

/** Record the panel's remote tiles every 200 ms (count, decoded frames, "connecting" label, call phase). */
async function startRecorder(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __samples: Sample[]; __recorder?: number };
    w.__samples = [];
    if (w.__recorder) clearInterval(w.__recorder);
    w.__recorder = window.setInterval(() => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-tile"] [data-testid="remote-video"]')];
      w.__samples.push({
        t: Date.now(),
        tiles: document.querySelectorAll('[data-testid="remote-tile"]').length,
        frames: videos.map((v) => v.getVideoPlaybackQuality().totalVideoFrames),
        connecting: [...document.querySelectorAll('[data-testid="remote-tile"] figcaption')].some((c) =>
          /connecting|연결/i.test(c.textContent ?? ''),
        ),
        phase: document.querySelector('[data-testid="call"]')?.getAttribute('data-phase') ?? null,
        online: navigator.onLine,
      });
    }, 200);
  });
}
const samplesOf = (page: Page) => page.evaluate(() => (window as unknown as { __samples: Sample[] }).__samples);

/** Wait until the panel is in the room with exactly one remote tile that decoded new frames over the last second. */
async function waitLive(page: Page, timeout: number) {
  await page.waitForFunction(
    () => {
      const s = (window as unknown as { __samples: Sample[] }).__samples;
      const recent = s.slice(-6);
      if (recent.length < 6) return false;
      const first = recent[0]!;
      const last = recent.at(-1)!;
      return (
        last.phase === 'in-room' &&
        recent.every((x) => x.tiles === 1 && x.frames.length === 1) &&
        last.frames[0]! >= first.frames[0]! + 5
      );
    },
    null,
    { timeout, polling: 200 },
  );
}

/** The longest stretch (ms) in which the one remote tile was there and decoded no new frame. */
function longestFrozen(samples: Sample[], { unlabelledOnly = false } = {}): number {
  let longest = 0;
  let since: number | null = null;
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1]!;
    const cur = samples[i]!;
    const frozen =
      cur.tiles === 1 && prev.tiles === 1 && cur.frames[0] === prev.frames[0] && (!unlabelledOnly || !cur.connecting);
    if (frozen) {
      since ??= prev.t;
      longest = Math.max(longest, cur.t - since);
    } else since = null;
  }
  return longest;
}

const countPcs = (page: Page) =>
  page.evaluate(() => ((window as unknown as { __chaekbangPcs?: unknown[] }).__chaekbangPcs ?? []).length);

describe('network drop: a reader offline for 10 s returns to the same call (Chromium + peer-server + coturn)', () => {
  let coturn: Coturn;
  let proxy: TurnCutProxy;
  let server: ReturnType<typeof peerServer>;
  const readers: Reader[] = [];
  const panels: Page[] = [];
  const accounts = [newAccount('Minseo'), newAccount('Yuna')];

  beforeAll(async () => {
    coturn = await startCoturn({ secret: SECRET });
    proxy = await startTurnCutProxy(coturn.port);
    server = peerServer(undefined, { catalog: 'off', env: { TURN_URLS: proxy.url, TURN_SECRET: SECRET } });
    await server.start();
    for (const account of accounts) {
      const reader = await launchReader();
      await capturePeerConnections(reader.context);
      readers.push(reader);
      const panel = await reader.openPanel();
      await signUp(panel, account);
      await enableAlwaysRelay(panel);
      panels.push(panel);
    }
  });
  afterAll(async () => {
    await readers[0]?.context.setOffline(false).catch(() => {});
    for (const r of readers) await r.close();
    await server?.stop();
    await proxy?.close();
    await coturn?.stop();
  });

  it('offline for 10 s, back in the call within 15 s; one tile per reader throughout; no frozen tile past the watchdog', async () => {
    const [a, b] = panels as [Page, Page];
    const code = await createRoom(b);
    await joinRoom(a, code);
    for (const p of panels) await waitForRemoteTiles(p, 1, 30_000);
    for (const p of panels) {
      const pairs = (await selectedPairs(p)).filter((x) => x.bytes > 0);
      expect(pairs.length).toBeGreaterThanOrEqual(1);
      for (const pair of pairs) expect(pair.local).toBe('relay');
    }
    for (const p of panels) await startRecorder(p);
    for (const p of panels) await waitLive(p, 10_000);
    const uidA = await uidOf(accounts[0]!.email);
    const pcsBefore = await Promise.all(panels.map(countPcs));

    // A's network goes away: its page's HTTP and WebSockets, and its media through the relay.
    const down = Date.now();
    await readers[0]!.context.setOffline(true);
    proxy.cut(uidA);
    // The outage itself lasts DROP_MS (this wait is the scenario, not a guess at timing).
    await a.waitForTimeout(DROP_MS);
    const droppedPackets = proxy.dropped(uidA);
    proxy.restore(uidA);
    await readers[0]!.context.setOffline(false);
    const up = Date.now();

    const failure = await Promise.all([waitLive(a, BACK_WITHIN_MS), waitLive(b, BACK_WITHIN_MS)]).then(
      () => null,
      (err: unknown) => err,
    );
    const back = Date.now() - up;

    const [samplesA, samplesB] = await Promise.all(panels.map(samplesOf));
    // ICE restarts seen: offers made or taken on connections that existed before the drop.
    const restarts = await Promise.all(
      panels.map((p, i) =>
        p.evaluate(
          ({ since, before }) =>
            ((window as unknown as { __chaekbangPcLog?: string[] }).__chaekbangPcLog ?? []).filter((l) => {
              const [t, pc, kind, state] = l.split(' ');
              return Number(t) >= since && Number(pc?.slice(2)) < before && kind === 'sig' && state?.startsWith('have-');
            }).length,
          { since: down, before: pcsBefore[i]! },
        ),
      ),
    );
    const pcsAfter = await Promise.all(panels.map(countPcs));
    const outage = (s: Sample[]) => s.filter((x) => x.t >= down);
    const frozenB = longestFrozen(outage(samplesB!));
    const frozenUnlabelledB = longestFrozen(outage(samplesB!), { unlabelledOnly: true });
    // The phases A went through, and B's tile count, each change with its time into the outage.
    const timeline = (s: Sample[], pick: (x: Sample) => string) =>
      outage(s)
        .filter((x, i, all) => i === 0 || pick(x) !== pick(all[i - 1]!))
        .map((x) => `${pick(x)}@${x.t - down}`)
        .join(' ');
    const phasesA = timeline(samplesA!, (x) => `${x.phase}/${x.tiles}${x.connecting ? 'c' : ''}`);
    const phasesB = timeline(samplesB!, (x) => `${x.phase}/${x.tiles}${x.connecting ? 'c' : ''}`);
    const tilesB = outage(samplesB!).map((x) => x.tiles);
    const removedAt = samplesB!.find((x) => x.t >= down && x.tiles === 0)?.t;
    console.log(
      `[network-drop] outage ${up - down} ms; A and B live again ${back} ms after the network returned; ` +
        `A's packets dropped by the cut: ${droppedPackets}; A (phase/tiles, c = connecting): ${phasesA}; B: ${phasesB}; ` +
        `B: A's tile frozen at most ${frozenB} ms (${frozenUnlabelledB} ms without "connecting"), ` +
        `${removedAt ? `removed by the watchdog ${removedAt - down} ms into the outage` : 'kept through the outage'}; ` +
        `new RTCPeerConnections (A, B): ${pcsAfter.map((n, i) => n - pcsBefore[i]!).join(', ')} ` +
        `(a fresh data connection after a long break is expected); ICE restart offers on the old connections (A, B): ${restarts.join(', ')}`,
    );

    if (failure) {
      for (const [i, p] of panels.entries()) {
        const log = await p.evaluate(() => (window as unknown as { __chaekbangPcLog?: string[] }).__chaekbangPcLog ?? []);
        const text = await p.evaluate(() => document.querySelector('main')?.textContent?.slice(0, 300) ?? '');
        console.log(
          `[network-drop] ${i === 0 ? 'A' : 'B'} connections: ${log.map((l) => l.replace(/^(\d+)/, (t) => String(Number(t) - down))).join(' | ')}`,
        );
        console.log(`[network-drop] ${i === 0 ? 'A' : 'B'} shows: ${text}`);
      }
      const online = samplesA!
        .filter((x) => x.t >= down)
        .map((x) => (x.online ? 1 : 0))
        .join('');
      console.log(`[network-drop] A navigator.onLine during the outage: ${online}`);
      throw failure;
    }
    // The cut was real: A's packets were dropped and B's picture of A stopped.
    expect(droppedPackets).toBeGreaterThan(0);
    expect(frozenB > 0 || removedAt !== undefined).toBe(true);
    // Back within 15 s of the network returning (waitLive above waited at most that long).
    expect(back).toBeLessThan(BACK_WITHIN_MS);
    // Never two tiles for one reader, on either side.
    expect(Math.max(...outage(samplesA!).map((x) => x.tiles))).toBeLessThanOrEqual(1);
    expect(Math.max(...tilesB)).toBeLessThanOrEqual(1);
    // B never looked at a frozen A longer than the watchdog allows.
    expect(frozenB).toBeLessThanOrEqual(WATCHDOG_ALLOWS_MS);
    // Still through the relay after the return.
    for (const p of panels) {
      const pairs = (await selectedPairs(p)).filter((x) => x.bytes > 0 && x.state !== 'closed');
      expect(pairs.some((x) => x.local === 'relay')).toBe(true);
    }
  });

  it('a network change (the old path never comes back) heals by an ICE restart of the same call: no new call, one tile', async () => {
    const [a, b] = panels as [Page, Page];
    for (const p of panels) await waitLive(p, 20_000);
    const uidA = await uidOf(accounts[0]!.email);
    const mediaPcs = (page: Page) =>
      page.evaluate(
        () =>
          ((window as unknown as { __chaekbangPcs?: RTCPeerConnection[] }).__chaekbangPcs ?? []).filter(
            (pc) => pc.getReceivers().length > 0,
          ).length,
      );
    const before = await Promise.all(panels.map(mediaPcs));
    for (const p of panels) await startRecorder(p);
    const changed = Date.now();
    proxy.switchNetwork(uidA);
    // B's picture of A stops, then the tile says "connecting", then it is live again on the same call.
    await b.waitForFunction(() => (window as unknown as { __samples: Sample[] }).__samples.some((x) => x.connecting), null, {
      timeout: 15_000,
      polling: 200,
    });
    const failure = await Promise.all([waitLive(a, 20_000), waitLive(b, 20_000)]).then(
      () => null,
      (err: unknown) => err,
    );
    const healed = Date.now() - changed;
    const after = await Promise.all(panels.map(mediaPcs));
    const log = await a.evaluate(() => (window as unknown as { __chaekbangPcLog?: string[] }).__chaekbangPcLog ?? []);
    const restartsSeen = log.filter((l) => Number(l.split(' ')[0]) >= changed && / sig have-/.test(l)).length;
    const samplesB = (await samplesOf(b)).filter((x) => x.t >= changed);
    console.log(
      `[network-drop] network change: live again ${healed} ms after the old path died; ` +
        `restart offers/answers on A's connections: ${restartsSeen}; media connections before/after (A, B): ${before.join(',')} / ${after.join(',')}; ` +
        `B's longest frozen tile ${longestFrozen(samplesB)} ms (${longestFrozen(samplesB, { unlabelledOnly: true })} ms without "connecting")`,
    );
    if (failure) throw failure;
    expect(restartsSeen).toBeGreaterThan(0);
    expect(after).toEqual(before); // the same calls, restarted: no new call was placed
    expect(Math.max(...samplesB.map((x) => x.tiles))).toBeLessThanOrEqual(1);
    expect(longestFrozen(samplesB)).toBeLessThanOrEqual(WATCHDOG_ALLOWS_MS);
  });
});
