import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchReader, newAccount, type Reader, signIn, signUp } from './harness';

// The shelf in the real side panel: add by ISBN, log pages offline, reload while offline, sync when
// back online, and see the change from a second browser profile signed in as the same reader.

/** A fresh, checksum-valid ISBN-13 (979-11-…), so books/{isbn13} is new in this run. */
function randomIsbn(): string {
  const body = `97911${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

const progressOf = (panel: Page, isbn: string) =>
  panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"] [data-testid="shelf-progress"]`);

describe('shelf (Chromium, built extension, emulators)', () => {
  let first: Reader;
  let second: Reader | undefined;
  beforeAll(async () => {
    first = await launchReader();
  });
  afterAll(async () => {
    await first?.context.setOffline(false).catch(() => {});
    await first?.close();
    await second?.close();
  });

  it('adds by ISBN, logs pages offline, survives an offline reload, syncs to a second device', async () => {
    const account = newAccount('Shelf');
    const isbn = randomIsbn();
    const panel = await first.openPanel();
    await signUp(panel, account);

    await panel.getByTestId('nav-shelf').click();
    await panel.getByTestId('shelf-empty').waitFor();

    // A wrong check digit is refused with an actionable message.
    await panel.fill('[data-testid="shelf-add-isbn"]', `${isbn.slice(0, 12)}${(Number(isbn[12]) + 1) % 10}`);
    await panel.getByTestId('shelf-add-submit').click();
    await expect(panel.getByTestId('error').textContent()).resolves.toMatch(/not a valid ISBN/);

    // Hyphens are fine; a book new to Chaekbang needs its title.
    await panel.fill(
      '[data-testid="shelf-add-isbn"]',
      `${isbn.slice(0, 3)}-${isbn.slice(3, 5)}-${isbn.slice(5, 12)}-${isbn[12]}`,
    );
    await panel.fill('[data-testid="shelf-add-title"]', '오프라인에서 읽는 책');
    await panel.getByTestId('shelf-add-submit').click();
    const item = panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
    await item.waitFor();

    await item.getByTestId('shelf-details').click();
    await item.getByTestId('shelf-total-input').fill('200');
    await item.getByTestId('shelf-total-input').press('Enter');
    await expect.poll(() => progressOf(panel, isbn).textContent(), { timeout: 10_000 }).toMatch(/p\. 0 of 200 · 0%/);
    // Let those writes reach the emulator before the network goes away.
    await panel.waitForTimeout(1500);

    await first.context.setOffline(true);
    await item.getByTestId('shelf-plus10').click();
    await expect.poll(() => progressOf(panel, isbn).textContent(), { timeout: 10_000 }).toMatch(/p\. 10 of 200 · 5%/);

    // Reload while offline: the persistent cache still has the queued write.
    await panel.reload();
    await panel.getByTestId('nav-shelf').click({ timeout: 20_000 });
    await expect.poll(() => progressOf(panel, isbn).textContent(), { timeout: 20_000 }).toMatch(/p\. 10 of 200 · 5%/);
    await panel.screenshot({ path: join(ARTIFACTS, 'shelf-offline.png') });

    // Another browser profile, same reader, online: the server does not have the page log yet.
    second = await launchReader();
    const other = await second.openPanel();
    await signIn(other, account);
    await other.getByTestId('nav-shelf').click({ timeout: 20_000 });
    await expect.poll(() => progressOf(other, isbn).textContent(), { timeout: 20_000 }).toMatch(/p\. 0 of 200 · 0%/);

    // Back online: the queued batch (entry + stats) commits and reaches the other device live.
    await first.context.setOffline(false);
    await expect.poll(() => progressOf(other, isbn).textContent(), { timeout: 60_000 }).toMatch(/p\. 10 of 200 · 5%/);
    await other.getByTestId('nav-profile').click();
    await expect.poll(() => other.getByTestId('stat-pages').textContent(), { timeout: 20_000 }).toBe('10');
    await other.screenshot({ path: join(ARTIFACTS, 'shelf-second-device.png') });
  });
});
