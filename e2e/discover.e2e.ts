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

  it('At my libraries: the reader picks home libraries once (by region) and sees 대출가능 / 대출중 / 없음', async () => {
    await panel.getByTestId('discover-tab-for-you').click();
    const first = panel.getByTestId('discover-bestsellers').getByTestId('catalog-result').first();
    await first.waitFor({ timeout: 20_000 });
    await first.getByTestId('catalog-libraries').click();
    const box = panel.getByTestId('my-libraries');
    await box.getByTestId('library-picker').waitFor();
    await box.getByTestId('library-region').selectOption('11');
    await expect.poll(() => box.getByTestId('library-option').count(), { timeout: 20_000 }).toBe(3);
    for (const option of await box.getByTestId('library-option').all()) await option.check();
    await box.getByTestId('library-save').click();
    const rows = box.getByTestId('availability-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(3);
    // The fake's libraries: the first has every book on the shelf, the second has it out, the third has none.
    await expect
      .poll(() => rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-status'))))
      .toEqual(['available', 'on-loan', 'not-held']);
    expect(await rows.allTextContents()).toEqual([
      '테스트 중앙도서관Available',
      '테스트 구립도서관On loan',
      '테스트 작은도서관Not held',
    ]);
    await expect.poll(() => box.getByTestId('availability-sources').textContent()).toContain('도서관 정보나루');

    // The choice is kept with the reader: after a reload, another book goes straight to its availability.
    await panel.reload();
    await panel.getByTestId('nav-discover').click();
    const second = panel.getByTestId('discover-bestsellers').getByTestId('catalog-result').nth(1);
    await second.waitFor({ timeout: 20_000 });
    await second.getByTestId('catalog-libraries').click();
    await expect
      .poll(() => panel.getByTestId('my-libraries').getByTestId('availability-row').count(), { timeout: 20_000 })
      .toBe(3);
    expect(await panel.getByTestId('library-picker').count()).toBe(0);
  });

  it('bad upstream answers reach the reader only as a clear message', async () => {
    const upstream = server.upstream;
    if (!upstream) throw new Error('the fake upstream is not running');
    upstream.inject({}, { kind: 'status', status: 500, body: '{"error":"UPSTREAM-SECRET-TEXT stack trace"}' });
    try {
      const box = panel.getByTestId('discover-search');
      await box.getByTestId('catalog-query').fill(`아무도 모르는 책 ${Date.now().toString(36)}`);
      await box.getByTestId('catalog-error').waitFor({ timeout: 20_000 });
      expect(await box.getByTestId('catalog-error').textContent()).toMatch(/^Book search is unavailable right now\./);
      expect(await panel.locator('body').textContent()).not.toContain('UPSTREAM-SECRET');
    } finally {
      upstream.clearFaults();
    }
  });
});

describe('Discover in Korean', () => {
  const server = peerServer();
  let reader: Reader;

  beforeAll(async () => {
    await server.start();
    reader = await launchReader({ lang: 'ko' });
  });
  afterAll(async () => {
    await reader?.close();
    await server.stop();
  });

  it('tabs, lists, prices and states read in Korean', async () => {
    const panel = await reader.openPanel();
    await signUp(panel, newAccount('Hana'));
    await panel.getByTestId('nav-discover').click();
    expect(await panel.getByTestId('nav-discover').textContent()).toBe('둘러보기');
    // The Discover view loads its code when first shown: wait for its tabs before reading them.
    await panel.getByRole('tab').first().waitFor();
    expect(await panel.getByRole('tab').allTextContents()).toEqual(['추천', '신간', '우리 모임 인기 도서']);
    // No interests yet: every category is offered, and the reader is told where to pick them.
    await panel.getByTestId('discover-no-interests').waitFor();
    const list = panel.getByTestId('discover-bestsellers');
    await expect
      .poll(() => list.getByTestId('catalog-result-title').allTextContents(), { timeout: 20_000 })
      .toContain('테스트 소설 1권');
    expect(await list.getByTestId('catalog-price').first().textContent()).toBe('12,000원');
    expect(await list.getByTestId('catalog-shelf').first().textContent()).toBe('책장에 담기');
    expect(await panel.getByLabel('책 검색').count()).toBe(1);
    await panel
      .getByTestId('discover-search')
      .getByTestId('catalog-query')
      .fill(`없는 책 ${Date.now().toString(36)}`);
    await expect
      .poll(() => panel.getByTestId('discover-search').getByTestId('catalog-status').textContent(), { timeout: 20_000 })
      .toMatch(/에 맞는 책이 없습니다\.$/);
    await panel.screenshot({ path: join(SCREENSHOTS, 'discover-ko.png') });
  });
});
