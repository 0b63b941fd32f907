import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeProblems, freshIsbn13, launchReader, newAccount, type Reader, readDoc, signUp, uidOf } from './harness';
import { peerServer } from './peer-server';

// Reading marathons (issue 11) in the real built extension with the emulators and the real peer-server:
// create with validation messages, join with an invite code, pages logged with +10 on the shelf reach the
// other reader's leaderboard live, an offline +10 syncs after reconnecting; then a club's marathon in the
// club's room, whose strip under the tiles follows the other panel's +10; axe on the marathon views and
// the strip (en + ko), and the README screenshots.

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Put a fresh book on the shelf (Shelf tab) and return its shelf item. */
async function shelve(panel: Page, title: string) {
  const isbn = freshIsbn13();
  await panel.getByTestId('nav-shelf').click();
  await panel.fill('[data-testid="shelf-add-isbn"]', isbn);
  await panel.fill('[data-testid="shelf-add-title"]', title);
  await panel.getByTestId('shelf-add-submit').click();
  const item = panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
  await item.waitFor({ timeout: 20_000 });
  return item;
}

/** What a panel shows (for a failure or a warning that says why). */
const panelText = (panel: Page) =>
  panel.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 300)).catch(() => '?');

/**
 * Reload a panel and open its Clubs tab at the list; when the list does not show, one more reload, said aloud
 * (a safety net from before listen.ts's onSnapshot fixed the "stall": README, "Tests").
 */
async function freshClubsTab(panel: Page) {
  for (let attempt = 1; ; attempt++) {
    await panel.reload();
    await panel.getByTestId('nav-clubs').click();
    const ready = await panel
      .getByTestId('club-create-open')
      .waitFor({ timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    if (ready) return;
    if (attempt >= 2) throw new Error(`the Clubs list never showed (panel shows: ${await panelText(panel)})`);
    console.warn(`[marathons] the reloaded panel stalled (panel shows: ${await panelText(panel)}): reloading once more`);
  }
}

const PROJECT = process.env.CHAEKBANG_PROJECT_ID ?? 'demo-chaekbang';

/** A Firestore value in the REST API's typed form. */
function restValue(v: unknown): Record<string, unknown> {
  if (v === null) return { nullValue: null };
  if (v instanceof Date) return { timestampValue: v.toISOString() };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { booleanValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { integerValue: String(v) } : { doubleValue: v };
  throw new Error(`no REST form for ${String(v)}`);
}

/** Write a document as the emulator's administrator (rules off): setup for a case the UI cannot make (a past marathon). */
async function adminSet(path: string, data: Record<string, unknown>) {
  const res = await fetch(
    `http://${process.env.FIRESTORE_EMULATOR_HOST}/v1/projects/${PROJECT}/databases/(default)/documents/${path}`,
    {
      method: 'PATCH',
      headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
      body: JSON.stringify({ fields: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, restValue(v)])) }),
    },
  );
  if (!res.ok) throw new Error(`admin write ${path}: ${res.status} ${await res.text()}`);
}

/** A datetime-local value two days from now at 19:30, local time. */
function inTwoDays(): string {
  const d = new Date(Date.now() + 2 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T19:30`;
}

/** The names on a leaderboard, in order. */
const boardNames = (panel: Page) =>
  panel
    .locator('[data-testid="marathon-board-row"] .marathon-board-name')
    .evaluateAll((els) => els.map((e) => (e.firstChild?.textContent ?? '').trim()));

describe('reading marathons (Chromium, built extension, emulators)', () => {
  const server = peerServer();
  let a: Reader;
  let b: Reader;
  // Shared by the two tests (one run of two readers).
  const alice = newAccount('Marathoner');
  const bora = newAccount('Bora');
  let panelA: Page;
  let panelB: Page;
  let shelfA: Page;
  let shelfB: Page;
  let isbnA = '';
  let isbnB = '';
  beforeAll(async () => {
    await server.start();
    a = await launchReader();
    b = await launchReader({ lang: 'ko' });
  });
  afterAll(async () => {
    await a?.context.setOffline(false).catch(() => {});
    await a?.close();
    await b?.close();
    await server.stop();
  });

  it('create (with validation), join by code, +10 on the shelf moves the other panel’s leaderboard, offline log syncs', async () => {
    panelA = await a.openPanel();
    panelB = await b.openPanel();
    await signUp(panelA, alice);
    await signUp(panelB, bora);
    const uidA = await uidOf(alice.email);

    // ---- create, with the bad-input messages first
    await panelA.getByTestId('nav-clubs').click();
    await panelA.getByTestId('marathons-section').waitFor();
    await panelA.getByTestId('marathon-new').click();
    await panelA.fill('[data-testid="marathon-title"]', '12월 독서마라톤');
    await panelA.fill('[data-testid="marathon-start"]', '2030-05-10');
    await panelA.fill('[data-testid="marathon-end"]', '2030-05-01');
    await panelA.getByTestId('marathon-create').click();
    await expect.poll(() => panelA.getByTestId('error').textContent()).toMatch(/end date must be after the start/);
    const today = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    await panelA.fill('[data-testid="marathon-start"]', day(today));
    await panelA.fill('[data-testid="marathon-end"]', day(new Date(today.getTime() + 13 * 86_400_000)));
    await panelA.fill('[data-testid="marathon-target"]', '0');
    await panelA.getByTestId('marathon-create').click();
    await expect.poll(() => panelA.getByTestId('error').textContent()).toMatch(/Target pages: a whole number from 1 to 100,000/);
    expect(await axeProblems(panelA, { include: '[data-testid="marathons-section"]' })).toEqual([]);
    await panelA.fill('[data-testid="marathon-target"]', '300');
    await panelA.getByTestId('marathon-create').click();
    await panelA.getByTestId('marathon-view').waitFor({ timeout: 20_000 });
    let invite = panelA.getByTestId('marathon-invite');
    if (
      !(await invite.waitFor({ timeout: 15_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      // Safety net, said aloud: the invite now comes from the creator's cache at once (it used to be asked of the
      // server, which refused it while the creating batch was still on its way: extension/data/listen.ts). One
      // reload; the marathon's batch waits in the persistent cache and syncs after it.
      console.log("[marathons] A's invite did not show in 15 s: one reload");
      await panelA.reload();
      await panelA.getByTestId('nav-clubs').click();
      await panelA.locator('[data-testid="marathon-card"] button').first().click({ timeout: 20_000 });
      invite = panelA.getByTestId('marathon-invite');
    }
    await expect.poll(() => invite.inputValue(), { timeout: 15_000 }).toMatch(/^[A-Za-z0-9]{20}-[2-9A-Z]{8}$/);
    const code = await invite.inputValue();
    const marathonId = code.split('-')[0] as string;
    // The panel shows the code at once (its local cache); a friend joins once it has reached the server.
    await expect.poll(() => readDoc(`marathons/${marathonId}`), { timeout: 20_000 }).not.toBeNull();

    // ---- a wrong code is refused with a clear message; the right one joins (Korean panel)
    await panelB.getByTestId('nav-clubs').click();
    await panelB.fill('[data-testid="marathon-code"]', `${marathonId}-ZZZZ2222`);
    await panelB.getByTestId('marathon-join-code').click();
    await expect
      .poll(() => panelB.getByTestId('error').textContent(), { timeout: 15_000 })
      .toMatch(/초대 코드로는 참여할 수 없습니다/);
    await panelB.fill('[data-testid="marathon-code"]', code);
    await panelB.getByTestId('marathon-join-code').click();
    await panelB.getByTestId('marathon-view').waitFor({ timeout: 20_000 });
    await expect.poll(() => boardNames(panelB).then((n) => n.length), { timeout: 15_000 }).toBe(2);

    // ---- each logs pages with +10 on the shelf (a second tab of the same panel); the other sees the order
    shelfA = await a.openPanel();
    shelfB = await b.openPanel();
    const itemA = await shelve(shelfA, '마라톤 A의 책');
    const itemB = await shelve(shelfB, '마라톤 B의 책');
    isbnA = (await itemA.getAttribute('data-isbn')) ?? '';
    isbnB = (await itemB.getAttribute('data-isbn')) ?? '';
    await itemA.getByTestId('shelf-plus10').click();
    await expect.poll(() => boardNames(panelB), { timeout: 15_000 }).toEqual([alice.displayName, bora.displayName]);
    await itemB.getByTestId('shelf-plus10').click();
    await itemB.getByTestId('shelf-plus10').click();
    await expect
      .poll(() => boardNames(panelA), { timeout: 15_000 })
      .toEqual([bora.displayName, alice.displayName])
      .catch(async (err) => {
        // Say where B's pages stopped: B's leaderboard row and shelf entry on the server, and what each panel shows.
        const uidB = await uidOf(bora.email);
        const row = await readDoc(`marathons/${marathonId}/participants/${uidB}`);
        const entry = await readDoc(`users/${uidB}/shelf/${isbnB}`);
        throw new Error(
          `${err}\nB's row on the server: ${JSON.stringify(row)}\nB's shelf entry on the server: currentPage ${entry?.currentPage}` +
            `\nB's shelf tab shows: ${await panelText(shelfB)}\nA's panel shows: ${await panelText(panelA)}`,
        );
      });
    await expect.poll(() => panelB.getByTestId('marathon-pages').textContent(), { timeout: 15_000 }).toContain('300쪽 중 20쪽');
    await expect.poll(() => panelA.getByTestId('marathon-pace').textContent()).toMatch(/\d+ pages a day to finish/);
    await panelA.getByTestId('marathon-history').waitFor();

    // ---- offline: A logs +10 twice, sees it at once; B sees it only after A reconnects
    await shelfA.waitForTimeout(1000);
    await a.context.setOffline(true);
    await itemA.getByTestId('shelf-plus10').click();
    await itemA.getByTestId('shelf-plus10').click();
    await expect.poll(() => panelA.getByTestId('marathon-pages').textContent(), { timeout: 15_000 }).toContain('30 of 300');
    expect(await boardNames(panelB)).toEqual([bora.displayName, alice.displayName]);
    await a.context.setOffline(false);
    await expect.poll(() => boardNames(panelB), { timeout: 30_000 }).toEqual([alice.displayName, bora.displayName]);
    await expect
      .poll(async () => (await readDoc(`marathons/${marathonId}/participants/${uidA}`))?.pages, { timeout: 15_000 })
      .toBe(30);

    // ---- accessibility of the marathon views, and the README screenshot
    expect(await axeProblems(panelA, { include: '[data-testid="marathons-section"]' })).toEqual([]);
    expect(await axeProblems(panelB, { include: '[data-testid="marathons-section"]' })).toEqual([]);
    await panelA.locator('[data-testid="marathons-section"]').screenshot({ path: join(SCREENSHOTS, 'marathon-view.png') });
    await panelB.locator('[data-testid="marathons-section"]').screenshot({ path: join(SCREENSHOTS, 'marathon-view-ko.png') });

    // ---- the list and the past-marathons block on the profile
    await panelA.getByTestId('marathon-back').click();
    await panelA.locator(`[data-testid="marathon-card"][data-marathon="${marathonId}"]`).waitFor();
    expect(await axeProblems(panelA, { include: '[data-testid="marathons-section"]' })).toEqual([]);
    await panelA.getByTestId('nav-profile').click();
    await panelA.getByTestId('past-marathons').waitFor();
  });

  it("a club's marathon in the club's room: the strip under the tiles follows the other panel's +10", async () => {
    const uidA = await uidOf(alice.email);
    const uidB = await uidOf(bora.email);
    const stripOrder = (panel: Page) =>
      panel.locator('[data-testid="marathon-strip-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-uid')));
    // Both panels start from a fresh load, so that a retry of this test (vitest `retry: 1`) starts from the Clubs
    // list too, not from wherever the failed attempt left them.
    await Promise.all([freshClubsTab(panelA), freshClubsTab(panelB)]);
    // A founds a club; B joins it with its code (D's clubs view).
    await panelA.getByTestId('club-create-open').click();
    await panelA.fill('input[name="clubName"]', `마라톤 모임 ${Date.now().toString(36)}`);
    await panelA.getByTestId('club-create').click();
    await panelA.getByTestId('club-page').waitFor({ timeout: 20_000 });
    const invite = panelA.getByTestId('club-invite-code');
    await invite.waitFor({ timeout: 20_000 });
    const clubCode = (await invite.getAttribute('data-code')) ?? '';
    await panelB.fill('input[name="clubCode"]', clubCode);
    await panelB.getByTestId('club-join').click();
    await panelB.getByTestId('club-page').waitFor({ timeout: 20_000 });
    // A schedules the next meeting: the club's room shows it under the tiles (issue 11: "next meeting" in the room).
    await panelA.getByTestId('club-meeting-add').click();
    await panelA.fill('input[name="meetingAt"]', inTwoDays());
    await panelA.fill('input[name="meetingNote"]', '4–6장');
    await panelA.fill('input[name="meetingFrom"]', '81');
    await panelA.fill('input[name="meetingTo"]', '160');
    await panelA.getByTestId('club-meeting-save').click();
    await panelB.getByTestId('next-meeting').filter({ hasText: '4–6장' }).waitFor({ timeout: 20_000 });

    // A (the host) starts a club marathon from the club page.
    await panelA.getByTestId('club-marathon-new').click();
    await panelA.fill('[data-testid="marathon-title"]', '모임 마라톤');
    await panelA.fill('[data-testid="marathon-target"]', '500');
    await panelA.getByTestId('marathon-create').click();
    const view = panelA.locator('[data-testid="club-marathons"] [data-testid="marathon-view"]');
    if (
      !(await view.waitFor({ timeout: 15_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      // A safety net from before listen.ts's onSnapshot fixed the "stall" (README, "Tests"): the batch waits in the
      // persistent cache. One reload, said aloud, then open the club's marathon from the club page.
      console.warn(`[marathons] the club marathon did not open in 15 s (panel shows: ${await panelText(panelA)}): one reload`);
      await freshClubsTab(panelA);
      await panelA.locator('[data-testid="club-item"] .club-open').first().click({ timeout: 20_000 });
      await panelA.locator('[data-testid="club-marathon"] .marathon-card-open').first().click({ timeout: 20_000 });
      await view.waitFor({ timeout: 20_000 });
    }
    const marathonId = (await view.getAttribute('data-marathon')) ?? '';
    await expect.poll(() => readDoc(`marathons/${marathonId}`), { timeout: 20_000 }).not.toBeNull();

    // Both go into the club's room (one click each); B joins the marathon from the strip under the tiles.
    for (const p of [panelA, panelB]) {
      await p.getByTestId('club-join-room').click();
      await p.getByTestId('join-now').click({ timeout: 20_000 });
      await p.getByTestId('call').waitFor({ timeout: 20_000 });
    }
    for (const p of [panelA, panelB]) {
      await p.locator(`[data-testid="marathon-strip"][data-marathon="${marathonId}"]`).waitFor({ timeout: 20_000 });
      // The club's next meeting under the tiles, with what to read, at its time in the reader's zone.
      const next = p.locator('[data-testid="room-club"] [data-testid="next-meeting"]').filter({ hasText: '4–6장' });
      await next.waitFor({ timeout: 20_000 });
      expect(await next.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    await panelB.getByTestId('marathon-strip-join').click();
    await expect.poll(() => stripOrder(panelA).then((o) => o.length), { timeout: 20_000 }).toBe(2);

    // B reads 10 pages: A's strip puts B first; A reads 20: B's strip puts A first.
    const plus = (panel: Page, isbn: string) =>
      panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`).getByTestId('shelf-plus10').click();
    await plus(shelfB, isbnB);
    await expect.poll(() => stripOrder(panelA), { timeout: 15_000 }).toEqual([uidB, uidA]);
    await plus(shelfA, isbnA);
    await plus(shelfA, isbnA);
    await expect.poll(() => stripOrder(panelB), { timeout: 15_000 }).toEqual([uidA, uidB]);
    await expect.poll(() => stripOrder(panelA), { timeout: 15_000 }).toEqual([uidA, uidB]);

    expect(await axeProblems(panelA, { include: '[data-testid="marathon-strip"]' })).toEqual([]);
    expect(await axeProblems(panelB, { include: '[data-testid="marathon-strip"]' })).toEqual([]);
    await panelA.screenshot({ path: join(SCREENSHOTS, 'marathon-room-strip.png') });
    await panelB.locator('[data-testid="marathon-strip"]').screenshot({ path: join(SCREENSHOTS, 'marathon-strip-ko.png') });
  });

  it('ended marathons: the profile lists them, completed or not, and a completed one earns the marathon badge', async () => {
    const uidA = await uidOf(alice.email);
    const day = 86_400_000;
    const startAt = new Date(Date.now() - 12 * day);
    const endAt = new Date(Date.now() - 2 * day);
    // Two marathons of A's that ended two days ago (the UI cannot make a past one): target 100 pages; A read 120 in
    // the first (completed) and 30 in the second (not completed). Written as the app writes them, rules off.
    const stamp = Date.now().toString(36);
    const past = [
      { id: `pastDone${stamp}`, title: `지난 마라톤 완주 ${stamp}`, pages: 120 },
      { id: `pastMiss${stamp}`, title: `지난 마라톤 미완 ${stamp}`, pages: 30 },
    ];
    for (const m of past) {
      const common = { title: m.title, clubId: null, startAt, endAt, targetPages: 100, targetBooks: null };
      await adminSet(`marathons/${m.id}`, { ...common, ownerUid: uidA, book: null, createdAt: startAt });
      await adminSet(`marathons/${m.id}/participants/${uidA}`, {
        uid: uidA,
        displayName: alice.displayName,
        pages: m.pages,
        books: 0,
        hidden: false,
        lastLogId: null,
        joinedAt: startAt,
        updatedAt: endAt,
      });
      await adminSet(`users/${uidA}/marathons/${m.id}`, { ...common, marathonId: m.id, bookIsbn: null, joinedAt: startAt });
    }
    await panelA.getByTestId('nav-profile').click();
    const row = (title: string) => panelA.getByTestId('past-marathon').filter({ hasText: title });
    await row(past[0]!.title).waitFor({ timeout: 30_000 });
    await row(past[1]!.title).waitFor({ timeout: 30_000 });
    expect(await row(past[0]!.title).getAttribute('data-completed')).toBe('true');
    expect(await row(past[1]!.title).getAttribute('data-completed')).toBe('false');
    expect(await row(past[0]!.title).textContent()).toContain('120 of 100');
    // The running marathons of the tests above are not past ones.
    expect(await panelA.getByTestId('past-marathon').count()).toBe(2);
    // One completed marathon: the first marathon badge (shared/levels.ts), not the one for three.
    const badges = panelA.getByTestId('profile-badges');
    await expect
      .poll(() => badges.locator('[data-badge="marathon-1"]').getAttribute('data-earned'), { timeout: 30_000 })
      .toBe('true');
    expect(await badges.locator('[data-badge="marathon-3"]').getAttribute('data-earned')).toBe('false');
    expect(await axeProblems(panelA, { include: '[data-testid="past-marathons"]' })).toEqual([]);
  });
});
