import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachToSidePanel, chipText, clickChipButton } from './cdp';
import { createRoom, launchReader, newAccount, type Reader, signUp } from './harness';
import { peerServer } from './peer-server';

// The project's own hand-written Bookshop.org page (committed), served under its real URL.
const PAGE_URL = 'https://bookshop.org/books/crying-in-h-mart-a-memoir/9780525657743';
const PAGE_HTML = readFileSync(join(import.meta.dirname, '..', 'extension', 'detectors', 'fixtures', 'bookshop', 'detail.html'));

describe('the real side panel (opened from the chip, driven over CDP)', () => {
  const server = peerServer();
  let host: Reader;
  let reader: Reader;
  let hostPanel: Page;
  let code: string;

  beforeAll(async () => {
    await server.start();
    host = await launchReader();
    reader = await launchReader({ lang: 'ko' });
    hostPanel = await host.openPanel();
    await signUp(hostPanel, newAccount('Host'));
    code = await createRoom(hostPanel);
    // The reader signs up once in a panel tab; the session is shared by every extension page.
    const tabPanel = await reader.openPanel();
    await signUp(tabPanel, newAccount('Reader'));
    await tabPanel.close();
  });
  afterAll(async () => {
    await host?.close();
    await reader?.close();
    await server.stop();
  });

  it('Share with no room opens the side panel, which asks to join a room; after joining it shares, with live video', async () => {
    await reader.context.route('https://bookshop.org/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE_HTML }),
    );
    const page = await reader.context.newPage();
    await page.goto(PAGE_URL);
    await page.locator('chaekbang-chip').waitFor({ state: 'attached', timeout: 5000 });
    await clickChipButton(page, 'share');

    const panel = await attachToSidePanel(page);
    try {
      // Korean UI; the pending share is explained.
      await panel.waitFor(`document.querySelector('[data-testid="pending-action"]')`);
      expect(await panel.evaluate<string>(`document.querySelector('h1').textContent`)).toBe('책방');
      await expect.poll(() => chipText(page), { timeout: 5000 }).toContain('참여 중인 독서방이 없어요');

      // Join the host's room from the real side panel.
      await panel.evaluate(`document.querySelector('[data-testid="nav-room"]').click()`);
      await panel.waitFor(`document.querySelector('input[name="roomCode"]')`);
      await panel.evaluate(
        `(() => { const i = document.querySelector('input[name="roomCode"]'); i.value = ${JSON.stringify(code)}; i.dispatchEvent(new Event('input', { bubbles: true })); })()`,
      );
      await panel.evaluate(`document.querySelector('[data-testid="join-room"]').click()`);
      await panel.waitFor(
        `document.querySelector('[data-testid="join-now"]') && !document.querySelector('[data-testid="join-now"]').disabled`,
      );
      await panel.evaluate(`document.querySelector('[data-testid="join-now"]').click()`);
      await panel.waitFor(
        `[...document.querySelectorAll('[data-testid="remote-video"]')].some((v) => v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0.2)`,
        20_000,
      );
      await hostPanel.getByTestId('remote-tile').waitFor();

      // The pending share goes out as soon as the panel is in the room.
      await hostPanel.getByTestId('book-card-title').filter({ hasText: 'Crying in H Mart' }).waitFor({ timeout: 10_000 });
      await expect.poll(() => chipText(page), { timeout: 5000 }).toContain('독서방에 공유했어요');
    } finally {
      await panel.detach();
    }
  });
});
