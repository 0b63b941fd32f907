/**
 * Web room benchmark (issue 15): a guest opens the invite link → first remote frame, page load included, beside
 * the bare PeerJS floor measured in the same run; and the bytes the guest's browser fetched before that frame.
 * `npm run bench:web-room` (= `npx tsx bench/web-room.ts`; BENCH_RUNS=6 is the default, after one warm-up run).
 *
 * Self-contained: the emulators on free ports, the extension and the web room built against them
 * (bench/lib/stack.ts, `webRoom: true`), the real peer-server serving /r/<CODE>. A room is created through the
 * rooms API by a reader account; a first guest (plain Chromium, no extension) joins it through the web room and
 * stays. Each timed run is a fresh guest in a fresh browser context (new anonymous account, empty cache):
 *  - web room: t = 0 is the navigation to /r/<CODE> (performance.timeOrigin); the page is one screen (the camera
 *    preview beside the name field, one Join): the bench types a name as soon as the field exists and clicks Join as
 *    soon as it is enabled (a name and a preview: Playwright, a very quick person); the page records
 *    performance.now() at the first decoded remote frame (an init script polls every 4 ms). Phases: lobby painted
 *    (the name field), preview showing (the camera's first frame in the lobby), join click, first frame.
 *  - floor: a plain page from a bare `peer` server (ExpressPeerServer, no auth, no rooms) that loads
 *    peerjs.min.js, asks for the camera, opens its Peer and calls a listening page: t = 0 is its navigation too.
 *    Floor runs alternate with web room runs so both see the same machine load.
 *  - bytes: the encoded (on-the-wire) size of every response the guest's page received before its first frame
 *    (CDP Network.loadingFinished), HTTP only (the WebSocket and WebRTC are not counted), and the first load
 *    (the page's Resource Timing: the document and what had arrived when the lobby was painted).
 * The last line printed states the goal (≤ 1.5× the floor, medians) as met or NOT met with the figures.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumPath, MEDIA_ARGS, PLAIN_ARGS } from './lib/chromium';
import { startFloorServer } from './lib/floor-server';
import { machineLine } from './lib/machine';
import { type Stack, startStack } from './lib/stack';
import { ms, summarize, table } from './lib/stats';
import { TRACE_CATEGORIES } from './lib/trace-categories';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 6));
const RUN_TIMEOUT_MS = 30_000;
const GOAL_RATIO = 1.5;
const log = (line: string) => console.log(line);
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** Records the first decoded remote frame (and the first paint of the lobby, its preview) against the navigation start. */
const FIRST_FRAME = `(() => {
  window.__bench = { frame: null, nameForm: null, prejoinReady: null, joinClick: null };
  const tick = () => {
    const b = window.__bench;
    if (b.nameForm === null && document.querySelector('[data-testid="web-name"]')) b.nameForm = performance.now();
    if (window.__benchName) {
      // The instant person: types the name the moment the field exists and presses Join the moment it is enabled.
      const input = document.querySelector('[data-testid="web-name-input"]');
      if (input && input.value === '') {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, window.__benchName);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      const join = document.querySelector('[data-testid="join-now"]');
      if (b.joinClick === null && join && !join.disabled && input && input.value !== '') {
        b.joinClick = performance.now();
        join.click();
      }
    }
    const preview = document.querySelector('[data-testid="prejoin"] .preview video');
    if (b.prejoinReady === null && preview && preview.readyState >= 2 && preview.videoWidth > 0) b.prejoinReady = performance.now();
    const vids = document.querySelectorAll('video[data-testid="remote-video"], video[data-remote="1"]');
    for (const v of vids) if (v.readyState >= 2 && v.videoWidth > 0) { b.frame = performance.now(); return; }
    setTimeout(tick, 4);
  };
  tick();
})()`;

type BenchWindow = {
  __bench: { frame: number | null; nameForm: number | null; prejoinReady: number | null; joinClick: number | null };
};
/** Who presses Join: `instant` (in the page, no Playwright round trip: the product's own critical path) or `playwright`. */
const PERSON = process.env.BENCH_PERSON === 'playwright' ? 'playwright' : 'instant';
const TRACE = process.env.BENCH_TRACE === '1';
/** BENCH_PROFILE=1: the guest page's main thread (CPU profile, 100 µs), self time per script and per 50 ms window. */
const PROFILE = process.env.BENCH_PROFILE === '1';
/** BENCH_CHROME_TRACE=1: a Chrome trace of the guest page; its main thread's self time by trace event (style, layout, compile…). */
const CHROME_TRACE = process.env.BENCH_CHROME_TRACE === '1';

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
};

function profileSummary(profile: CpuProfile, frameAt: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // The profile's clock is in µs since an arbitrary origin: line it up with the page's by its first sample.
  let t = profile.startTime;
  const windows = new Map<number, Map<string, number>>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    const f = node.callFrame;
    const what = f.url ? `${f.url.replace(/^.*\//, '')}` : f.functionName || '(anon)';
    if (what === '(idle)') return;
    const dt = (profile.timeDeltas[i + 1] ?? 100) / 1000;
    const w = Math.floor((t - profile.startTime) / 1000 / 50) * 50;
    const m = windows.get(w) ?? new Map<string, number>();
    m.set(what, (m.get(what) ?? 0) + dt);
    windows.set(w, m);
    total.set(what, (total.get(what) ?? 0) + dt);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
  const lines = [`    profile (frame at ${frameAt.toFixed(0)} ms; profiler clock from its start): ${top(total, 8)}`];
  // BENCH_PROFILE_TOP=<file part>: that script's functions by self time (name@line:column in the built file).
  const only = process.env.BENCH_PROFILE_TOP;
  if (only) {
    const fns = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const f = byId.get(id)?.callFrame as (CpuProfile['nodes'][number]['callFrame'] & { columnNumber?: number }) | undefined;
      if (!f?.url.includes(only)) return;
      const k = `${f.functionName || '(top)'}@${f.lineNumber + 1}:${(f.columnNumber ?? 0) + 1}`;
      fns.set(k, (fns.get(k) ?? 0) + (profile.timeDeltas[i + 1] ?? 100) / 1000);
    });
    lines.push(`      ${only} by function: ${top(fns, 20)}`);
  }
  for (const [w, m] of [...windows].sort((a, b) => a[0] - b[0]))
    lines.push(`      ${w}-${w + 50} ms: ${[...m.values()].reduce((a, b) => a + b, 0).toFixed(1)} ms busy: ${top(m, 4)}`);
  return lines.join('\n');
}

type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
};

/**
 * The renderer main thread's self time by trace event name, from navigation to the first frame: what "(program)" in
 * the CPU profile is made of (style, layout, paint, compile, HTML parse…).
 */
function traceSummary(buf: Buffer, frameAt: number): string {
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const nav = events.find((e) => e.name === 'navigationStart' || e.name === 'NavigationBodyLoader::StartLoadingBody');
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mains.has(key) || e.dur === undefined) continue;
    const list = byThread.get(key);
    if (list) list.push(e);
    else byThread.set(key, [e]);
  }
  // The page's main thread: the one with the most traced time.
  const traced = (list: TraceEvent[]) => list.reduce((sum, e) => sum + (e.dur ?? 0), 0);
  const busiest = [...byThread.values()].sort((a, b) => traced(b) - traced(a))[0];
  if (!busiest) return '    chrome trace: no renderer main thread';
  busiest.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const t0 = nav?.ts ?? busiest[0]!.ts;
  const end = t0 + frameAt * 1000;
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length && stack[stack.length - 1]!.e.ts + (stack[stack.length - 1]!.e.dur ?? 0) <= upTo) {
      const { e, child } = stack.pop()!;
      if (e.ts >= t0 && e.ts < end) self.set(e.name, (self.get(e.name) ?? 0) + ((e.dur ?? 0) - child) / 1000);
      if (stack.length) stack[stack.length - 1]!.child += e.dur ?? 0;
    }
  };
  let top = 0;
  for (const e of busiest) {
    close(e.ts);
    if (stack.length === 0 && e.ts < end && e.ts >= t0) top += (e.dur ?? 0) / 1000;
    stack.push({ e, child: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  const list = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 16)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ');
  return `    chrome trace (main thread, navigation → frame ${frameAt.toFixed(0)} ms): ${top.toFixed(0)} ms in top-level events; self time: ${list}`;
}

type Run = {
  total: number;
  nameForm?: number;
  prejoinReady?: number;
  joinClick?: number;
  bytes: number;
  firstLoadBytes?: number;
};

/** Count the bytes of every HTTP response the page receives (CDP), with the time each one finished. */
async function countBytes(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const done: { at: number; bytes: number }[] = [];
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    done.push({ at: Date.now(), bytes: e.encodedDataLength });
  });
  return { done, detach: () => cdp.detach().catch(() => {}) };
}

async function webRoomRun(browser: Browser, url: string, n: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  try {
    if (PERSON === 'instant') await context.addInitScript(`window.__benchName = ${JSON.stringify(`Guest ${n}`)};`);
    await context.addInitScript(FIRST_FRAME);
    const page = await context.newPage();
    const bytes = await countBytes(context, page);
    const profiler = PROFILE ? await context.newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 100 });
      await profiler.send('Profiler.start');
    }
    if (CHROME_TRACE)
      await browser.startTracing(page, {
        categories: TRACE_CATEGORIES,
      });
    const navStart = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    let joinClick: number | null = null;
    if (PERSON === 'playwright') {
      await page.getByTestId('web-name-input').fill(`Guest ${n}`, { timeout: RUN_TIMEOUT_MS });
      await page.getByTestId('join-now').and(page.locator(':enabled')).waitFor({ timeout: RUN_TIMEOUT_MS });
      joinClick = await page.evaluate(() => performance.now());
      await page.getByTestId('join-now').click();
    }
    await page.waitForFunction(() => (window as unknown as BenchWindow).__bench.frame !== null, null, {
      timeout: RUN_TIMEOUT_MS,
      polling: 20,
    });
    const b = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
    joinClick ??= b.joinClick;
    if (profiler) log(profileSummary((await profiler.send('Profiler.stop')).profile as CpuProfile, b.frame ?? 0));
    if (CHROME_TRACE) log(traceSummary(await browser.stopTracing(), b.frame ?? 0));
    if (TRACE) {
      const entries = await page.evaluate(() =>
        [
          ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
            (r) =>
              [
                r.startTime,
                `${r.startTime.toFixed(0)}→${r.responseEnd.toFixed(0)} ${r.initiatorType} ${r.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 90)}`,
              ] as const,
          ),
          ...performance.getEntriesByType('mark').map((m) => [m.startTime, `${m.startTime.toFixed(0)} mark ${m.name}`] as const),
        ]
          .sort((a, b) => a[0] - b[0])
          .map(([, line]) => line),
      );
      log(`    trace (ms from navigation; join click ${ms(joinClick ?? undefined)}, frame ${ms(b.frame ?? undefined)}):`);
      for (const e of entries) log(`      ${e}`);
    }
    // The first load from the page's own Resource Timing (all of it same-origin): the document and everything that
    // had arrived when the lobby was painted (the call's code is fetched after that paint).
    const firstLoadBytes = await page.evaluate((until) => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return (nav?.transferSize ?? 0) + res.filter((r) => r.responseEnd <= until).reduce((s, r) => s + r.transferSize, 0);
    }, b.nameForm ?? 0);
    const frameWall = navStart + (b.frame ?? 0);
    const total = b.frame ?? Number.NaN;
    const sum = (until: number) => bytes.done.filter((d) => d.at <= until).reduce((s, d) => s + d.bytes, 0);
    const run: Run = {
      total,
      ...(b.nameForm !== null ? { nameForm: b.nameForm } : {}),
      ...(b.prejoinReady !== null ? { prejoinReady: b.prejoinReady } : {}),
      ...(joinClick !== null ? { joinClick } : {}),
      bytes: sum(frameWall + 50),
      firstLoadBytes,
    };
    await page
      .getByTestId('leave-room')
      .click()
      .catch(() => {});
    await bytes.detach();
    return run;
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------------- floor

/** A plain page: peerjs.min.js, the camera, a Peer, a call to `other`; the first remote frame from navigation. */
function floorHtml(port: number): string {
  return `<!doctype html><meta charset="utf-8"><title>floor</title>
<script src="/peerjs.min.js"></script>
<body>
<script>
const server = { host: '127.0.0.1', port: ${port}, path: '/peerjs', key: 'peerjs', secure: false };
const params = new URLSearchParams(location.search);
function show(s, remote) {
  const v = document.createElement('video');
  v.autoplay = true; v.playsInline = true; v.muted = !remote; v.srcObject = s;
  if (remote) v.dataset.remote = '1';
  document.body.append(v);
  v.play().catch(() => {});
}
navigator.mediaDevices
  .getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } } })
  .then((stream) => {
    performance.mark('floor:camera');
    show(stream, false);
    const peer = new Peer(params.get('id'), { ...server, config: { iceServers: [] }, debug: 0 });
    window.peer = peer;
    peer.on('call', (call) => { call.answer(stream); call.on('stream', (s) => show(s, true)); });
    peer.on('open', () => {
      performance.mark('floor:open');
      window.opened = true;
      const other = params.get('call');
      if (other) peer.call(other, stream).on('stream', (s) => show(s, true));
    });
  });
</script>`;
}

async function floorRun(browser: Browser, url: string, listener: string, n: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    await context.addInitScript(FIRST_FRAME);
    const page = await context.newPage();
    const bytes = await countBytes(context, page);
    const navStart = Date.now();
    await page.goto(`${url}?id=floor-guest-${n}-${Date.now().toString(36)}&call=${listener}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as BenchWindow).__bench.frame !== null, null, {
      timeout: RUN_TIMEOUT_MS,
      polling: 20,
    });
    const b = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
    const total = b.frame ?? Number.NaN;
    if (TRACE) {
      const marks = await page.evaluate(() =>
        performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`),
      );
      log(`    floor trace: ${marks.join(', ')}, frame ${ms(total)}`);
    }
    const run = { total, bytes: bytes.done.filter((d) => d.at <= navStart + total + 50).reduce((s, d) => s + d.bytes, 0) };
    await page.evaluate(() => (window as unknown as { peer?: { destroy(): void } }).peer?.destroy());
    await bytes.detach();
    return run;
  } finally {
    await context.close().catch(() => {});
  }
}

// ----------------------------------------------------------------------------------------------------- main

async function createRoomAsReader(stack: Stack): Promise<string> {
  const authHost = stack.env.FIREBASE_AUTH_EMULATOR_HOST ?? '';
  const signUp = await fetch(`http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-host-${Date.now()}@example.test`,
      password: 'bench-password-1',
      returnSecureToken: true,
    }),
  });
  const { idToken } = (await signUp.json()) as { idToken: string };
  const res = await fetch(`${stack.peerUrl}/api/rooms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({}),
  });
  if (!res.ok) throw new Error(`could not create the room: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { room: { code: string } }).room.code;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

async function main() {
  log(`web room bench: invite link opened → first remote frame (page load included), beside the bare PeerJS floor`);
  log(machineLine());
  log(
    `runs: ${RUNS} of each, alternating, after one warm-up run of each; Join pressed by ${PERSON === 'instant' ? 'the instant person (in the page: the name typed the moment the field exists, Join pressed the moment it is enabled)' : 'Playwright (fill, wait until enabled, click)'}`,
  );
  // Every guest of the bench comes from 127.0.0.1: lift the per-address guest limit (issue 15, default 20 an hour).
  process.env.GUEST_ADMISSIONS_PER_IP_HOUR = '100000';
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const stack = await startStack({ mode: 'bench', log, webRoom: true });
    closers.push(stack.stop);
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...PLAIN_ARGS, ...MEDIA_ARGS],
    });
    closers.unshift(() => browser.close());
    const code = await createRoomAsReader(stack);
    const url = `${stack.peerUrl}/r/${code}`;
    // The member the guests meet: a guest of the web room who stays in the call.
    const hostContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const host = await hostContext.newPage();
    host.on('pageerror', (e) => log(`  (host page error: ${e.message})`));
    const page = await host.goto(url);
    if (!page?.ok()) throw new Error(`${url} answered ${page?.status()}: ${await page?.text()}`);
    await host.getByTestId('web-name-input').fill('Host guest');
    await host.getByTestId('join-now').and(host.locator(':enabled')).waitFor({ timeout: RUN_TIMEOUT_MS });
    await host.getByTestId('join-now').click();
    await host.getByTestId('call').waitFor({ timeout: RUN_TIMEOUT_MS });
    // The floor's listener.
    const floorServer = await startFloorServer(floorHtml);
    // After the browser (its PeerJS sockets keep the floor server's close waiting), before the stack.
    closers.splice(1, 0, floorServer.close);
    const listenerId = `floor-host-${Date.now().toString(36)}`;
    const listenerPage = await (await browser.newContext()).newPage();
    await listenerPage.goto(`${floorServer.url}?id=${listenerId}`);
    await listenerPage.waitForFunction(() => (window as unknown as { opened?: boolean }).opened === true, null, {
      timeout: 15_000,
    });

    const web: Run[] = [];
    const floor: Run[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const w = await webRoomRun(browser, url, i);
      await sleep(800);
      const f = await floorRun(browser, floorServer.url, listenerId, i);
      await sleep(800);
      const label = i === 0 ? 'warm-up' : `run ${i}`;
      log(
        `  ${label}: web room ${ms(w.total)} (lobby ${ms(w.nameForm)}, preview ${ms(w.prejoinReady)}, join click ${ms(w.joinClick)}; ${kb(w.bytes)} before the frame, first load ${kb(w.firstLoadBytes ?? 0)}) · floor ${ms(f.total)} (${kb(f.bytes)})`,
      );
      if (i > 0) {
        web.push(w);
        floor.push(f);
      }
    }
    const sw = summarize(web.map((r) => r.total));
    const sf = summarize(floor.map((r) => r.total));
    const phase = (pick: (r: Run) => number | undefined) => summarize(web.map(pick).filter((v): v is number => v !== undefined));
    const bytes = summarize(web.map((r) => r.bytes));
    const firstLoad = summarize(web.map((r) => r.firstLoadBytes ?? 0));
    const floorBytes = summarize(floor.map((r) => r.bytes));
    log('');
    log(
      table(
        ['series', 'n', 'median', 'p95', 'min', 'max'],
        [
          ['web room: link → first remote frame', String(sw.n), ms(sw.median), ms(sw.p95), ms(sw.min), ms(sw.max)],
          ['  lobby painted (name field)', '', ms(phase((r) => r.nameForm).median), ms(phase((r) => r.nameForm).p95), '', ''],
          ['  preview showing', '', ms(phase((r) => r.prejoinReady).median), ms(phase((r) => r.prejoinReady).p95), '', ''],
          ['  join click', '', ms(phase((r) => r.joinClick).median), ms(phase((r) => r.joinClick).p95), '', ''],
          [
            '  join click → first frame',
            '',
            ms(phase((r) => (r.joinClick === undefined ? undefined : r.total - r.joinClick)).median),
            ms(phase((r) => (r.joinClick === undefined ? undefined : r.total - r.joinClick)).p95),
            '',
            '',
          ],
          ['floor: bare PeerJS page → first remote frame', String(sf.n), ms(sf.median), ms(sf.p95), ms(sf.min), ms(sf.max)],
          ['web room bytes before the frame', String(bytes.n), kb(bytes.median), kb(bytes.p95), kb(bytes.min), kb(bytes.max)],
          ['web room first load (lobby)', String(firstLoad.n), kb(firstLoad.median), kb(firstLoad.p95), '', ''],
          ['floor bytes before the frame', String(floorBytes.n), kb(floorBytes.median), kb(floorBytes.p95), '', ''],
        ],
      ),
    );
    const ratio = sw.median / sf.median;
    const met = ratio <= GOAL_RATIO;
    log('');
    log(
      `goal link → first frame ≤ ${GOAL_RATIO}× the floor: ${met ? 'met' : 'NOT met'} (web room median ${ms(sw.median)} vs floor ${ms(sf.median)} = ${ratio.toFixed(2)}×; ${kb(bytes.median)} transferred before the first frame, first load ${kb(firstLoad.median)}; first-load budget 200 KB gz: ${firstLoad.median <= 200 * 1024 ? 'met' : 'NOT met'})`,
    );
  } finally {
    // Each step bounded: a close that never settles must not keep the bench (its browser, emulators and servers) alive.
    for (const close of closers) await Promise.race([close().catch(() => {}), sleep(15_000)]);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
