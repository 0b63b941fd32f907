import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeIsbn13 } from '../shared/isbn';
import { createRoom, joinRoom, launchReader, newAccount, type Reader, readDoc, signUp, uidOf } from './harness';
import { peerServer } from './peer-server';

/** README screenshots are written straight from this run. */
const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Type into the catalog search of `scope` (the room's or Discover's) and wait for a result titled `title`. */
async function searchFor(panel: Page, scope: string, query: string, title: string) {
  const box = panel.getByTestId(scope);
  await box.getByTestId('catalog-query').fill(query);
  const result = box
    .getByTestId('catalog-result')
    .filter({ has: panel.getByTestId('catalog-result-title').getByText(title, { exact: true }) });
  await result.waitFor({ timeout: 20_000 });
  return result;
}

describe('catalog search in the room (fake upstream)', () => {
  const server = peerServer();
  let ana: Reader;
  let bo: Reader;
  let anaPanel: Page;
  let boPanel: Page;
  const anaAccount = newAccount('Ana');
  const boAccount = newAccount('Bo');

  beforeAll(async () => {
    await server.start();
    ana = await launchReader();
    bo = await launchReader();
    anaPanel = await ana.openPanel();
    boPanel = await bo.openPanel();
    await signUp(anaPanel, anaAccount);
    await signUp(boPanel, boAccount);
    await joinRoom(boPanel, await createRoom(anaPanel));
    await anaPanel.getByTestId('remote-tile').waitFor({ timeout: 20_000 });
    await boPanel.getByTestId('remote-tile').waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await ana?.close();
    await bo?.close();
    await server.stop();
  });

  it('a search in one reader’s room puts the card beside that reader in the other reader’s panel', async () => {
    await anaPanel.getByTestId('room-search-toggle').click();
    // The field takes the focus when the search opens: the reader types straight away.
    await expect.poll(() => anaPanel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('catalog-query');
    const result = await searchFor(anaPanel, 'room-search', '테스트 역사', '테스트 역사 1권');
    await expect.poll(() => result.getByTestId('catalog-price').textContent()).toBe('₩12,600');
    await expect.poll(() => anaPanel.getByTestId('room-search').getByTestId('catalog-sources').textContent()).toContain('YES24');
    await anaPanel.screenshot({ path: join(SCREENSHOTS, 'room-search.png') });
    await result.getByTestId('catalog-share').click();
    // Shared: the search folds away so the call and the card are in view again.
    await anaPanel.getByTestId('room-search-toggle').and(anaPanel.locator('[aria-expanded="false"]')).waitFor();

    const card = boPanel.getByTestId('book-card');
    await card.getByTestId('book-card-title').filter({ hasText: '테스트 역사 1권' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => card.textContent()).toContain(`Shared by ${anaAccount.displayName}`);
    // Beside the sharer: Ana's tile in Bo's panel carries the book, and nobody else's does.
    const anaTile = boPanel.getByTestId('remote-tile').filter({ hasText: anaAccount.displayName });
    await expect.poll(() => anaTile.getByTestId('tile-book').getAttribute('aria-label')).toBe('Sharing “테스트 역사 1권”');
    expect(await boPanel.getByTestId('self-tile').getByTestId('tile-book').count()).toBe(0);
    await anaPanel.getByTestId('self-tile').getByTestId('tile-book').waitFor();
    // Ana sees her own card too, and can take it back.
    await anaPanel.getByTestId('book-card-title').filter({ hasText: '테스트 역사 1권' }).waitFor();
    await boPanel.screenshot({ path: join(SCREENSHOTS, 'room-search-card.png') });
  });

  it('a search result goes to the shelf, and a second add says it is already there', async () => {
    await boPanel.getByTestId('room-search-toggle').click();
    const result = await searchFor(boPanel, 'room-search', '테스트 과학', '테스트 과학 2권');
    const isbn = await result.getAttribute('data-isbn');
    await result.getByTestId('catalog-shelf').click();
    await result.getByTestId('catalog-shelf').filter({ hasText: 'Added to your shelf' }).waitFor({ timeout: 15_000 });
    const uid = await uidOf(boAccount.email);
    await expect.poll(() => readDoc(`users/${uid}/shelf/${isbn}`), { timeout: 30_000 }).not.toBeNull();
    const entry = await readDoc(`users/${uid}/shelf/${isbn}`);
    expect(entry).toMatchObject({ title: '테스트 과학 2권', publisher: '테스트출판', status: 'want-to-read' });

    // The same book found again elsewhere (Discover's search; the call goes on): it is already there.
    await boPanel.getByTestId('nav-discover').click();
    const again = await searchFor(boPanel, 'discover-search', '테스트 과학 2', '테스트 과학 2권');
    await again.getByTestId('catalog-shelf').click();
    await again.getByTestId('catalog-shelf').filter({ hasText: 'Already on your shelf' }).waitFor({ timeout: 15_000 });
    await boPanel.getByTestId('nav-room').click();
    await boPanel.getByTestId('call').waitFor();
  });
});

describe('catalog search with every provider off', () => {
  const server = peerServer(undefined, { catalog: 'off' });
  let cy: Reader;
  let dee: Reader;

  beforeAll(async () => {
    await server.start();
    cy = await launchReader();
    dee = await launchReader();
  });
  afterAll(async () => {
    await cy?.close();
    await dee?.close();
    await server.stop();
  });

  it('search still finds a book another reader shelved (our own data)', async () => {
    const health = (await (await fetch(`${server.url}/health`)).json()) as { catalog?: { state: string }[] };
    expect(health.catalog?.every((p) => p.state !== 'on')).toBe(true);

    const cyPanel = await cy.openPanel();
    await signUp(cyPanel, newAccount('Cy'));
    const title = `우리끼리 읽는 책 ${Date.now().toString(36)}`;
    const isbn = completeIsbn13(`9791197${String(Date.now()).slice(-5)}`);
    await cyPanel.getByTestId('nav-shelf').click();
    await cyPanel.fill('[data-testid="shelf-add-isbn"]', isbn);
    await cyPanel.fill('[data-testid="shelf-add-title"]', title);
    await cyPanel.getByTestId('shelf-add-submit').click();
    await expect.poll(() => readDoc(`books/${isbn}`), { timeout: 30_000 }).not.toBeNull();

    const deePanel = await dee.openPanel();
    await signUp(deePanel, newAccount('Dee'));
    await deePanel.getByTestId('nav-discover').click();
    const box = deePanel.getByTestId('discover-search');
    // The server's index follows books/ as it changes: ask again until it has caught up.
    await expect
      .poll(
        async () => {
          await box.getByTestId('catalog-query').fill('');
          await box.getByTestId('catalog-query').fill(title.slice(0, 12));
          await box.getByTestId('catalog-status').and(deePanel.locator('[data-state="ready"], [data-state="error"]')).waitFor();
          return box.getByTestId('catalog-result-title').allTextContents();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain(title);
    await expect.poll(() => box.getByTestId('catalog-result-source').first().textContent()).toBe('책방 독자들의 서재');

    // Popular in our clubs needs no key either: Cy's shelf add counts.
    await deePanel.getByTestId('discover-tab-popular').click();
    const popular = deePanel.getByTestId('discover-popular');
    await expect
      .poll(
        async () => {
          await deePanel.getByTestId('popular-30d').click();
          await deePanel.getByTestId('popular-7d').click();
          await popular.and(deePanel.locator('[data-state="ready"], [data-state="error"]')).waitFor({ timeout: 10_000 });
          return popular.getByTestId('catalog-result-title').allTextContents();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain(title);
    expect(await popular.getByTestId('catalog-sources').textContent()).toBe('책방 독자들의 서재');
  });
});
