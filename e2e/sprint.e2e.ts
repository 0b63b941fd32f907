import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeProblems,
  createRoom,
  freshIsbn13,
  joinRoom,
  launchReader,
  newAccount,
  type Reader,
  readDoc,
  signUp,
  uidOf,
} from './harness';
import { peerServer } from './peer-server';

// A reading sprint between two readers in one room, one of whom has a clock 7 minutes slow. The server runs
// with the test-only SPRINT_MINUTE_MS=2000 (refused in production), so the shortest sprint the UI offers
// (10 minutes) lasts 20 s. Both countdowns must end within 1 s of each other: each panel records the instant
// its countdown reached zero (performance.timeOrigin + performance.now(), which the skew does not touch).
const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

const SKEW_MS = -7 * 60_000;
const started = Date.now();
/** Where the spec is, with the seconds since it started (the machine is shared: this shows where time goes). */
const step = (what: string) => console.log(`[sprint] ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
const SPRINT_MS = 10 * 2000;

/** Shelve a fresh book the reader is reading: add by ISBN, give it 300 pages, +10 (it starts reading at p. 10). */
async function startReading(panel: Page, title: string): Promise<string> {
  const isbn = freshIsbn13();
  await panel.getByTestId('nav-shelf').click();
  await panel.fill('[data-testid="shelf-add-isbn"]', isbn);
  await panel.fill('[data-testid="shelf-add-title"]', title);
  await panel.getByTestId('shelf-add-submit').click();
  const item = panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
  await item.waitFor();
  await item.getByTestId('shelf-details').click();
  await item.getByTestId('shelf-total-input').fill('300');
  await item.getByTestId('shelf-total-input').press('Enter');
  await item.getByTestId('shelf-progress').filter({ hasText: /300/ }).waitFor({ timeout: 10_000 });
  await item.getByTestId('shelf-plus10').click();
  await item
    .getByTestId('shelf-progress')
    .filter({ hasText: /p\. 10 / })
    .waitFor({ timeout: 10_000 });
  return isbn;
}

/**
 * The host starts a personal marathon through the marathons view: the sprint's page then also lands in the
 * marathon (through the shelf batch) and the host pins it to the room. Returns the marathon's id (the issue's
 * "the entered pages land in the marathon" is asserted on it, so a missing view fails the test, never skips).
 */
async function startMarathon(panel: Page): Promise<string> {
  await panel.getByTestId('nav-clubs').click();
  const create = panel.getByTestId('marathon-new');
  await create.click({ timeout: 20_000 });
  await panel.getByTestId('marathon-title').fill('스프린트 마라톤');
  await panel.getByTestId('marathon-create').click();
  const view = panel.getByTestId('marathon-view');
  await view.waitFor({ timeout: 20_000 });
  const id = await view.getAttribute('data-marathon');
  if (!id) throw new Error('the marathon view has no data-marathon id');
  // The pin and the participant check below ask the server: wait until the creating batch has reached it (a plain
  // loop: this runs in beforeAll, where expect.poll is not available).
  for (const until = Date.now() + 20_000; !(await readDoc(`marathons/${id}`)); ) {
    if (Date.now() > until) throw new Error(`marathon ${id} never reached the server`);
    await panel.waitForTimeout(500);
  }
  return id;
}

describe('reading sprint: two panels, one clock 7 minutes off, one countdown (Chromium + real peer-server)', () => {
  const server = peerServer(undefined, { env: { SPRINT_MINUTE_MS: '2000' } });
  const readers: Reader[] = [];
  let host: Page;
  let guest: Page;
  const hostAccount = newAccount('Sprinter');
  const guestAccount = newAccount('Skewed');
  let hostIsbn = '';
  let guestIsbn = '';
  let marathonId = '';

  beforeAll(async () => {
    await server.start();
    const a = await launchReader();
    const b = await launchReader();
    readers.push(a, b);
    // The guest's machine clock runs 7 minutes slow: Date.now() in every page of that browser.
    await b.context.addInitScript((skew: number) => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + skew;
    }, SKEW_MS);
    host = await a.openPanel();
    guest = await b.openPanel();
    for (const [who, p] of [
      ['host', host],
      ['guest', guest],
    ] as const) {
      p.on('console', (m) => {
        if (m.type() === 'error' || /Firestore|FirebaseError|refused/.test(m.text()))
          console.log(`[${who} console] ${m.text().slice(0, 300)}`);
      });
    }
    await signUp(host, hostAccount);
    await signUp(guest, guestAccount);
    hostIsbn = await startReading(host, '스프린트로 읽는 책');
    guestIsbn = await startReading(guest, '느린 시계로 읽는 책');
    step('both readers are reading a book');
    marathonId = await startMarathon(host);
    step(`marathon ${marathonId}`);
  });
  afterAll(async () => {
    for (const r of readers) await r.close();
    await server.stop();
  });

  it('the guest’s clock really is 7 minutes off', async () => {
    const skew = (await guest.evaluate(() => Date.now())) - Date.now();
    expect(Math.abs(skew - SKEW_MS)).toBeLessThan(5000);
  });

  it('the host starts a sprint; both countdowns end within 1 s of each other; pages go to the shelf; results in both chats', {
    timeout: 240_000,
  }, async () => {
    const code = await createRoom(host);
    await joinRoom(guest, code);
    for (const p of [host, guest]) await p.locator('[data-testid="remote-tile"]').first().waitFor({ timeout: 20_000 });
    step(`both in room ${code}`);

    // The host shows the marathon in the room: both panels learn of the pin at once (a peer hint + the server).
    await host.getByTestId('nav-clubs').click();
    await host.locator(`[data-testid="marathon-card"][data-marathon="${marathonId}"] button`).first().click();
    await host.getByTestId('marathon-pin').click();
    await host.getByTestId('nav-room').click();
    for (const p of [host, guest]) {
      await p.locator(`[data-testid="room-club"][data-pinned="${marathonId}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    }

    // Only the host is offered the sprint (a button among the call's controls); the guest sees nothing until one runs.
    await host.getByTestId('sprint-open').click({ timeout: 20_000 });
    expect(await axeProblems(host, { include: '[data-testid="sprint"]' })).toEqual([]);
    expect(await guest.getByTestId('sprint-open').count()).toBe(0);
    expect(await guest.getByTestId('sprint').count()).toBe(0);
    await host.selectOption('select[name="sprintMinutes"]', '10');
    await host.getByTestId('sprint-start').click();
    step('sprint started');

    // Both panels count down from (at most) the sprint's length — the guest's 7-minute-slow clock would show 7:20.
    for (const p of [host, guest]) {
      await p.getByTestId('sprint-countdown').waitFor({ timeout: 10_000 });
      const [m, s] = ((await p.getByTestId('sprint-countdown').textContent()) ?? '').split(':').map(Number);
      expect((m ?? 99) * 60 + (s ?? 99)).toBeLessThanOrEqual(SPRINT_MS / 1000);
    }
    expect(await guest.getByTestId('sprint-cancel').count()).toBe(0);
    expect(await axeProblems(host, { include: '[data-testid="sprint"]' })).toEqual([]);
    await host.screenshot({ path: join(SCREENSHOTS, 'room-sprint-running.png') });

    const ended = await Promise.all(
      [host, guest].map(async (p) => {
        const el = p.locator('[data-testid="sprint"][data-ended-at]');
        await el.waitFor({ timeout: SPRINT_MS + 20_000 });
        return Number(await el.getAttribute('data-ended-at'));
      }),
    );
    console.log(
      `[sprint] countdown ends: host ${ended[0]}, guest ${ended[1]}, apart ${Math.abs(ended[0]! - ended[1]!).toFixed(1)} ms`,
    );
    expect(Math.abs(ended[0]! - ended[1]!)).toBeLessThan(1000);
    step('sprint ended');

    // Each reader enters the page reached in the book they are reading (the default: their most recent).
    for (const p of [host, guest]) await p.getByTestId('sprint-entry').waitFor();
    expect(await axeProblems(guest, { include: '[data-testid="sprint"]' })).toEqual([]);
    // A page before where the reader already was is refused with a clear message.
    await guest.fill('input[name="sprintPage"]', '5');
    await guest.getByTestId('sprint-save').click();
    await expect(guest.locator('[data-testid="sprint-entry"] [data-testid="error"]').textContent()).resolves.toMatch(/page 10/);
    await host.fill('input[name="sprintPage"]', '42');
    await host.getByTestId('sprint-save').click();
    await guest.fill('input[name="sprintPage"]', '25');
    await guest.getByTestId('sprint-save').click();

    // The results card in both chats: who read how many pages, most first.
    for (const p of [host, guest]) {
      const rows = p.locator('[data-testid="sprint-results"] [data-testid="sprint-result-row"]');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
      const pages = await rows.getByTestId('sprint-result-pages').allTextContents();
      expect(pages.map((t) => Number(t.replace(/\D/g, '')))).toEqual([32, 15]);
      // Reported: the sprint area has gone again, the card says the rest.
      await p.getByTestId('sprint').waitFor({ state: 'detached' });
    }
    step('results in both chats');
    expect(await axeProblems(host, { include: '.chat' })).toEqual([]);
    await host.screenshot({ path: join(SCREENSHOTS, 'room-sprint-results.png') });

    // The pages are on each reader's shelf (and from there in any running marathon).
    const [hostUid, guestUid] = await Promise.all([uidOf(hostAccount.email), uidOf(guestAccount.email)]);
    await expect
      .poll(async () => (await readDoc(`users/${hostUid}/shelf/${hostIsbn}`))?.currentPage, { timeout: 10_000 })
      .toBe(42);
    await expect
      .poll(async () => (await readDoc(`users/${guestUid}/shelf/${guestIsbn}`))?.currentPage, { timeout: 10_000 })
      .toBe(25);
    step('pages on both shelves');
    // …and in the host's marathon, through the shelf batch: the sprint's 32 (the first 10 came before it).
    await expect
      .poll(async () => (await readDoc(`marathons/${marathonId}/participants/${hostUid}`))?.pages, { timeout: 10_000 })
      .toBe(32);
    // The pinned marathon's strip in the room shows it too (the host's row: 32 pages).
    const strip = host.locator('[data-testid="room-club"] [data-testid="marathon-strip"]');
    await strip.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => strip.locator(`[data-testid="marathon-strip-row"][data-uid="${hostUid}"] .muted`).textContent(), {
        timeout: 10_000,
      })
      .toBe('32');
    await host.locator('[data-testid="room-club"]').screenshot({ path: join(SCREENSHOTS, 'room-marathon-strip.png') });
  });

  it('the host can cancel a running sprint, and the guest hears of it', async () => {
    await host.getByTestId('sprint-open').click();
    await host.getByTestId('sprint-start').click();
    await guest.getByTestId('sprint-countdown').waitFor({ timeout: 10_000 });
    await host.getByTestId('sprint-cancel').click();
    for (const p of [host, guest]) await p.getByTestId('sprint-cancelled').waitFor({ timeout: 10_000 });
    expect(await guest.getByTestId('sprint-countdown').count()).toBe(0);
  });
});
