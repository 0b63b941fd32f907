/**
 * Reading-marathon benchmark (issue 11). `npm run bench:marathon` (= `npx tsx bench/marathon.ts`;
 * BENCH_RUNS=20 clicks by default, BENCH_PARTICIPANTS=1000).
 *
 * Self-contained: the Auth and Firestore emulators on free ports (the project's real rules), the extension
 * built against them, the real peer-server (bench/lib/stack.ts), Debian's Chromium.
 *
 *  1. Leaderboard latency, in the real panels: reader A clicks +10 on a shelf book (a tab of A's panel);
 *     reader B's panel shows the marathon with its live leaderboard (the same watchStrip data path as the
 *     room's strip). Timed from A's click (a capture listener stamps performance.timeOrigin + now) to the
 *     moment B's DOM shows A's new total (a MutationObserver stamps the same clock; both browsers run on
 *     this machine, so the wall clocks agree). Baseline in the same run: a bare Firestore write in one Node
 *     client → a snapshot listener on the same document in another (no extension, no rules on the path
 *     beyond the project's), alternating with the panel runs.
 *  2. Reads to render the strip for a marathon of 1,000 participants, counted the way Firestore bills
 *     them: each document the server delivers to a listener or query (docChanges of snapshots not from the
 *     cache, the server's confirmation of a local write included) + 1 per count() aggregation (up to 1,000
 *     index entries). Two readers: one in the top 10, one ranked ~500th.
 *  3. Reads per +10 log while strips are open: three strips (the logging reader, another top-10 reader,
 *     and the ~500th reader); one +10 by the logging reader; the reads each strip took for it.
 * The last line printed states each goal as met or NOT met, with figures.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initializeTestEnvironment } from '@firebase/rules-unit-testing';
import { deleteApp, initializeApp } from 'firebase/app';
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from 'firebase/auth';
import {
  connectFirestoreEmulator,
  doc,
  type Firestore,
  initializeFirestore,
  memoryLocalCache,
  onSnapshot,
  serverTimestamp,
  setDoc,
  setLogLevel,
  Timestamp,
  terminate,
  writeBatch,
} from 'firebase/firestore';
import { machineLine } from './lib/machine';
import { ROOT, type Stack, startStack } from './lib/stack';
import { ms, summarize, table } from './lib/stats';

setLogLevel('silent');
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 20));
const PARTICIPANTS = Math.max(20, Number(process.env.BENCH_PARTICIPANTS ?? 1000));
const GOAL_P95_MS = 1500;
const GOAL_RENDER_READS = 12;
const PROJECT = 'demo-chaekbang';
const log = (line: string) => console.log(line);
const DAY = 86_400_000;

type NodeReader = { db: Firestore; uid: string; email: string; close(): Promise<void> };

async function nodeReader(name: string): Promise<NodeReader> {
  const app = initializeApp({ apiKey: 'demo-api-key', projectId: PROJECT }, `${name}-${Date.now()}-${Math.random()}`);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}`, { disableWarnings: true });
  const db = initializeFirestore(app, { localCache: memoryLocalCache() });
  const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
  connectFirestoreEmulator(db, host ?? '127.0.0.1', Number(port));
  const email = `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.test`;
  const cred = await createUserWithEmailAndPassword(auth, email, 'correct horse 7');
  return {
    db,
    uid: cred.user.uid,
    email,
    async close() {
      await terminate(db).catch(() => {});
      await deleteApp(app).catch(() => {});
    },
  };
}

// ------------------------------------------------------------------------------ 1. latency in the panels

/** In B's panel: stamp the wall clock when A's row on the leaderboard shows `pages`. */
const WATCH_ROW = `(args) => new Promise((resolve) => {
  const { name, pages } = args;
  const shows = () => [...document.querySelectorAll('[data-testid="marathon-board-row"]')].some((row) => {
    const n = row.querySelector('.marathon-board-name')?.firstChild?.textContent?.trim();
    const p = row.querySelector('.marathon-board-pages')?.textContent ?? '';
    return n === name && p.replace(/[^0-9]/g, '') === String(pages);
  });
  if (shows()) return resolve(performance.timeOrigin + performance.now());
  const obs = new MutationObserver(() => {
    if (shows()) { obs.disconnect(); resolve(performance.timeOrigin + performance.now()); }
  });
  obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  setTimeout(() => { obs.disconnect(); resolve(-1); }, 15000);
})`;

/** In A's shelf tab: stamp the wall clock at the +10 click (capture phase, before the handler runs). */
const STAMP_CLICK = `() => new Promise((resolve) => {
  document.addEventListener('click', () => resolve(performance.timeOrigin + performance.now()), { capture: true, once: true });
  setTimeout(() => resolve(-1), 20000);
})`;

async function panelLatency(stack: Stack): Promise<{ times: number[]; misses: number }> {
  process.env.CHAEKBANG_E2E_EXTENSION_DIR = stack.extensionDir;
  const harness = await import('../e2e/harness');
  const a = await harness.launchReader();
  const b = await harness.launchReader();
  try {
    const alice = harness.newAccount('BenchA');
    const bora = harness.newAccount('BenchB');
    const panelA = await a.openPanel();
    const panelB = await b.openPanel();
    await harness.signUp(panelA, alice);
    await harness.signUp(panelB, bora);
    // A creates a marathon in the panel; B joins with its invite code and keeps its view open.
    await panelA.getByTestId('nav-clubs').click();
    await panelA.getByTestId('marathon-new').click();
    await panelA.fill('[data-testid="marathon-title"]', 'Bench marathon');
    await panelA.fill('[data-testid="marathon-target"]', '100000');
    await panelA.getByTestId('marathon-create').click();
    const invite = panelA.getByTestId('marathon-invite');
    await invite.waitFor({ timeout: 30_000 });
    let code = '';
    for (let i = 0; i < 100 && !/-/.test(code); i++) {
      code = await invite.inputValue();
      if (!/-/.test(code)) await panelA.waitForTimeout(100);
    }
    // The panel shows the code at once (from its local cache); wait until the marathon is on the server.
    const marathonId = code.split('-')[0] ?? '';
    for (let i = 0; i < 300 && !(await harness.readDoc(`marathons/${marathonId}`)); i++) await panelA.waitForTimeout(100);
    await panelB.getByTestId('nav-clubs').click();
    await panelB.fill('[data-testid="marathon-code"]', code);
    await panelB.getByTestId('marathon-join-code').click();
    await panelB
      .getByTestId('marathon-view')
      .waitFor({ timeout: 30_000 })
      .catch(async (err: unknown) => {
        const shown = await panelB
          .locator('[data-testid="marathons-section"]')
          .textContent()
          .catch(() => '');
        throw new Error(`B could not join with "${code}": ${shown}`, { cause: err });
      });
    const shelfA = await a.openPanel();
    const isbn = harness.freshIsbn13();
    await shelfA.getByTestId('nav-shelf').click();
    await shelfA.fill('[data-testid="shelf-add-isbn"]', isbn);
    await shelfA.fill('[data-testid="shelf-add-title"]', 'Bench book');
    await shelfA.getByTestId('shelf-add-submit').click();
    const item = shelfA.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
    await item.waitFor({ timeout: 20_000 });
    const plus = item.getByTestId('shelf-plus10');
    const times: number[] = [];
    let misses = 0;
    for (let run = 0; run <= RUNS; run++) {
      const pages = (run + 1) * 10;
      const seen = panelB.evaluate(`(${WATCH_ROW})(${JSON.stringify({ name: alice.displayName, pages })})`) as Promise<number>;
      const clicked = shelfA.evaluate(`(${STAMP_CLICK})()`) as Promise<number>;
      await plus.click();
      const [t0, t1] = await Promise.all([clicked, seen]);
      if (t1 < 0 || t0 < 0) misses += 1;
      const dt = t1 < 0 || t0 < 0 ? 15000 : t1 - t0;
      const base = await baselineOnce();
      log(
        `  ${run === 0 ? 'warm-up' : `run ${run}`}: panel ${ms(dt)} ms, baseline ${ms(base)} ms${run === 0 ? ' (not counted)' : ''}`,
      );
      if (run > 0) {
        times.push(dt);
        if (base >= 0) baseline.push(base);
      }
      await shelfA.waitForTimeout(300);
    }
    await panelA.close();
    return { times, misses };
  } finally {
    await a.close();
    await b.close();
  }
}

// Baseline: a bare Firestore write in one client → a listener in another, alternating with the panel runs.
const baseline: number[] = [];
let baseWriter: NodeReader | undefined;
/** One listener for the whole series (attached once, like the panel's); each run swaps in its own watcher. */
let baselineWatch: ((bio: unknown) => void) | null = null;
let baselineAttached: Promise<void> | null = null;
async function baselineOnce(): Promise<number> {
  baseWriter ??= await nodeReader('base-w');
  const writer = baseWriter;
  const ref = doc(writer.db, 'users', writer.uid, 'profile', 'details');
  const listenerDb = await baselineListenerDb();
  baselineAttached ??= new Promise<void>((ready) => {
    onSnapshot(doc(listenerDb, 'users', writer.uid, 'profile', 'details'), (snap) => {
      if (snap.metadata.fromCache) return;
      ready();
      baselineWatch?.(snap.data()?.bio);
    });
    setTimeout(ready, 10_000);
  });
  await baselineAttached;
  const value = `bench ${Date.now()} ${Math.random()}`;
  const t0 = performance.now();
  const dt = await new Promise<number>((resolve) => {
    const timer = setTimeout(() => resolve(-1), 15_000);
    baselineWatch = (bio) => {
      if (bio !== value) return;
      clearTimeout(timer);
      resolve(performance.now() - t0);
    };
    setDoc(ref, { bio: value, updatedAt: serverTimestamp() }).catch((err: unknown) => {
      console.error('baseline write refused', err);
      clearTimeout(timer);
      resolve(-1);
    });
  });
  baselineWatch = null;
  return dt;
}
// The listener is a second client signed in as the same reader (profile details are readable by their owner).
let listenerDbCache: Firestore | undefined;
async function baselineListenerDb(): Promise<Firestore> {
  if (listenerDbCache) return listenerDbCache;
  const { signInWithEmailAndPassword } = await import('firebase/auth');
  const email = (baseWriter as NodeReader).email;
  const app = initializeApp({ apiKey: 'demo-api-key', projectId: PROJECT }, `base-l-${Date.now()}`);
  const auth2 = getAuth(app);
  connectAuthEmulator(auth2, `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}`, { disableWarnings: true });
  await signInWithEmailAndPassword(auth2, email, 'correct horse 7');
  const db = initializeFirestore(app, { localCache: memoryLocalCache() });
  const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
  connectFirestoreEmulator(db, host ?? '127.0.0.1', Number(port));
  listenerDbCache = db;
  return db;
}

// ------------------------------------------------------------------------ 2 and 3. reads, 1,000 readers

async function reads(): Promise<{ renderTop: number; renderFar: number; perLog: [number, number, number] }> {
  const { marathonsRepository } = await import('../extension/data/marathons-repository');
  const { watchStrip } = await import('../extension/features/marathons/strip-data');
  const { addToShelf, logPages, shelfRepository } = await import('../extension/data/shelf-repository');
  const { usersRepository } = await import('../extension/data/users-repository');
  const rulesEnv = await initializeTestEnvironment({
    projectId: PROJECT,
    firestore: {
      rules: readFileSync(join(ROOT, 'firebase', 'firestore.rules'), 'utf8'),
      host: '127.0.0.1',
      port: Number((process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':')[1]),
    },
  });
  const owner = await nodeReader('owner');
  const top = await nodeReader('top');
  const other = await nodeReader('other');
  const far = await nodeReader('far');
  try {
    for (const [r, n] of [
      [owner, 'Owner'],
      [top, 'Top'],
      [other, 'Other'],
      [far, 'Far'],
    ] as const)
      await usersRepository(r.db).create(r.uid, n);
    const created = await marathonsRepository(owner.db).create(
      { uid: owner.uid, displayName: 'Owner' },
      {
        title: 'Bench 1000',
        clubId: null,
        startAt: new Date(Date.now() - DAY),
        endAt: new Date(Date.now() + 30 * DAY),
        targetPages: 100_000,
        targetBooks: null,
        book: null,
      },
    );
    await created.synced;
    const id = created.id;
    // 1,000 participants (rules off, as seed data): pages 1…1000 apart from our readers.
    const at = Timestamp.now();
    await rulesEnv.withSecurityRulesDisabled(async (ctx) => {
      const db = ctx.firestore() as unknown as Firestore;
      for (let start = 0; start < PARTICIPANTS; start += 400) {
        const batch = writeBatch(db);
        for (let i = start; i < Math.min(PARTICIPANTS, start + 400); i++) {
          const uid = `seed-${String(i).padStart(4, '0')}`;
          batch.set(doc(db, 'marathons', id, 'participants', uid), {
            uid,
            displayName: `Reader ${i}`,
            pages: i * 2,
            books: 0,
            hidden: i % 50 === 7,
            lastLogId: null,
            joinedAt: at,
            updatedAt: at,
          });
        }
        await batch.commit();
      }
      const seat = (uid: string, name: string, pages: number) =>
        setDoc(doc(db, 'marathons', id, 'participants', uid), {
          uid,
          displayName: name,
          pages,
          books: 0,
          hidden: false,
          lastLogId: null,
          joinedAt: at,
          updatedAt: at,
        });
      await seat(top.uid, 'Top', 5000);
      await seat(other.uid, 'Other', 4000);
      await seat(far.uid, 'Far', 1001);
      for (const r of [top, other, far]) {
        await setDoc(doc(db, 'users', r.uid, 'marathons', id), {
          marathonId: id,
          title: 'Bench 1000',
          clubId: null,
          startAt: Timestamp.fromMillis(Date.now() - DAY),
          endAt: Timestamp.fromMillis(Date.now() + 30 * DAY),
          targetPages: 100_000,
          targetBooks: null,
          bookIsbn: null,
          joinedAt: at,
        });
      }
    });
    type Counter = { docs: number; counts: number };
    const open = (r: NodeReader) =>
      new Promise<{ counter: Counter; stop: () => void; state: () => { rank: number | null; pages: number } }>((resolve) => {
        const counter = { docs: 0, counts: 0 };
        let last = { rank: null as number | null, pages: -1 };
        let done = false;
        const stop = watchStrip(
          r.db,
          id,
          r.uid,
          (s) => {
            last = { rank: s.rank, pages: s.me?.pages ?? -1 };
            if (!done && s.loaded && s.rank !== null) {
              done = true;
              // Let any read still in flight land before reporting.
              setTimeout(() => resolve({ counter, stop, state: () => last }), 1500);
            }
          },
          (err) => console.error(err),
          counter,
        );
      });
    const stripTop = await open(top);
    const stripOther = await open(other);
    const stripFar = await open(far);
    const renderTop = stripTop.counter.docs + stripTop.counter.counts;
    const renderFar = stripFar.counter.docs + stripFar.counter.counts;
    log(
      `  render, reader in the top 10 (#${stripTop.state().rank}): ${stripTop.counter.docs} documents + ${stripTop.counter.counts} count() = ${renderTop} reads`,
    );
    log(
      `  render, reader ranked #${stripFar.state().rank} of ${PARTICIPANTS + 3}: ${stripFar.counter.docs} documents + ${stripFar.counter.counts} count() = ${renderFar} reads`,
    );

    // 3. One +10 by the top reader while the three strips are open.
    const isbn = `97911${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const { completeIsbn13 } = await import('../shared/isbn');
    await (await addToShelf(top.db, top.uid, { isbn13: completeIsbn13(isbn), title: 'Bench', authors: [] }, 'reading')).synced;
    const entry = await new Promise<import('../shared/schemas/shelf-entry').ShelfEntry>((resolve) => {
      const stop = shelfRepository(top.db).watch(
        top.uid,
        (entries) => {
          const e = entries[0];
          if (e) {
            stop();
            resolve(e);
          }
        },
        () => {},
      );
    });
    await new Promise((r) => setTimeout(r, 1500));
    const before = [stripTop, stripOther, stripFar].map((s) => s.counter.docs + s.counter.counts);
    await logPages(top.db, top.uid, entry, 10).synced;
    const t0 = Date.now();
    while (Date.now() - t0 < 10_000 && stripTop.state().pages !== 5010) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 2000));
    const after = [stripTop, stripOther, stripFar].map((s) => s.counter.docs + s.counter.counts);
    const perLog = after.map((x, i) => x - (before[i] ?? 0)) as [number, number, number];
    log(`  one +10 by "Top": strip reads — Top (logging) ${perLog[0]}, Other (top 10) ${perLog[1]}, Far (#~500) ${perLog[2]}`);
    for (const s of [stripTop, stripOther, stripFar]) s.stop();
    return { renderTop, renderFar, perLog };
  } finally {
    for (const r of [owner, top, other, far]) await r.close();
    await rulesEnv.cleanup().catch(() => {});
  }
}

// ------------------------------------------------------------------------------------------------ main

const stack = await startStack({ mode: 'bench-marathon', log });
let exit = 0;
try {
  Object.assign(process.env, stack.env);
  log(machineLine());
  log(`\n1. leaderboard latency: +10 click in panel A → panel B's leaderboard shows it (${RUNS} runs + 1 warm-up)`);
  const { times, misses } = await panelLatency(stack);
  const panel = summarize(times);
  const base = summarize(baseline);
  log(
    table(
      ['path', 'n', 'median ms', 'p95 ms', 'min', 'max'],
      [
        ['panel A +10 → panel B leaderboard', String(panel.n), ms(panel.median), ms(panel.p95), ms(panel.min), ms(panel.max)],
        ['baseline: SDK write → SDK listener', String(base.n), ms(base.median), ms(base.p95), ms(base.min), ms(base.max)],
      ],
    ),
  );
  if (misses > 0) log(`  ${misses} run(s) not seen within 15 s (counted at 15 s)`);
  log(`\n2 and 3. Firestore reads, a marathon of ${PARTICIPANTS} participants (+3 bench readers)`);
  const r = await reads();
  const latencyOk = panel.p95 < GOAL_P95_MS;
  const renderOk = Math.max(r.renderTop, r.renderFar) <= GOAL_RENDER_READS;
  const perLogOk = r.perLog[0] <= 1 && r.perLog[1] <= 1;
  log(
    `\nSUMMARY: leaderboard latency p95 ${ms(panel.p95)} ms (median ${ms(panel.median)}; baseline p95 ${ms(base.p95)}), goal < ${GOAL_P95_MS}: ${latencyOk ? 'met' : 'NOT met'}; ` +
      `strip render reads ${r.renderTop} (top 10) / ${r.renderFar} (#~500), goal ≤ 11 + 1: ${renderOk ? 'met' : 'NOT met'}; ` +
      `reads per +10 log ${r.perLog[0]} (logging panel) / ${r.perLog[1]} (other top-10 panel) / ${r.perLog[2]} (panel of a reader outside the top 10), goal 1 per panel showing a changed row: ${perLogOk ? 'met' : 'NOT met'}`,
  );
} catch (err) {
  console.error(err);
  exit = 1;
} finally {
  await baseWriter?.close();
  await stack.stop();
}
process.exit(exit);
