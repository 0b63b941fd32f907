/**
 * Room join benchmark: join click → first remote frame with the real built extension in Debian Chromium,
 * beside a bare PeerJS call between two plain pages (the floor), measured in the same run.
 * `npm run bench:room` (= `npx tsx bench/room.ts`; BENCH_RUNS=5 BENCH_RUNS4=4 are the defaults).
 *
 * Self-contained: starts the Auth and Firestore emulators on free ports, builds the extension against them
 * (`wxt build --mode bench` → .output/chrome-mv3-bench), starts the real peer-server, launches one Chromium
 * profile per reader (e2e/harness.ts) and signs each up through the panel.
 *
 *  - 2 readers: A is in the room; B clicks "join-now". Timed in B's panel with performance.now(): the click
 *    and the polling (every ~4 ms, plus requestVideoFrameCallback) run in one page.evaluate, so no
 *    Playwright round trip is counted. Stops when a remote video has a decoded frame
 *    (readyState >= 2 && videoWidth > 0, or its first video frame callback).
 *  - 4 readers: A, B, C in the room; D clicks "join-now"; stops when all 3 remote tiles have a frame.
 *  - floor: a bare `peer` server (ExpressPeerServer, no auth, no rooms) and two plain pages served from
 *    127.0.0.1 that load peerjs.min.js; page B starts the clock, creates its Peer, calls A on open and stops at
 *    the first remote frame. Same Chromium switches, `config: { iceServers: [] }`. Floor runs alternate
 *    with the 2-reader runs so both see the same machine load.
 * Every series starts with one warm-up run (printed, not counted). Between runs the joiner leaves
 * (data-testid leave-room) and the bench waits until the others and the server have let it go.
 * The last line printed is a one-line summary.
 */
import { writeFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { chromiumPath, MEDIA_ARGS, PLAIN_ARGS } from './lib/chromium';
import { cpuLine, sampleCpu } from './lib/cpu';
import { startFloorServer } from './lib/floor-server';
import { machineLine } from './lib/machine';
import { type Stack, startStack } from './lib/stack';
import { ms, summarize, table } from './lib/stats';
import { TRACE_CATEGORIES } from './lib/trace-categories';
import { type CallPhases, callPhases, loafSummary, READ_TRACE, TRACE, type Trace } from './lib/webrtc-trace';

const RUNS2 = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const RUNS4 = Math.max(1, Number(process.env.BENCH_RUNS4 ?? 4));
const RUN_TIMEOUT_MS = 15_000;
/** Pause after the joiner's preview is ready and after everyone has let a leaver go. */
const SETTLE_MS = 600;
/** How long the members' steady call is sampled for its CPU use (bench/lib/cpu.ts). */
const CPU_SAMPLE_MS = 4000;
/** BENCH_JOIN_CPU=<ms>: where the machine's CPU went during the first <ms> of each 4-reader join (0: not sampled). */
const JOIN_CPU_MS = Math.max(0, Number(process.env.BENCH_JOIN_CPU ?? 0) || 0);
const GOAL_RATIO = 1.3;
/** The 4-reader room against the bare 4-mesh measured in the same run (issue 13: CPU-bound on 2 cores). */
const GOAL_4_RATIO = 1.1;

const log = (line: string) => console.log(line);
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** What one timed join returns (all times in ms from the click / from the start of the clock). */
type Timed = {
  total: number;
  /** First frame of each remote video, in order of arrival. */
  frames: number[];
  /** First frame by remote stream id. */
  frameByStream?: Record<string, number>;
  /** Panel phase "in-room": the join API answered and the PeerJS socket is open. */
  inRoom?: number;
  /** First / last remote video element (PeerJS "stream" event rendered). */
  streams: number[];
  /** Resource timing of the rooms API join request. */
  joinApi?: { start: number; end: number };
  /** Other requests made during the run (token refresh, etc.). */
  requests: { name: string; start: number; end: number }[];
  /** No frame(s) within the run timeout: counted at the timeout. */
  timedOut?: boolean;
  /** The clock's start as an absolute time (performance.timeOrigin + t0), to line up the WebRTC traces. */
  t0Abs: number;
  /** Per-phase breakdown of each media call (from the WebRTC traces of the joiner and the answerer(s)). */
  phases?: CallPhases[];
  /** Joiner's long animation frames between the start and the last frame, and their heaviest scripts. */
  joinerLoaf?: { ms: number; scripts: string[] };
  /** Answerers' long animation frames while the joiner's calls were being answered. */
  answerLoaf?: { ms: number; scripts: string[] };
  /** The members' call broke apart after this run and was re-formed (what they showed). */
  reformed?: string;
  /** Floor only: the bare Peer's "open". */
  open?: number;
  /** Joiner's main thread between the click and the last frame counted (extension only). */
  main?: {
    /** "start:duration" in ms from the click. */
    audioAt: string[];
    longAt: string[];
    audioContexts: number;
    audioContextMs: number;
    peerConnections: number;
    longTasks: number;
    longTaskMs: number;
  };
};

// ------------------------------------------------------------------------------------------ in-page code

/**
 * Instrumentation of the joiner's panel (the bench's own, nothing in the extension changes): when each
 * AudioContext and RTCPeerConnection is constructed and how long the constructor held the main thread,
 * and long tasks. Installed once per page; idempotent.
 */
const INSTRUMENT = `(() => {
  if (window.__bench) return;
  const log = { audio: [], pcs: [], long: [] };
  window.__bench = log;
  const wrap = (name, list) => {
    const Orig = window[name];
    if (!Orig) return;
    window[name] = class extends Orig {
      constructor(...args) {
        const t = performance.now();
        super(...args);
        list.push({ at: t, dur: performance.now() - t });
      }
    };
  };
  wrap('AudioContext', log.audio);
  wrap('RTCPeerConnection', log.pcs);
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) log.long.push({ at: e.startTime, dur: e.duration }); })
      .observe({ type: 'longtask', buffered: false });
  } catch {}
})()`;

/**
 * Runs in the joiner's panel: click join-now, poll until `want` remote videos have a frame. Plain JS in a
 * string: tsx would wrap named inner functions in a `__name` helper the page does not have.
 */
const JOIN_AND_TIME = `({ want, timeoutMs }) => {
  const button = document.querySelector('[data-testid="join-now"]');
  if (!button || button.disabled) return Promise.reject(new Error('join-now is not ready'));
  const t0 = performance.now();
  const frameAt = new Map();
  const streamAt = new Map();
  let inRoom;
  button.click();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const now = performance.now() - t0;
      if (inRoom === undefined && document.querySelector('[data-testid="call"]')?.getAttribute('data-phase') === 'in-room') {
        inRoom = now;
      }
      const videos = [...document.querySelectorAll('[data-testid="remote-video"]')];
      for (const v of videos) {
        if (!streamAt.has(v)) {
          streamAt.set(v, now);
          v.requestVideoFrameCallback?.(() => {
            if (!frameAt.has(v)) frameAt.set(v, performance.now() - t0);
          });
        }
        if (!frameAt.has(v) && v.readyState >= 2 && v.videoWidth > 0) frameAt.set(v, now);
      }
      const framed = videos.filter((v) => frameAt.has(v));
      if (framed.length >= want) {
        const frames = framed.map((v) => frameAt.get(v)).sort((a, b) => a - b);
        const frameByStream = Object.fromEntries(framed.map((v) => [v.srcObject && v.srcObject.id, frameAt.get(v)]));
        const requests = performance
          .getEntriesByType('resource')
          .filter((e) => e.startTime >= t0)
          .map((e) => ({ name: e.name, start: e.startTime - t0, end: e.responseEnd - t0 }));
        const b = window.__bench || { audio: [], pcs: [], long: [] };
        const since = (list) => list.filter((e) => e.at >= t0);
        const end = t0 + frames[want - 1];
        const audio = since(b.audio).filter((e) => e.at <= end);
        const long = since(b.long).filter((e) => e.at <= end);
        const main = {
          audioAt: audio.map((e) => Math.round(e.at - t0) + ':' + e.dur.toFixed(1)),
          longAt: long.map((e) => Math.round(e.at - t0) + ':' + Math.round(e.dur)),
          audioContexts: audio.length,
          audioContextMs: audio.reduce((n, e) => n + e.dur, 0),
          peerConnections: since(b.pcs).filter((e) => e.at <= end).length,
          longTasks: long.length,
          longTaskMs: long.reduce((n, e) => n + e.dur, 0),
        };
        const join = requests.find((r) => /\\/api\\/rooms\\/[^/]+\\/join/.test(r.name));
        resolve({
          t0Abs: performance.timeOrigin + t0,
          total: frames[want - 1],
          frames,
          frameByStream,
          inRoom,
          main,
          streams: [...streamAt.values()].sort((a, b) => a - b),
          joinApi: join ? { start: join.start, end: join.end } : undefined,
          requests: requests.filter((r) => r !== join).map((r) => ({ ...r, name: r.name.replace(/\\?.*$/, '') })),
        });
        return;
      }
      if (now > timeoutMs) {
        // Counted at the timeout (a lower bound) and marked, so one starved run does not end the bench.
        resolve({ t0Abs: performance.timeOrigin + t0, total: timeoutMs, timedOut: true, frames: framed.map((v) => frameAt.get(v)), inRoom, streams: [...streamAt.values()], requests: [] });
        return;
      }
      setTimeout(tick, 2);
    };
    tick();
  });
}`;

/** The floor's page: bare PeerJS from peerjs.min.js against a bare `peer` server on loopback. */
function floorHtml(port: number): string {
  return `<!doctype html><meta charset="utf-8"><title>floor</title>
<style>video { width: 180px; height: 100px; background: #000 }</style>
<script src="/peerjs.min.js"></script>
<body>
<script>
const server = { host: '127.0.0.1', port: ${port}, path: '/peerjs', key: 'peerjs', secure: false };
let stream = null;
let peer = null;
function show(s, muted) {
  const v = document.createElement('video');
  v.autoplay = true; v.playsInline = true; v.muted = muted; v.srcObject = s;
  if (!muted) v.dataset.remote = '1';
  document.body.append(v);
  v.play().catch(() => {});
  return v;
}
// The same constraints as the extension's pre-join (extension/features/room/media.ts); a local preview like its self tile.
window.ready = navigator.mediaDevices
  .getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } } })
  .then((s) => { stream = s; show(s, true); return true; });
function wireRemote(call) {
  let video = null;
  call.on('stream', (s) => { if (!video) video = show(s, false); });
  call.on('close', () => { if (video) { video.srcObject = null; video.remove(); } });
}
const byPeer = new Map();
const keep = (conn) => { byPeer.set(conn.peer, [...(byPeer.get(conn.peer) || []), conn]); };
function answerCalls(p) {
  p.on('call', (call) => {
    call.answer(stream);
    wireRemote(call);
    keep(call);
  });
  p.on('connection', keep);
}
// A departed joiner: close its calls and data connections here (the extension does this on "goodbye").
window.drop = (id) => { for (const c of byPeer.get(id) || []) c.close(); byPeer.delete(id); return true; };
window.listen = (id) => new Promise((resolve, reject) => {
  peer = new Peer(id, { ...server, config: { iceServers: [] }, debug: 0 });
  peer.on('open', () => resolve(true));
  peer.on('error', (e) => reject(new Error(String(e.type || e))));
  answerCalls(peer);
});
// Untimed: a listening page calls others, to build the mesh the joiner meets.
window.callPeers = (others) => { for (const o of others) wireRemote(peer.call(o, stream)); return true; };
// Timed: create the Peer, on open call every other (optionally opening a data connection first, as the
// extension does), stop when every remote video has a frame.
window.callAndTime = (id, others, timeoutMs, withData) => new Promise((resolve, reject) => {
  const t0 = performance.now();
  let open;
  const streams = new Map();
  const frames = new Map();
  peer = new Peer(id, { ...server, config: { iceServers: [] }, debug: 0 });
  peer.on('error', (e) => reject(new Error(String(e.type || e))));
  peer.on('open', () => {
    open = performance.now() - t0;
    for (const other of others) {
      if (withData) peer.connect(other, { reliable: true, serialization: 'json' });
      const call = peer.call(other, stream);
      call.on('stream', (s) => {
        if (streams.has(other)) return;
        const video = show(s, false);
        streams.set(other, { at: performance.now() - t0, video });
        video.requestVideoFrameCallback?.(() => { if (!frames.has(other)) frames.set(other, performance.now() - t0); });
      });
    }
  });
  const tick = () => {
    const now = performance.now() - t0;
    for (const [other, { video }] of streams) {
      if (!frames.has(other) && video.readyState >= 2 && video.videoWidth > 0) frames.set(other, now);
    }
    if (frames.size === others.length) {
      const f = [...frames.values()].sort((a, b) => a - b);
      const frameByStream = Object.fromEntries([...streams.entries()].map(([o, x]) => [x.video.srcObject && x.video.srcObject.id, frames.get(o)]));
      resolve({ t0Abs: performance.timeOrigin + t0, total: f[f.length - 1], frames: f, frameByStream, open, streams: [...streams.values()].map((x) => x.at).sort((a, b) => a - b), requests: [] });
      return;
    }
    if (now > timeoutMs) { resolve({ t0Abs: performance.timeOrigin + t0, total: timeoutMs, timedOut: true, frames: [...frames.values()], open, streams: [], requests: [] }); return; }
    setTimeout(tick, 2);
  };
  tick();
});
window.reset = () => {
  peer?.destroy();
  peer = null;
  for (const v of document.querySelectorAll('video[data-remote]')) { v.srcObject = null; v.remove(); }
};
</script>`;
}

// ------------------------------------------------------------------------------------------ trace

async function readTrace(page: Page, since: number): Promise<Trace> {
  return (await page.evaluate(`(${READ_TRACE})(${since})`).catch(() => ({ ev: [], loaf: [] }))) as Trace;
}

/** Line up the joiner's and the answerers' WebRTC traces for one timed run (see bench/lib/webrtc-trace.ts). */
async function addTrace(timed: Timed, joiner: Page, answerers: Page[]): Promise<Timed> {
  const since = timed.t0Abs - 50;
  const end = timed.t0Abs + timed.total;
  const j = await readTrace(joiner, since);
  const others = await Promise.all(answerers.map((p) => readTrace(p, since)));
  const frameOf = (id: string | undefined) => {
    const at = id === undefined ? undefined : timed.frameByStream?.[id];
    return at === undefined ? undefined : timed.t0Abs + at;
  };
  timed.phases = others.map((o) => callPhases(j.ev, o.ev, timed.t0Abs, frameOf));
  timed.joinerLoaf = loafSummary(j.loaf, timed.t0Abs, end);
  const loafs = others.flatMap((o) => o.loaf);
  timed.answerLoaf = loafSummary(loafs, timed.t0Abs, end);
  // BENCH_LOAF_DETAIL=1: every long animation frame of each answerer during the join (a frame whose time is not in
  // scripts over 5 ms was spent in small tasks, or in the browser's own work: see BENCH_MEMBER_TRACE).
  if (process.env.BENCH_LOAF_DETAIL)
    for (const [k, o] of others.entries())
      for (const l of o.loaf.filter((x) => x.at < end && x.at + x.dur > timed.t0Abs))
        log(
          `    answerer ${k + 1}: long frame at +${ms(l.at - timed.t0Abs)} ms, ${ms(l.dur)} ms (blocking ${ms(l.block)}, rendering at +${l.render}, style at +${l.style}), scripts over 5 ms: ${l.scripts.reduce((n, s) => n + s.dur, 0)} ms`,
        );
  if (process.env.BENCH_TRACE) {
    // The whole timeline of the run, both sides merged (BENCH_TRACE=1), for reading one join in detail.
    const rows = [
      ...j.ev.map((e) => ({ ...e, side: 'J' })),
      ...others.flatMap((o, i) => o.ev.map((e) => ({ ...e, side: `A${i + 1}` }))),
      ...j.loaf.map((l) => ({
        at: l.at,
        what: `LOAF ${ms(l.dur)} ${l.scripts.map((x) => `${x.dur}:${x.what}`).join(' | ')}`,
        side: 'J',
      })),
      ...others.flatMap((o, i) =>
        o.loaf.map((l) => ({
          at: l.at,
          what: `LOAF ${ms(l.dur)} ${l.scripts.map((x) => `${x.dur}:${x.what}`).join(' | ')}`,
          side: `A${i + 1}`,
        })),
      ),
    ]
      .filter((e) => e.at <= end + 20 && e.what !== 'candidate' && !e.what.endsWith('CANDIDATE'))
      .sort((x, y) => x.at - y.at);
    for (const e of rows) {
      const extra = 'kind' in e && e.kind ? ` ${e.kind}` : '';
      const pc = 'pc' in e && e.pc ? ` pc${e.pc}` : '';
      log(`    ${ms(e.at - timed.t0Abs).padStart(6)} ${e.side.padEnd(3)} ${e.what}${extra}${pc}`);
    }
    log(`    ${ms(timed.total).padStart(6)} J   last frame`);
  }
  return timed;
}

/**
 * A CPU profile of one page (Chrome DevTools Protocol), 0.5 ms sampling. `stop(from, to)` (absolute ms)
 * returns the heaviest functions by self time inside that window, with their script.
 */
async function startProfile(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  const origin = (await page.evaluate('performance.timeOrigin')) as number;
  const nowAt = (await page.evaluate('performance.now()')) as number;
  await cdp.send('Profiler.start');
  return async (from: number, to: number): Promise<string> => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
      profile: {
        nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
        samples: number[];
        timeDeltas: number[];
        startTime: number;
      };
    };
    await cdp.detach().catch(() => {});
    // Profile times are in µs on the page's monotonic clock; line them up with performance.now() at start.
    const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const self = new Map<string, number>();
    let t = profile.startTime;
    const base = profile.startTime;
    let total = 0;
    for (const [i, id] of profile.samples.entries()) {
      t += profile.timeDeltas[i] ?? 0;
      const at = origin + nowAt + (t - base) / 1000;
      if (at < from || at > to) continue;
      const f = byId.get(id);
      if (!f || f.functionName === '(idle)' || f.functionName === '(program)') continue;
      const key = `${f.functionName || '(anon)'}@${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      total += (profile.timeDeltas[i] ?? 0) / 1000;
    }
    const top = [...self.entries()].sort((x, y) => y[1] - x[1]).slice(0, 8);
    return `${ms(total)} ms busy: ${top.map(([k, v]) => `${ms(v)} ${k}`).join('; ')}`;
  };
}

// ------------------------------------------------------------------------------------------ floor

async function launchPlainPage(url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...PLAIN_ARGS, ...MEDIA_ARGS],
  });
  const context = await browser.newContext({ viewport: { width: 400, height: 720 } });
  await context.addInitScript(TRACE);
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => (window as unknown as { ready: Promise<boolean> }).ready);
  return { browser, page };
}

type FloorWindow = {
  listen(id: string): Promise<boolean>;
  callPeers(others: string[]): boolean;
  drop(id: string): boolean;
  callAndTime(id: string, others: string[], timeoutMs: number, withData: boolean): Promise<Timed>;
  reset(): void;
};

/** A listens; B creates its Peer and calls A (optionally with a data connection too). */
async function floorRun(a: Page, b: Page, run: string, withData: boolean): Promise<Timed> {
  const idA = `floor-a-${run}-${Date.now().toString(36)}`;
  const idB = `floor-b-${run}-${Date.now().toString(36)}`;
  await a.evaluate((id) => (window as unknown as FloorWindow).listen(id), idA);
  await sleep(SETTLE_MS);
  const timed = await b.evaluate(
    ([id, other, timeout, data]) => (window as unknown as FloorWindow).callAndTime(id, [other], timeout, data),
    [idB, idA, RUN_TIMEOUT_MS, withData] as [string, string, number, boolean],
  );
  await addTrace(timed, b, [a]);
  await b.evaluate(() => (window as unknown as FloorWindow).reset());
  await a.evaluate(() => (window as unknown as FloorWindow).reset());
  await sleep(300);
  return timed;
}

/** Bare 4-reader mesh: three plain pages already call each other; the fourth calls all three. */
async function floor4Runs(url: string, runs: number): Promise<Timed[]> {
  const pages = [await launchPlainPage(url), await launchPlainPage(url), await launchPlainPage(url), await launchPlainPage(url)];
  try {
    const [a, b, c, d] = pages.map((p) => p.page) as [Page, Page, Page, Page];
    const ids = ['a', 'b', 'c'].map((x) => `mesh-${x}-${Date.now().toString(36)}`);
    for (const [i, p] of [a, b, c].entries()) await p.evaluate((id) => (window as unknown as FloorWindow).listen(id), ids[i]!);
    await b.evaluate((others) => (window as unknown as FloorWindow).callPeers(others), ids.slice(0, 1));
    await c.evaluate((others) => (window as unknown as FloorWindow).callPeers(others), ids.slice(0, 2));
    for (const p of [a, b, c]) {
      await p.waitForFunction(
        () =>
          [...document.querySelectorAll<HTMLVideoElement>('video[data-remote]')].filter(
            (v) => v.readyState >= 2 && v.videoWidth > 0,
          ).length >= 2,
        null,
        { timeout: RUN_TIMEOUT_MS },
      );
    }
    await sleep(SETTLE_MS);
    log(`  steady bare 3-way call (the panels idle in their lobbies): ${cpuLine(await sampleCpu(CPU_SAMPLE_MS))}`);
    const out: Timed[] = [];
    for (let i = 0; i <= runs; i++) {
      const id = `mesh-d-${i}-${Date.now().toString(36)}`;
      const joinCpu = JOIN_CPU_MS ? sampleCpu(JOIN_CPU_MS) : null;
      const timed = await d.evaluate(
        ([me, others, timeout]) => (window as unknown as FloorWindow).callAndTime(me, others, timeout, true),
        [id, ids, RUN_TIMEOUT_MS] as [string, string[], number],
      );
      if (joinCpu) log(`    join cpu: ${cpuLine(await joinCpu, 10)}`);
      await addTrace(timed, d, [a, b, c]);
      out.push(timed);
      log(`  ${i === 0 ? 'warm-up' : `run ${i}`}: bare 4-mesh, all 3 ${ms(timed.total)} ms (first ${ms(timed.frames[0])} ms)`);
      await d.evaluate(() => (window as unknown as FloorWindow).reset());
      for (const p of [a, b, c]) await p.evaluate((gone) => (window as unknown as FloorWindow).drop(gone), id);
      await sleep(SETTLE_MS * 2);
    }
    return out;
  } finally {
    for (const p of pages) await p.browser.close().catch(() => {});
  }
}

// ------------------------------------------------------------------------------------------ extension

/** What a panel shows of the call, for error messages. */
async function describeCall(panel: Page): Promise<string> {
  return panel
    .evaluate(() =>
      JSON.stringify({
        phase: document.querySelector('[data-testid="call"]')?.getAttribute('data-phase') ?? null,
        shows: document.body.innerText.replace(/\s+/g, ' ').slice(0, 240),
        notes: [...document.querySelectorAll('.error, [role="alert"], .notice')].map((e) => e.textContent).join(' | '),
        tiles: [...document.querySelectorAll('[data-testid="remote-tile"]')].map((t) => ({
          peer: t.getAttribute('data-peer')?.slice(0, 6),
          text: t.textContent,
          video: (() => {
            const v = t.querySelector('video');
            return v ? `${v.readyState}/${v.videoWidth}` : null;
          })(),
        })),
      }),
    )
    .catch((e: unknown) => String(e));
}

async function remoteTilesWithFrames(panel: Page, count: number, timeout = RUN_TIMEOUT_MS) {
  await panel
    .waitForFunction(
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
    )
    .catch(async (err: unknown) => {
      throw new Error(`${count} remote tiles with video not reached: ${await describeCall(panel)} (${String(err)})`);
    });
}

async function remoteTiles(panel: Page, count: number, timeout = RUN_TIMEOUT_MS) {
  await panel
    .waitForFunction((n) => document.querySelectorAll('[data-testid="remote-tile"]').length === n, count, { timeout })
    .catch(async (err: unknown) => {
      throw new Error(`${count} remote tiles not reached: ${await describeCall(panel)} (${String(err)})`);
    });
}

/** Lobby → code → pre-join with the camera preview ready (join-now enabled). */
async function toPrejoin(panel: Page, code: string) {
  await panel.getByTestId('nav-room').click();
  await panel.getByTestId('room-lobby').waitFor({ timeout: RUN_TIMEOUT_MS });
  await panel.fill('input[name="roomCode"]', code);
  await panel.getByTestId('join-room').click();
  await panel.locator('[data-testid="join-now"]:not([disabled])').waitFor({ timeout: RUN_TIMEOUT_MS });
}

async function joinUntimed(panel: Page, code: string) {
  await toPrejoin(panel, code);
  await panel.getByTestId('join-now').click();
  await panel.getByTestId('call').waitFor();
}

async function waitForPeers(stack: Stack, n: number) {
  const started = Date.now();
  while (Date.now() - started < 15_000) {
    if ((await stack.peers().catch(() => -1)) === n) return;
    await sleep(200);
  }
  log(`  (peer-server still reports ${await stack.peers().catch(() => '?')} peers, expected ${n})`);
}

/** Everyone in `members` leaves, then joins again, until each sees the others' video. */
async function reformRoom(stack: Stack, members: Page[], code: string) {
  for (const p of members) {
    if ((await p.getByTestId('leave-room').count()) > 0) await p.getByTestId('leave-room').click();
    await p.getByTestId('room-lobby').waitFor({ timeout: RUN_TIMEOUT_MS });
  }
  await waitForPeers(stack, 0);
  for (const p of members) await joinUntimed(p, code);
  for (const p of members) await remoteTilesWithFrames(p, members.length - 1, RUN_TIMEOUT_MS * 2);
  await waitForPeers(stack, members.length);
  await sleep(SETTLE_MS);
}

/**
 * BENCH_MEMBER_TRACE=<folder>: a Chrome trace of each member's panel during each 4-reader join, written there
 * (open in chrome://tracing or Perfetto; its renderer main thread shows what each long task was).
 */
async function startChromeTrace(page: Page): Promise<() => Promise<string>> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => chunks.push(...e.value));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES } } as never);
  return async () => {
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach().catch(() => {});
    return JSON.stringify({ traceEvents: chunks });
  };
}

/** One timed join of `joiner` into a room where `others` already are; then the joiner leaves. */
async function extensionRun(stack: Stack, joiner: Page, others: Page[], code: string): Promise<Timed> {
  await toPrejoin(joiner, code);
  await joiner.evaluate(INSTRUMENT);
  await sleep(SETTLE_MS);
  const profiles = process.env.BENCH_PROFILE ? await Promise.all([joiner, ...others].map(startProfile)) : [];
  const traceDir = process.env.BENCH_MEMBER_TRACE;
  const tracers = traceDir && others.length === 3 ? await Promise.all(others.map(startChromeTrace)) : [];
  const joinCpu = JOIN_CPU_MS && others.length === 3 ? sampleCpu(JOIN_CPU_MS) : null;
  const timed = (await joiner.evaluate(
    `(${JOIN_AND_TIME})(${JSON.stringify({ want: others.length, timeoutMs: RUN_TIMEOUT_MS })})`,
  )) as Timed;
  if (joinCpu) log(`    join cpu: ${cpuLine(await joinCpu, 10)}`);
  await addTrace(timed, joiner, others);
  for (const [i, stop] of tracers.entries()) {
    const buf = await stop();
    writeFileSync(`${traceDir}/member${i}-${Date.now()}-t0-${timed.t0Abs.toFixed(1)}.json`, buf);
  }
  for (const [i, stop] of profiles.entries()) {
    // BENCH_PROFILE=1: where each page's main thread spent the join (CPU profile, self time by function).
    const top = await stop(timed.t0Abs, timed.t0Abs + timed.total);
    log(`    profile ${i === 0 ? 'joiner' : `member ${i}`}: ${top}`);
  }
  await joiner.getByTestId('leave-room').click();
  await joiner.getByTestId('room-lobby').waitFor({ timeout: RUN_TIMEOUT_MS });
  const broken: string[] = [];
  for (const [i, p] of others.entries()) {
    await remoteTiles(p, others.length - 1).catch(async (err: unknown) => {
      broken.push(`member ${i + 1}: ${await describeCall(p)} (${String(err).split('\n')[0]})`);
    });
  }
  if (broken.length > 0) {
    // The members' own call fell apart (under heavy load a member silent for 4 s is dropped for good): say
    // so, and have them leave and join again so the next run meets a whole room. The run stays counted.
    timed.reformed = broken.join('; ');
    log(`  (the members' call broke apart after this run: ${timed.reformed}; everyone leaves and joins again)`);
    await reformRoom(stack, others, code);
  }
  await waitForPeers(stack, others.length);
  await sleep(SETTLE_MS);
  return timed;
}

// ------------------------------------------------------------------------------------------ server probe

/**
 * The real peer-server's share, timed from Node on loopback (no browser): an emulator account, a room of
 * its own, then N × (CORS preflight, POST join, PeerJS WebSocket to OPEN with the ID token), one at a time.
 */
async function probeServer(stack: Stack, n = 10) {
  const auth = stack.env.FIREBASE_AUTH_EMULATOR_HOST;
  const signUp = (await (
    await fetch(`http://${auth}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=bench`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `probe-${Date.now()}@example.test`, password: 'correct horse 7', returnSecureToken: true }),
    })
  ).json()) as { idToken: string; localId: string };
  const origin = 'chrome-extension://benchbenchbenchbenchbenchbenchbe';
  const headers = { authorization: `Bearer ${signUp.idToken}`, 'content-type': 'application/json', origin };
  const created = (await (await fetch(`${stack.peerUrl}/api/rooms`, { method: 'POST', headers, body: '{}' })).json()) as {
    room: { code: string };
  };
  const joinUrl = `${stack.peerUrl}/api/rooms/${created.room.code}/join`;
  const preflight: number[] = [];
  const joins: number[] = [];
  const opens: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await fetch(joinUrl, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    preflight.push(performance.now() - t);
    t = performance.now();
    const res = await fetch(joinUrl, { method: 'POST', headers, body: JSON.stringify({ displayName: 'Probe' }) });
    await res.json();
    if (!res.ok) throw new Error(`probe join refused: HTTP ${res.status}`);
    joins.push(performance.now() - t);
    t = performance.now();
    const url = `ws://127.0.0.1:${stack.peerPort}/peerjs/peerjs?key=peerjs&id=${signUp.localId}&token=${signUp.idToken}`;
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.once('message', (data) => {
        const type = (JSON.parse(String(data)) as { type: string }).type;
        ws.close();
        if (type === 'OPEN') resolve();
        else reject(new Error(`probe socket got ${type}`));
      });
      ws.once('error', reject);
    });
    opens.push(performance.now() - t);
    await sleep(50);
  }
  return { preflight: summarize(preflight), join: summarize(joins), open: summarize(opens) };
}

// ------------------------------------------------------------------------------------------ main

type Series = { label: string; warmup: Timed; runs: Timed[] };

const PHASES: [keyof CallPhases, string][] = [
  ['toPc', 'start→media PC'],
  ['offer', 'offer made'],
  ['offerRelay', 'OFFER relay'],
  ['answer', 'answerer OFFER→ANSWER'],
  ['answerRelay', 'ANSWER relay'],
  ['ice', 'ANSWER→ICE connected'],
  ['dtls', 'ICE→DTLS connected'],
  ['frame', 'DTLS→first frame'],
  ['attach', 'track→<video> srcObject'],
  ['dataFirst', 'data OFFER sent ahead of media'],
];
const PHASE_HEADER = ['series', ...PHASES.map(([, name]) => name)];

function phaseRow(s: Series): string[] {
  const calls = s.runs.flatMap((t) => t.phases ?? []);
  return [
    s.label,
    ...PHASES.map(([key]) => {
      const values = calls.map((c) => c[key]).filter((v) => Number.isFinite(v));
      return values.length === 0 ? '–' : ms(summarize(values).median);
    }),
  ];
}

function seriesRows(s: Series): string[][] {
  const row = (name: string, t: Timed) => [
    `${s.label} ${name}`,
    t.timedOut ? `≥${ms(t.total)} (timed out)` : ms(t.total),
    t.joinApi ? `${ms(t.joinApi.start)}→${ms(t.joinApi.end)}` : '–',
    ms(t.inRoom ?? t.open),
    t.streams.length > 1 ? `${ms(t.streams[0])}…${ms(t.streams[t.streams.length - 1])}` : ms(t.streams[0]),
    t.frames.length > 1 ? t.frames.map((f) => ms(f)).join(' / ') : ms(t.frames[0]),
    t.main ? String(t.main.peerConnections) : '1',
    t.main ? `${t.main.audioContexts} (${ms(t.main.audioContextMs)})` : '–',
    t.main ? `${t.main.longTasks} (${ms(t.main.longTaskMs)})` : '–',
  ];
  return [row('warm-up', s.warmup), ...s.runs.map((t, i) => row(`#${i + 1}`, t))];
}

async function main() {
  const started = Date.now();
  log(`bench:room on ${machineLine()}`);
  log(`runs: ${RUNS2} (2 readers, and the floor) and ${RUNS4} (4 readers), each after one warm-up run`);
  const stack = await startStack({ mode: 'bench', log });
  const closers: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => {});
    await stack.stop();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    Object.assign(process.env, stack.env, {
      CHROMIUM_PATH: chromiumPath(),
      CHAEKBANG_E2E_EXTENSION_DIR: stack.extensionDir,
    });
    // The harness reads the extension folder and Chromium path from the environment when it is imported.
    const harness = await import('../e2e/harness');
    const readerPanel = async (name: string) => {
      const reader = await harness.launchReader();
      closers.push(() => reader.close());
      // The WebRTC trace goes in before the panel's scripts (its signaling socket opens on the pre-join screen).
      await reader.context.addInitScript(TRACE);
      const panel = await reader.openPanel();
      await harness.signUp(panel, harness.newAccount(name));
      return panel;
    };

    const floorServer = await startFloorServer(floorHtml);
    closers.push(floorServer.close);
    const [a, b] = [await readerPanel('Minji'), await readerPanel('Jiho')];
    const floorA = await launchPlainPage(floorServer.url);
    const floorB = await launchPlainPage(floorServer.url);
    const closeFloorBrowsers = async () => {
      await floorA.browser.close().catch(() => {});
      await floorB.browser.close().catch(() => {});
    };
    closers.push(closeFloorBrowsers);
    log(`readers signed up; floor pages ready (${((Date.now() - started) / 1000).toFixed(0)} s)`);

    // A creates the room and is in it alone.
    await a.getByTestId('nav-room').click();
    await a.getByTestId('create-room').click();
    await a.locator('[data-testid="join-now"]:not([disabled])').waitFor({ timeout: RUN_TIMEOUT_MS });
    await a.getByTestId('join-now').click();
    await a.getByTestId('call').waitFor();
    const code = ((await a.getByTestId('room-code').textContent()) ?? '').match(/[2-9A-Z]{3}-[2-9A-Z]{3}/)?.[0];
    if (!code) throw new Error('no room code shown');
    await waitForPeers(stack, 1);

    // Phase 1: 2 readers and the floor, alternating.
    const two: Timed[] = [];
    const floor: Timed[] = [];
    const floorData: Timed[] = [];
    for (let i = 0; i <= RUNS2; i++) {
      const ext = await extensionRun(stack, b, [a], code);
      const bare = await floorRun(floorA.page, floorB.page, `${i}`, false);
      const bareData = await floorRun(floorA.page, floorB.page, `${i}d`, true);
      two.push(ext);
      floor.push(bare);
      floorData.push(bareData);
      log(
        `  ${i === 0 ? 'warm-up' : `run ${i}`}: 2 readers ${ms(ext.total)} ms, floor ${ms(bare.total)} ms, floor + data connection ${ms(
          bareData.total,
        )} ms`,
      );
    }
    closers.pop();
    await closeFloorBrowsers();
    // The 2-reader phases now (the 4-reader phases take a while and are the likelier to fail under load).
    log(
      table(
        PHASE_HEADER,
        [
          { label: '2 readers', warmup: two[0]!, runs: two.slice(1) },
          { label: 'floor', warmup: floor[0]!, runs: floor.slice(1) },
          { label: 'floor+data', warmup: floorData[0]!, runs: floorData.slice(1) },
        ].map(phaseRow),
      ),
    );

    // Phase 2: A, B, C in the room; D joins.
    const [c, d] = [await readerPanel('Seoyeon'), await readerPanel('Hana')];
    await joinUntimed(b, code);
    await joinUntimed(c, code);
    for (let attempt = 1; ; attempt++) {
      const missing: string[] = [];
      for (const p of [a, b, c])
        await remoteTilesWithFrames(p, 2).catch((err: unknown) => missing.push(String(err).split('\n')[0]!));
      if (missing.length === 0) break;
      if (attempt > 2) throw new Error(`the 3-reader call did not form: ${missing.join('; ')}`);
      log(`  (the 3-reader call did not form: ${missing.join('; ')}; everyone leaves and joins again)`);
      await reformRoom(stack, [a, b, c], code);
    }
    await waitForPeers(stack, 3);
    await sleep(SETTLE_MS);
    log(`  steady 3-way call in the panels (joiner on its pre-join screen): ${cpuLine(await sampleCpu(CPU_SAMPLE_MS))}`);
    const four: Timed[] = [];
    for (let i = 0; i <= RUNS4; i++) {
      const ext = await extensionRun(stack, d, [a, b, c], code);
      four.push(ext);
      log(`  ${i === 0 ? 'warm-up' : `run ${i}`}: 4 readers, all 3 tiles ${ms(ext.total)} ms (first ${ms(ext.frames[0])} ms)`);
    }

    // Phase 3: everyone leaves the extension's room (its browsers idle), then a bare 4-reader mesh.
    for (const p of [a, b, c]) {
      await p.getByTestId('leave-room').click();
      await p.getByTestId('room-lobby').waitFor({ timeout: RUN_TIMEOUT_MS });
    }
    await waitForPeers(stack, 0);
    const mesh = await floor4Runs(floorServer.url, RUNS4);

    const series: Series[] = [
      { label: '2 readers', warmup: two[0]!, runs: two.slice(1) },
      { label: 'floor', warmup: floor[0]!, runs: floor.slice(1) },
      { label: 'floor+data', warmup: floorData[0]!, runs: floorData.slice(1) },
      { label: '4 readers', warmup: four[0]!, runs: four.slice(1) },
      { label: 'floor 4-mesh', warmup: mesh[0]!, runs: mesh.slice(1) },
    ];
    log('');
    log('Per run (ms from the join click; floor: from creating the Peer):');
    log(
      table(
        [
          'run',
          'total',
          'join API start→end',
          'in room / Peer open',
          'remote stream(s)',
          'first frame(s)',
          'RTCPeerConnections',
          'AudioContexts (ctor ms)',
          'long tasks (ms)',
        ],
        series.flatMap(seriesRows),
      ),
    );
    log('');
    log('Where the time goes: each media call by phase, from the WebRTC traces of the joiner and the answerer(s)');
    log('(median over the counted runs, and over the 3 calls of each 4-reader run; ms; bench/lib/webrtc-trace.ts):');
    log(table(PHASE_HEADER, series.map(phaseRow)));
    log('');
    log('Long animation frames between the start and the last frame (ms; heaviest scripts of the run):');
    for (const s of series) {
      for (const [i, t] of s.runs.entries()) {
        const j = t.joinerLoaf;
        const a = t.answerLoaf;
        if (!j && !a) continue;
        log(
          `  ${s.label} #${i + 1}: joiner ${ms(j?.ms ?? 0)}${j?.scripts.length ? ` [${j.scripts.join('; ')}]` : ''}; answerer(s) ${ms(
            a?.ms ?? 0,
          )}${a?.scripts.length ? ` [${a.scripts.join('; ')}]` : ''}`,
        );
      }
    }
    const s2 = summarize(series[0]!.runs.map((t) => t.total));
    const sf = summarize(series[1]!.runs.map((t) => t.total));
    const sfd = summarize(series[2]!.runs.map((t) => t.total));
    const s4 = summarize(series[3]!.runs.map((t) => t.total));
    const sm = summarize(series[4]!.runs.map((t) => t.total));
    const smFirst = summarize(series[4]!.runs.map((t) => t.frames[0] ?? t.total));
    const s4first = summarize(series[3]!.runs.map((t) => t.frames[0] ?? t.total));
    const inRoom2 = summarize(series[0]!.runs.map((t) => t.inRoom ?? Number.NaN));
    const open = summarize(series[1]!.runs.map((t) => t.open ?? Number.NaN));
    const api = summarize(series[0]!.runs.filter((t) => t.joinApi).map((t) => t.joinApi!.end - t.joinApi!.start));
    const apiStart = summarize(series[0]!.runs.filter((t) => t.joinApi).map((t) => t.joinApi!.start));
    const afterRoom2 = summarize(series[0]!.runs.map((t) => t.total - (t.inRoom ?? Number.NaN)));
    const afterOpen = summarize(series[1]!.runs.map((t) => t.total - (t.open ?? Number.NaN)));
    log('');
    log('Summary (ms; median [min–max]):');
    const line = (s: ReturnType<typeof summarize>) => `${ms(s.median)} [${ms(s.min)}–${ms(s.max)}]`;
    log(
      table(
        ['measure', 'runs', 'median [min–max]'],
        [
          ['2 readers: click → first remote frame', String(s2.n), line(s2)],
          ['floor: bare Peer → first remote frame', String(sf.n), line(sf)],
          ['floor + data connection (as the extension opens)', String(sfd.n), line(sfd)],
          ['4 readers: click → all 3 tiles with a frame', String(s4.n), line(s4)],
          ['4 readers: click → first tile with a frame', String(s4first.n), line(s4first)],
          ['bare 4-mesh: Peer → all 3 remote frames', String(sm.n), line(sm)],
          ['bare 4-mesh: Peer → first remote frame', String(smFirst.n), line(smFirst)],
          ['2 readers: click → join API request sent', String(apiStart.n), line(apiStart)],
          ['2 readers: join API request duration', String(api.n), line(api)],
          ['2 readers: click → in room (API + PeerJS open)', String(inRoom2.n), line(inRoom2)],
          ['floor: Peer created → open', String(open.n), line(open)],
          ['2 readers: in room → first frame (call)', String(afterRoom2.n), line(afterRoom2)],
          ['floor: open → first frame (call)', String(afterOpen.n), line(afterOpen)],
        ],
      ),
    );
    log('');
    log('Joiner main thread, per extension run ("ms from click:duration"):');
    for (const s of [series[0]!, series[3]!]) {
      for (const [i, t] of [s.warmup, ...s.runs].entries()) {
        log(
          `  ${s.label} ${i === 0 ? 'warm-up' : `#${i}`}: AudioContext constructed ${t.main?.audioAt.join(' ') || '–'}; long tasks ${
            t.main?.longAt.join(' ') || '–'
          }`,
        );
      }
    }
    const probe = await probeServer(stack);
    log('');
    log('The real peer-server from Node (no browser), 10 one at a time, ms:');
    log(
      table(
        ['request', 'median [min–max]'],
        [
          ['CORS preflight (OPTIONS join)', line(probe.preflight)],
          ['POST /api/rooms/:code/join (token check + join)', line(probe.join)],
          ['PeerJS WebSocket → OPEN (token check)', line(probe.open)],
        ],
      ),
    );
    const other = series[0]!.runs.flatMap((t) => t.requests.map((r) => `${r.name} ${ms(r.start)}→${ms(r.end)}`));
    if (other.length > 0) log(`Other requests during 2-reader runs: ${other.join('; ')}`);
    const ratio = s2.median / sf.median;
    const timeouts = series.flatMap((x) => x.runs.filter((t) => t.timedOut).map(() => x.label));
    if (timeouts.length > 0) log(`Runs that timed out (counted at ${RUN_TIMEOUT_MS} ms): ${timeouts.join(', ')}.`);
    const reformed = series.flatMap((x) => [x.warmup, ...x.runs].filter((t) => t.reformed).map(() => x.label));
    if (reformed.length > 0) log(`Runs after which the members' call broke apart and was re-formed: ${reformed.join(', ')}.`);
    log(`Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    await cleanup();
    const ratio4 = s4.median / sm.median;
    log(
      `bench:room 2 readers median ${ms(s2.median)} ms (floor ${ms(sf.median)} ms, ${ratio.toFixed(2)}x; goal ≤${GOAL_RATIO}x ${
        ratio <= GOAL_RATIO ? 'met' : 'NOT met'
      }); 4 readers all tiles median ${ms(s4.median)} ms (bare 4-mesh ${ms(sm.median)} ms, ${ratio4.toFixed(2)}x; goal ≤${GOAL_4_RATIO}x ${
        ratio4 <= GOAL_4_RATIO ? 'met' : 'NOT met'
      })`,
    );
  } catch (err) {
    await cleanup();
    throw err;
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
