import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  axeProblems,
  freshIsbn13,
  launchReader,
  newAccount,
  type Reader,
  readDoc,
  reloadUnlessPublishable,
  signUp,
  uidOf,
} from './harness';

// The review and recommendation board (issue 12) in the real built extension, two readers (two browser
// profiles), the emulators with the project's rules: spoilers that follow the reader's own progress
// live, counts that agree across panels, the category filter, an essay from the full-page editor (its
// draft surviving a closed tab), a recommendation addressed to one reader, and axe on every board view.

/** README screenshots are written straight from this run. */
const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Put a book on the shelf from the Shelf tab, with its page count, the current page and a category. */
async function shelve(panel: Page, book: { isbn: string; title: string; total: number; page: number; category?: string }) {
  await panel.getByTestId('nav-shelf').click();
  await panel.fill('[data-testid="shelf-add-isbn"]', book.isbn);
  await panel.fill('[data-testid="shelf-add-title"]', book.title);
  await panel.getByTestId('shelf-add-submit').click();
  const item = panel.locator(`[data-testid="shelf-item"][data-isbn="${book.isbn}"]`);
  await item.waitFor({ timeout: 45_000 });
  await item.getByTestId('shelf-details').click();
  await item.getByTestId('shelf-total-input').fill(String(book.total));
  await item.getByTestId('shelf-total-input').press('Enter');
  await expect.poll(() => item.getByTestId('shelf-progress').textContent(), { timeout: 45_000 }).toContain(`of ${book.total}`);
  if (book.category) {
    // The label wraps the select, so its text starts with "Category" and goes on with the options.
    const select = item
      .locator('.shelf-details label')
      .filter({ hasText: /^Category/ })
      .locator('select');
    await select.selectOption(book.category);
    // The entry shows the new category at once (local cache); the write syncs in the background.
    await expect.poll(() => select.inputValue()).toBe(book.category);
  }
  await setPage(panel, book.isbn, book.page);
}

async function setPage(panel: Page, isbn: string, page: number) {
  await panel.getByTestId('nav-shelf').click();
  const item = panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
  if ((await item.getByTestId('shelf-page-input').count()) === 0) await item.getByTestId('shelf-details').click();
  await item.getByTestId('shelf-page-input').fill(String(page));
  await item.getByTestId('shelf-page-save').click();
  await expect.poll(() => item.getByTestId('shelf-progress').textContent(), { timeout: 45_000 }).toContain(`p. ${page} `);
}

/** Publish from the form (panel or editor): the form goes away, or the error it shows fails the test. */
async function publish(page: Page) {
  await page.getByTestId('post-publish').click();
  await page.waitForFunction(
    () => !document.querySelector('[data-testid="post-form"]') || document.querySelector('[data-testid="error"]'),
    null,
    { timeout: 60_000 },
  );
  if ((await page.getByTestId('post-form').count()) > 0)
    throw new Error(`publish refused: ${await page.getByTestId('error').textContent()}`);
}

/** The rules allow one post per 30 s per reader: wait until the reader's limit has passed (server time). */
async function untilMayPost(uid: string) {
  await expect
    .poll(
      async () => {
        const limits = await readDoc(`users/${uid}/limits/posting`);
        const last = limits ? Date.parse(String(limits.lastPostAt)) : 0;
        return Date.now() - last > 31_000;
      },
      { timeout: 60_000, interval: 1000 },
    )
    .toBe(true);
}

const cardOf = (panel: Page, text: string): Locator => panel.getByTestId('post-card').filter({ hasText: text });

// Generous per-test time: the shared 2-core machine runs at load 20-40 while seven people build and test.
describe('board (Chromium, built extension, emulators)', { timeout: 240_000 }, () => {
  let a: Reader;
  let b: Reader;
  let panelA: Page;
  let panelB: Page;
  const accountA = newAccount('Reviewer');
  const accountB = newAccount('Reader');
  const novel = { isbn: freshIsbn13(), title: `작별하지 않는다 ${Date.now().toString(36)}`, total: 320 };
  const science = { isbn: freshIsbn13(), title: `코스모스 ${Date.now().toString(36)}`, total: 500 };
  const reviewText = `마지막 장면에서 인선의 새가 돌아온다 ${Date.now().toString(36)}`;
  const essayTitle = `읽고 나서 ${Date.now().toString(36)}`;

  beforeAll(async () => {
    a = await launchReader();
    b = await launchReader();
    panelA = await a.openPanel();
    panelB = await b.openPanel();
    await signUp(panelA, accountA);
    await signUp(panelB, accountB);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });
  // A retry starts from fresh panels (same readers, still signed in), not from the page the failed attempt
  // left behind: a retry of the same stuck page only repeats its failure.
  let lastFailed = false;
  afterEach(({ task }) => {
    lastFailed = task.result?.state === 'fail';
  });
  beforeEach(async () => {
    if (!lastFailed) return;
    console.warn('[board e2e] the previous attempt failed: both readers start again from a fresh panel');
    await panelA.close().catch(() => {});
    await panelB.close().catch(() => {});
    panelA = await a.openPanel();
    panelB = await b.openPanel();
    await panelA.getByTestId('nav-board').waitFor({ timeout: 30_000 });
    await panelB.getByTestId('nav-board').waitFor({ timeout: 30_000 });
  });

  it('a review with a spoiler at p. 200 is collapsed for a reader at p. 50 and opens live when they log p. 210', async () => {
    await shelve(panelA, { ...novel, page: 200, category: 'novel' });
    await panelA.getByTestId('nav-board').click();
    await panelA.getByTestId('board-write').click();
    await panelA.getByTestId('post-kind').selectOption('review');
    await panelA.getByTestId('post-book').selectOption(novel.isbn);
    // The spoiler page defaults to the author's current page in the book.
    await expect.poll(() => panelA.getByTestId('post-spoiler-page').inputValue()).toBe('200');
    await panelA.getByTestId('post-rating').selectOption('4.5');
    await panelA.getByTestId('post-body').fill(`${reviewText}\n둘째 줄 <script>alert(1)</script> https://example.org/review`);
    await publish(panelA);
    await panelA.getByTestId('post-view').waitFor();
    // Plain text: the markup is text, the link is a link, the line break is kept.
    const body = panelA.getByTestId('post-body-text');
    await expect.poll(() => body.textContent()).toContain('<script>alert(1)</script>');
    expect(await body.locator('script').count()).toBe(0);
    expect(await body.locator('a').getAttribute('href')).toBe('https://example.org/review');
    // The counters with the book: one review, 4.5 stars.
    const ratings = await readDoc(`bookRatings/${novel.isbn}`);
    expect(ratings).toMatchObject({ halfStars: 9, reviewCount: 1 });

    await shelve(panelB, { ...novel, page: 50 });
    await panelB.getByTestId('nav-board').click();
    const card = cardOf(panelB, novel.title);
    await card.waitFor({ timeout: 45_000 });
    await card.getByTestId('spoiler').waitFor();
    expect(await card.getByTestId('post-excerpt').count()).toBe(0);
    expect(await card.getByTestId('spoiler').textContent()).toContain('p. 200');
    expect(await axeProblems(panelB, { include: '[data-testid="board"]' })).toEqual([]);
    await card.screenshot({ path: join(SCREENSHOTS, 'board-spoiler.png') });

    // B logs p. 210 in another panel (same reader): the board, not reloaded, opens the text.
    const shelfPanel = await b.openPanel();
    await setPage(shelfPanel, novel.isbn, 210);
    await card.getByTestId('post-excerpt').waitFor({ timeout: 45_000 });
    expect(await card.getByTestId('spoiler').count()).toBe(0);
    expect(await card.getByTestId('post-excerpt').textContent()).toContain(reviewText);
    await shelfPanel.close();
  });

  it('likes and comments counts agree across two panels', async () => {
    const card = cardOf(panelB, novel.title);
    await card.getByTestId('post-open').click();
    await panelB.getByTestId('post-view').waitFor();
    await panelA.getByTestId('post-view').waitFor();
    await panelB.getByTestId('post-like').click();
    await panelB.getByTestId('comment-input').fill('저도 그 장면에서 울었어요');
    await panelB.getByTestId('comment-send').click();
    for (const panel of [panelA, panelB])
      await expect.poll(() => panel.getByTestId('post-view-counts').textContent(), { timeout: 45_000 }).toBe('♥ 1 · comments 1');
    // A replies to B's comment: one level of replies, counted the same way.
    const comment = panelA.getByTestId('comment').first();
    await comment.getByTestId('comment-reply').click();
    await comment.getByTestId('comment-input').fill('고마워요!');
    await comment.getByTestId('comment-send').click();
    for (const panel of [panelA, panelB]) {
      await expect.poll(() => panel.getByTestId('post-view-counts').textContent(), { timeout: 45_000 }).toBe('♥ 1 · comments 2');
      await expect.poll(() => panel.locator('[data-testid="comment"].reply').count(), { timeout: 45_000 }).toBe(1);
    }
    // Unlike: both panels agree again; the server holds exactly what the panels show.
    await panelB.getByTestId('post-like').click();
    for (const panel of [panelA, panelB])
      await expect.poll(() => panel.getByTestId('post-view-counts').textContent(), { timeout: 45_000 }).toBe('♥ 0 · comments 2');
    const postId = await panelA.getByTestId('post-view').getAttribute('data-post-id');
    expect(await readDoc(`posts/${postId}`)).toMatchObject({ likeCount: 0, commentCount: 2 });
    await panelB.getByTestId('post-back').click();
    await panelA.getByTestId('post-back').click();
  });

  it('an essay written in the full-page editor (its draft surviving a closed tab) appears on the board', async () => {
    await shelve(panelB, { ...science, page: 120, category: 'science' });
    const open = async () => {
      const tab = await b.context.newPage();
      await tab.setViewportSize({ width: 1100, height: 900 });
      await tab.goto(`chrome-extension://${b.extensionId}/editor.html`);
      await tab.getByTestId('post-form').waitFor({ timeout: 45_000 });
      return tab;
    };
    let editor = await open();
    await editor.getByTestId('post-kind').selectOption('essay');
    await editor.getByTestId('post-book').selectOption(science.isbn);
    await editor.getByTestId('post-title').fill(essayTitle);
    await editor.getByTestId('post-body').fill('우주는 넓고\n\n나는 작다.\n'.repeat(20));
    await expect.poll(() => editor.getByTestId('editor-saved').textContent(), { timeout: 45_000 }).not.toBe('');
    expect(await axeProblems(editor)).toEqual([]);
    await editor.screenshot({ path: join(SCREENSHOTS, 'board-editor.png') });
    await editor.close();

    editor = await open();
    await expect.poll(() => editor.getByTestId('post-title').inputValue(), { timeout: 45_000 }).toBe(essayTitle);
    expect(await editor.getByTestId('post-body').inputValue()).toContain('나는 작다.');
    expect(await editor.getByTestId('post-spoiler-page').inputValue()).toBe('120');
    // Publish waits for the reader's profile. The editor keeps its own Firestore client in memory now (it used to
    // be a second tab of the panel's persistent cache and waited on the panel: CI failed on that); a reload, said
    // aloud, stays as a safety net: the draft survives it, which is the point of this test anyway.
    if (await reloadUnlessPublishable(editor, 'board e2e')) {
      await expect.poll(() => editor.getByTestId('post-title').inputValue(), { timeout: 45_000 }).toBe(essayTitle);
    }
    await publish(editor);
    await editor.getByTestId('editor-published').waitFor();
    await editor.close();

    await panelB.getByTestId('nav-profile').click();
    await panelB.getByTestId('nav-board').click();
    await cardOf(panelB, essayTitle).waitFor({ timeout: 45_000 });
  });

  it('the category filter shows only that category', async () => {
    await panelA.getByTestId('nav-profile').click();
    await panelA.getByTestId('nav-board').click();
    await cardOf(panelA, essayTitle).waitFor({ timeout: 45_000 });
    await cardOf(panelA, novel.title).waitFor();
    const select = panelA.getByTestId('board-filter-category');
    await select.selectOption('science');
    await cardOf(panelA, essayTitle).waitFor({ timeout: 45_000 });
    const categories = await panelA
      .locator('[data-testid="post-card"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-category')));
    expect(categories.length).toBeGreaterThan(0);
    expect(new Set(categories)).toEqual(new Set(['science']));
    await panelA.getByTestId('board-filter-category').selectOption('novel');
    await cardOf(panelA, novel.title).waitFor({ timeout: 45_000 });
    expect(await cardOf(panelA, essayTitle).count()).toBe(0);
    await panelA.getByTestId('board-filter-kind').selectOption('essay');
    await panelA.getByTestId('board-list-empty').or(panelA.getByTestId('board-list')).first().waitFor();
    expect(await cardOf(panelA, novel.title).count()).toBe(0);
    await panelA.getByTestId('board-filter-kind').selectOption('');
    // A has no interests: the default entry is every category.
    await panelA.getByTestId('board-filter-category').selectOption('');
    await cardOf(panelA, essayTitle).waitFor({ timeout: 45_000 });
    await cardOf(panelA, novel.title).waitFor({ timeout: 45_000 });
    await panelA.screenshot({ path: join(SCREENSHOTS, 'board.png'), fullPage: true });
  });

  it('a recommendation addressed to B shows in B\'s "recommended to me"', async () => {
    const uidB = await uidOf(accountB.email);
    await untilMayPost(await uidOf(accountA.email));
    await cardOf(panelA, essayTitle).getByTestId('post-open').click();
    await panelA.getByTestId('post-recommend-to').click();
    await panelA.getByTestId('post-book').selectOption(novel.isbn);
    await expect.poll(() => panelA.getByTestId('post-audience').inputValue()).toBe('member');
    await panelA.getByTestId('post-body').fill('우주를 좋아하면 이 소설도 좋아할 거예요.');
    await publish(panelA);
    await panelA.getByTestId('post-view').waitFor();
    const postId = await panelA.getByTestId('post-view').getAttribute('data-post-id');
    expect(await readDoc(`posts/${postId}`)).toMatchObject({ kind: 'recommendation', toUid: uidB, audience: 'member' });

    await panelB.getByTestId('board-show-recommended').click();
    const rec = panelB.getByTestId('recommended-list').getByTestId('post-card').filter({ hasText: '우주를 좋아하면' });
    await rec.waitFor({ timeout: 45_000 });
    expect(await rec.getByTestId('post-to').textContent()).toContain(accountB.displayName);
    expect(await axeProblems(panelB, { include: '[data-testid="board"]' })).toEqual([]);
    await panelB.screenshot({ path: join(ARTIFACTS, 'board-recommended.png') });
  });
});
