import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchReader, newAccount, type Reader, signUp } from './harness';
import { peerServer } from './peer-server';

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Won amounts shown on the results of a list ("₩12,600" → 12600). */
async function prices(list: ReturnType<Page['getByTestId']>): Promise<number[]> {
  return (await list.getByTestId('catalog-price').allTextContents()).map((p) => Number(p.replace(/\D/g, '')));
}

describe('Discover renders from the fake upstream', () => {
  const server = peerServer();
  let reader: Reader;
  let panel: Page;

  beforeAll(async () => {
    await server.start();
    reader = await launchReader();
    panel = await reader.openPanel();
    await signUp(panel, newAccount('Eun'));
    // Interests: history and science, picked in the profile editor as a reader does.
    await panel.getByTestId('profile-edit').click();
    await panel.getByTestId('profile-editor').waitFor();
    await panel.locator('[data-interest="history"]').click();
    await panel.locator('[data-interest="science"]').click();
    await panel.getByTestId('profile-save').click();
    await panel.getByTestId('profile-interests').waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await reader?.close();
    await server.stop();
  });

  it('For you: bestsellers in my interest categories, switchable by category, with the source named', async () => {
    await panel.getByTestId('nav-discover').click();
    const list = panel.getByTestId('discover-bestsellers');
    await list.getByTestId('catalog-result-title').first().waitFor({ timeout: 20_000 });
    const chips = await panel
      .getByTestId('category-chips')
      .locator('button')
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-category')));
    expect(chips).toEqual(['history', 'science']);
    await expect.poll(() => list.getByTestId('catalog-result-title').allTextContents()).toContain('테스트 역사 1권');
    await expect.poll(() => list.getByTestId('catalog-sources').textContent()).toContain('YES24');
    await panel.getByTestId('category-chips').locator('[data-category="science"]').click();
    await expect
      .poll(() => list.getByTestId('catalog-result-title').allTextContents(), { timeout: 20_000 })
      .toContain('테스트 과학 1권');
    await panel.getByTestId('category-chips').locator('[data-category="history"]').click();
    await expect
      .poll(() => list.getByTestId('catalog-result-title').allTextContents(), { timeout: 20_000 })
      .toContain('테스트 역사 1권');
    await panel.screenshot({ path: join(SCREENSHOTS, 'discover.png') });
  });

  it('New books: lowest price first, and only under the price limit', async () => {
    await panel.getByTestId('discover-tab-new').click();
    const list = panel.getByTestId('discover-new');
    await list.getByTestId('catalog-result').first().waitFor({ timeout: 20_000 });
    await panel.getByTestId('new-order').selectOption('price-asc');
    await expect
      .poll(
        async () => {
          const p = await prices(list);
          return p.length > 1 && p.every((v, i) => i === 0 || (p[i - 1] ?? 0) <= v);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await panel.getByTestId('new-max-price').fill('15,000');
    await expect
      .poll(
        async () => {
          const p = await prices(list);
          return p.length > 0 && p.every((v) => v <= 15_000);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    expect(await list.getByTestId('catalog-result-title').allTextContents()).toEqual(['테스트 역사 1권']);
    // A limit nobody can meet: the empty state says why.
    await panel.getByTestId('new-max-price').fill('1000');
    await list.getByTestId('catalog-empty').waitFor({ timeout: 20_000 });
    await panel.getByTestId('new-max-price').fill('');
  });

  it('Popular in our clubs: a book shelved by a reader of our clubs, with its score', async () => {
    // Shelve one of the new books first: the club counts follow shelf entries.
    await panel.getByTestId('discover-tab-for-you').click();
    const first = panel.getByTestId('discover-bestsellers').getByTestId('catalog-result').first();
    await first.waitFor({ timeout: 20_000 });
    const title = await first.getByTestId('catalog-result-title').textContent();
    await first.getByTestId('catalog-shelf').click();
    await first
      .getByTestId('catalog-shelf')
      .filter({ hasText: /Added to your shelf|Already on your shelf/ })
      .waitFor({ timeout: 15_000 });

    await panel.getByTestId('discover-tab-popular').click();
    const list = panel.getByTestId('discover-popular');
    const entry = list.getByTestId('catalog-result').filter({ hasText: title ?? '' });
    // Library loans fill the list too (score 0): the club's entry is the one with points.
    await expect
      .poll(
        async () => {
          // Switch windows to ask again until the server's counts have the new entry.
          await panel.getByTestId('popular-30d').click();
          await panel.getByTestId('popular-7d').click();
          await list.and(panel.locator('[data-state="ready"], [data-state="error"]')).waitFor({ timeout: 10_000 });
          return (await entry.count()) > 0 ? entry.first().getByTestId('popular-score').textContent() : null;
        },
        { timeout: 40_000, interval: 1000 },
      )
      .toMatch(/^\d+ points in our clubs$/);
    await expect.poll(() => list.getByTestId('catalog-sources').textContent()).toContain('책방 독자들의 서재');
  });
});
