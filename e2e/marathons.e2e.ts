import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshIsbn13, launchReader, newAccount, type Reader, readDoc, signUp, uidOf } from './harness';

// Reading marathons (issue 11) in the real built extension with the emulators: create with validation
// messages, join with an invite code, pages logged with +10 on the shelf reach the other reader's
// leaderboard live, an offline +10 syncs after reconnecting, axe on the marathon views (en + ko), and the
// README screenshots.

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

async function axeProblems(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

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

/** The names on a leaderboard, in order. */
const boardNames = (panel: Page) =>
  panel
    .locator('[data-testid="marathon-board-row"] .marathon-board-name')
    .evaluateAll((els) => els.map((e) => (e.firstChild?.textContent ?? '').trim()));

describe('reading marathons (Chromium, built extension, emulators)', () => {
  let a: Reader;
  let b: Reader;
  beforeAll(async () => {
    a = await launchReader();
    b = await launchReader({ lang: 'ko' });
  });
  afterAll(async () => {
    await a?.context.setOffline(false).catch(() => {});
    await a?.close();
    await b?.close();
  });

  it('create (with validation), join by code, +10 on the shelf moves the other panel’s leaderboard, offline log syncs', async () => {
    const alice = newAccount('Marathoner');
    const bora = newAccount('Bora');
    const panelA = await a.openPanel();
    const panelB = await b.openPanel();
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
    expect(await axeProblems(panelA, '[data-testid="marathons-section"]')).toEqual([]);
    await panelA.fill('[data-testid="marathon-target"]', '300');
    await panelA.getByTestId('marathon-create').click();
    await panelA.getByTestId('marathon-view').waitFor({ timeout: 20_000 });
    const invite = panelA.getByTestId('marathon-invite');
    await expect.poll(() => invite.inputValue(), { timeout: 15_000 }).toMatch(/^[A-Za-z0-9]{20}-[2-9A-Z]{8}$/);
    const code = await invite.inputValue();
    const marathonId = code.split('-')[0] as string;

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
    const shelfA = await a.openPanel();
    const shelfB = await b.openPanel();
    const itemA = await shelve(shelfA, '마라톤 A의 책');
    const itemB = await shelve(shelfB, '마라톤 B의 책');
    await itemA.getByTestId('shelf-plus10').click();
    await expect.poll(() => boardNames(panelB), { timeout: 15_000 }).toEqual([alice.displayName, bora.displayName]);
    await itemB.getByTestId('shelf-plus10').click();
    await itemB.getByTestId('shelf-plus10').click();
    await expect.poll(() => boardNames(panelA), { timeout: 15_000 }).toEqual([bora.displayName, alice.displayName]);
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
    expect(await axeProblems(panelA, '[data-testid="marathons-section"]')).toEqual([]);
    expect(await axeProblems(panelB, '[data-testid="marathons-section"]')).toEqual([]);
    await panelA.locator('[data-testid="marathons-section"]').screenshot({ path: join(SCREENSHOTS, 'marathon-view.png') });
    await panelB.locator('[data-testid="marathons-section"]').screenshot({ path: join(SCREENSHOTS, 'marathon-view-ko.png') });

    // ---- the list and the past-marathons block on the profile
    await panelA.getByTestId('marathon-back').click();
    await panelA.locator(`[data-testid="marathon-card"][data-marathon="${marathonId}"]`).waitFor();
    expect(await axeProblems(panelA, '[data-testid="marathons-section"]')).toEqual([]);
    await panelA.getByTestId('nav-profile').click();
    await panelA.getByTestId('past-marathons').waitFor();
  });
});
