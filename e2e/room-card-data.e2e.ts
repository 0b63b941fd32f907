import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chipText, clickChipButton } from './cdp';
import { createRoom, joinRoom, launchReader, newAccount, type Reader, readDoc, signUp, uidOf } from './harness';
import { peerServer } from './peer-server';

const FIXTURES = join(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'book-pages');
const YES24 = join(FIXTURES, 'yes24', 'leechis7-2026-detail-goods-125557465.excerpt.html');
const PAGE_URL = 'https://www.yes24.com/product/goods/125557465';
const ISBN = '9791171711673';
const present = existsSync(YES24);
if (!present) console.warn(`[skip] ${YES24} not found: the room-card data test needs ../shared/fixtures`);

/** The fields a shelf entry takes from the book (not the reader's own progress or timestamps). */
const bookFields = (entry: Record<string, unknown> | null) =>
  entry && {
    title: entry.title,
    authors: entry.authors,
    publisher: entry.publisher,
    coverUrl: entry.coverUrl,
    category: entry.category,
    totalPages: entry.totalPages,
  };

describe.skipIf(!present)('adding a book from a room card keeps what the page had (saved YES24 page)', () => {
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
  });
  afterAll(async () => {
    await ana?.close();
    await bo?.close();
    await server.stop();
  });

  it('the room-card add gives the same entry (372 pages, 인문) as the chip add', async () => {
    const html = readFileSync(YES24);
    await ana.context.route('https://www.yes24.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    const page = await ana.context.newPage();
    await page.goto(PAGE_URL);
    await page.locator('chaekbang-chip').waitFor({ state: 'attached', timeout: 5000 });

    // Ana shares first, and Bo adds from the card before anyone has the shared books record.
    await clickChipButton(page, 'share');
    await boPanel.getByTestId('book-card-title').filter({ hasText: '필사 노트' }).waitFor({ timeout: 10_000 });
    await boPanel.getByTestId('card-add-shelf').click();
    await boPanel.getByTestId('card-add-shelf').filter({ hasText: 'Added to your shelf' }).waitFor({ timeout: 10_000 });
    const boUid = await uidOf(boAccount.email);
    await expect.poll(() => readDoc(`users/${boUid}/shelf/${ISBN}`), { timeout: 30_000 }).not.toBeNull();

    // Ana adds the same book from the page's chip.
    await clickChipButton(page, 'shelf');
    await expect.poll(() => chipText(page), { timeout: 8000 }).toMatch(/Added to your shelf|Already on your shelf/);
    const anaUid = await uidOf(anaAccount.email);
    await expect.poll(() => readDoc(`users/${anaUid}/shelf/${ISBN}`), { timeout: 30_000 }).not.toBeNull();

    const fromChip = bookFields(await readDoc(`users/${anaUid}/shelf/${ISBN}`));
    const fromCard = bookFields(await readDoc(`users/${boUid}/shelf/${ISBN}`));
    expect(fromChip).toMatchObject({ totalPages: 372, category: 'humanities' });
    expect(fromCard).toEqual(fromChip);
  });
});
