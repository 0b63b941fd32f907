import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickChipButton } from './cdp';
import {
  ARTIFACTS,
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

// The project's own Bookshop.org page (committed), served under its real URL.
const PAGE_URL = 'https://bookshop.org/books/crying-in-h-mart-a-memoir/9780525657743';
const PAGE_HTML = readFileSync(join(import.meta.dirname, '..', 'extension', 'detectors', 'fixtures', 'bookshop', 'detail.html'));

describe('a club evening: a shared card goes on the shelf, a finished book levels the reader up on their room tile', () => {
  const server = peerServer();
  let ana: Reader;
  let bo: Reader;
  let anaPanel: Page;
  let boPanel: Page;
  const boAccount = newAccount('Bo');

  beforeAll(async () => {
    await server.start();
    ana = await launchReader();
    bo = await launchReader();
    anaPanel = await ana.openPanel();
    boPanel = await bo.openPanel();
    await signUp(anaPanel, newAccount('Ana'));
    await signUp(boPanel, boAccount);

    await joinRoom(boPanel, await createRoom(anaPanel));
    await anaPanel.getByTestId('remote-tile').waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await ana?.close();
    await bo?.close();
    await server.stop();
  });

  it("Bo adds the book Ana shared from the room's card to his shelf", async () => {
    await ana.context.route('https://bookshop.org/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE_HTML }),
    );
    const page = await ana.context.newPage();
    await page.goto(PAGE_URL);
    await page.locator('chaekbang-chip').waitFor({ state: 'attached', timeout: 5000 });
    await clickChipButton(page, 'share');
    await boPanel.getByTestId('book-card-title').filter({ hasText: 'Crying in H Mart' }).waitFor({ timeout: 10_000 });
    await boPanel.getByTestId('card-add-shelf').click();
    await boPanel.getByTestId('card-add-shelf').filter({ hasText: 'Added to your shelf' }).waitFor({ timeout: 10_000 });
    const uid = await uidOf(boAccount.email);
    await expect
      .poll(() => readDoc(`users/${uid}/shelf/9780525657743`), { timeout: 10_000 })
      .toMatchObject({ status: 'want-to-read' });
  });

  it("finishing a book shows Bo's new level on his tile in Ana's panel, and his profile with the badge", async () => {
    const tileLevel = () => anaPanel.locator('[data-testid="remote-tile"] .badge').first().textContent();
    expect(await tileLevel()).toBe('Lv. 1');

    const isbn = freshIsbn13();
    await boPanel.getByTestId('nav-shelf').click();
    await boPanel.fill('[data-testid="shelf-add-isbn"]', isbn);
    await boPanel.fill('[data-testid="shelf-add-title"]', '이번 달의 책');
    await boPanel.getByTestId('shelf-add-submit').click();
    const item = boPanel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
    await item.getByTestId('shelf-finish').click();
    await item.getByTestId('shelf-read-again').waitFor();

    // Bo never left the call by switching tabs; his level reaches Ana's panel over the data channel.
    await expect.poll(tileLevel, { timeout: 15_000 }).toBe('Lv. 2');
    await anaPanel.locator('[data-testid="remote-tile"] .tile-hit').first().click();
    const profile = anaPanel.getByTestId('member-profile');
    await profile.getByTestId('profile-name').filter({ hasText: boAccount.displayName }).waitFor({ timeout: 10_000 });
    await expect
      .poll(() => profile.locator('[data-badge="first-book"]').getAttribute('data-earned'), { timeout: 10_000 })
      .toBe('true');
    await anaPanel.screenshot({ path: join(ARTIFACTS, 'panel-member-profile.png') });
  });
});
