import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, freshIsbn13, launchReader, newAccount, type Reader, signIn, signUp } from './harness';

// The shelf in the real side panel: add by ISBN, log pages offline, reload while offline, sync when
// back online, and see the change from a second browser profile signed in as the same reader.

const progressOf = (panel: Page, isbn: string) =>
  panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"] [data-testid="shelf-progress"]`);

describe('shelf (Chromium, built extension, emulators)', () => {
  let first: Reader;
  let second: Reader | undefined;
  let third: Reader | undefined;
  beforeAll(async () => {
    first = await launchReader();
  });
  afterAll(async () => {
    await first?.context.setOffline(false).catch(() => {});
    await first?.close();
    await second?.close();
    await third?.close();
  });

  it('adds by ISBN, logs pages offline, survives an offline reload, syncs to a second device', async () => {
    const account = newAccount('Shelf');
    const isbn = freshIsbn13();
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
    await item.getByTestId('shelf-pending').waitFor();

    // A book added while offline is on the shelf at once too.
    const offlineIsbn = freshIsbn13();
    await panel.fill('[data-testid="shelf-add-isbn"]', offlineIsbn);
    await panel.fill('[data-testid="shelf-add-title"]', '비행기 모드에서 추가한 책');
    await panel.getByTestId('shelf-add-submit').click();
    await panel.locator(`[data-testid="shelf-item"][data-isbn="${offlineIsbn}"]`).waitFor({ timeout: 20_000 });

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
    await expect.poll(() => panel.getByTestId('shelf-pending').count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => progressOf(other, isbn).textContent(), { timeout: 60_000 }).toMatch(/p\. 10 of 200 · 5%/);
    await other.locator(`[data-testid="shelf-item"][data-isbn="${offlineIsbn}"]`).waitFor({ timeout: 30_000 });
    await other.getByTestId('nav-profile').click();
    await expect.poll(() => other.getByTestId('stat-pages').textContent(), { timeout: 20_000 }).toBe('10');
    await other.screenshot({ path: join(ARTIFACTS, 'shelf-second-device.png') });
  });

  it('online, the "saved on this device" notice never shows; offline it does, and goes once synced', async () => {
    const reader = await launchReader();
    try {
      const panel = await reader.openPanel();
      await signUp(panel, newAccount('Online'));
      await panel.getByTestId('nav-shelf').click();
      await panel.getByTestId('shelf-empty').waitFor();
      // Watch the whole time: a notice that flashes for one frame counts.
      await panel.evaluate(() => {
        const w = window as unknown as { pendingSeen: string[] };
        w.pendingSeen = [];
        new MutationObserver(() => {
          for (const el of document.querySelectorAll('[data-testid="shelf-pending"]'))
            w.pendingSeen.push(el.closest('[data-isbn]')?.getAttribute('data-isbn') ?? '?');
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      const isbn = freshIsbn13();
      await panel.fill('[data-testid="shelf-add-isbn"]', isbn);
      await panel.fill('[data-testid="shelf-add-title"]', '온라인에서 담은 책');
      await panel.getByTestId('shelf-add-submit').click();
      const item = panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
      await item.waitFor();
      await panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"][data-unsynced="false"]`).waitFor({ timeout: 15_000 });
      await item.getByTestId('shelf-finish').click();
      await item.getByTestId('shelf-read-again').waitFor();
      await panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"][data-unsynced="false"]`).waitFor({ timeout: 15_000 });
      expect(await panel.evaluate(() => (window as unknown as { pendingSeen: string[] }).pendingSeen)).toEqual([]);

      // Offline, a change really waits on the network: the notice says so, and goes once it is sent.
      await reader.context.setOffline(true);
      await item.getByTestId('shelf-read-again').click();
      await item.getByTestId('shelf-pending').waitFor({ timeout: 10_000 });
      await reader.context.setOffline(false);
      await expect.poll(() => item.getByTestId('shelf-pending').count(), { timeout: 60_000 }).toBe(0);
    } finally {
      await reader.context.setOffline(false).catch(() => {});
      await reader.close();
    }
  });

  it('long text is flagged with a counter, never cut: bio, display name, shelf notes', async () => {
    const reader = await launchReader();
    try {
      const panel = await reader.openPanel();
      const account = newAccount('Longwinded');
      await signUp(panel, account);
      await panel.getByTestId('profile-edit').click();
      const bio = panel.getByTestId('profile-bio-input');
      await bio.fill('가'.repeat(250));
      // Near the limit the counter shows before anything is refused.
      await expect(
        panel.locator('[data-testid="profile-editor"] [data-testid="char-counter"][data-level="near"]').textContent(),
      ).resolves.toContain('250 / 280');
      await bio.fill('책'.repeat(5000));
      expect(await bio.inputValue()).toHaveLength(5000);
      await panel.locator('[data-testid="profile-editor"] [data-testid="char-counter"][data-level="over"]').waitFor();
      await panel.locator('input[name="displayName"]').fill('이'.repeat(41));
      expect(await panel.locator('input[name="displayName"]').inputValue()).toHaveLength(41);
      await panel.getByTestId('profile-save').click();
      await expect(panel.getByTestId('error').first().textContent()).resolves.toMatch(/at most|1–40/);
      // Nothing was saved, nothing was cut.
      expect(await bio.inputValue()).toHaveLength(5000);
      await panel.getByTestId('profile-cancel').click();
      await expect(panel.getByTestId('profile-name').textContent()).resolves.toBe(account.displayName);

      await panel.getByTestId('nav-shelf').click();
      const isbn = freshIsbn13();
      await panel.fill('[data-testid="shelf-add-isbn"]', isbn);
      await panel.fill('[data-testid="shelf-add-title"]', '메모가 긴 책');
      await panel.getByTestId('shelf-add-submit').click();
      const item = panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
      await item.getByTestId('shelf-details').click();
      await item.getByTestId('shelf-notes').fill('메'.repeat(2001));
      expect(await item.getByTestId('shelf-notes').inputValue()).toHaveLength(2001);
      await item.locator('[data-testid="char-counter"][data-level="over"]').waitFor();
      await expect(item.getByTestId('shelf-notes-save').isDisabled()).resolves.toBe(true);
      await item.getByTestId('shelf-notes').fill('메'.repeat(2000));
      await expect(item.getByTestId('shelf-notes-save').isDisabled()).resolves.toBe(false);
    } finally {
      await reader.close();
    }
  });

  it('finishing a book earns the first badge; profile edits; password reset; account deletion', async () => {
    const account = newAccount('Profile');
    const isbn = freshIsbn13();
    third = await launchReader();
    const panel = await third.openPanel();
    await signUp(panel, account);

    await panel.getByTestId('nav-shelf').click();
    await panel.fill('[data-testid="shelf-add-isbn"]', isbn);
    await panel.fill('[data-testid="shelf-add-title"]', '다 읽은 책');
    await panel.getByTestId('shelf-add-submit').click();
    const item = panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
    await item.getByTestId('shelf-finish').click();
    await item.getByTestId('shelf-read-again').waitFor();
    await panel.getByTestId('shelf-filter-status').selectOption('want-to-read');
    await panel.getByTestId('shelf-empty-filtered').waitFor();
    await panel.getByTestId('shelf-filter-status').selectOption('read');
    await item.waitFor();

    await panel.getByTestId('nav-profile').click();
    await expect.poll(() => panel.getByTestId('stat-books').textContent(), { timeout: 20_000 }).toBe('1');
    await expect(panel.locator('[data-badge="first-book"]').getAttribute('data-earned')).resolves.toBe('true');
    await expect(panel.locator('[data-badge="books-10"]').getAttribute('data-earned')).resolves.toBe('false');

    await panel.getByTestId('profile-edit').click();
    await panel.getByTestId('profile-photo-input').fill('http://not-secure.example/me.jpg');
    await panel.getByTestId('profile-save').click();
    await expect(panel.getByTestId('error').textContent()).resolves.toMatch(/https:\/\//);
    await panel.getByTestId('profile-photo-input').fill('');
    await panel.getByTestId('profile-bio-input').fill('밤에 읽는 사람');
    await panel.locator('[data-interest="history"]').click();
    await panel.getByTestId('visibility-members').check();
    await panel.getByTestId('profile-save').click();
    await expect.poll(() => panel.getByTestId('profile-bio').textContent(), { timeout: 20_000 }).toBe('밤에 읽는 사람');
    await expect(panel.getByTestId('profile-interests').textContent()).resolves.toMatch(/History/);
    await panel.screenshot({ path: join(ARTIFACTS, 'profile.png'), fullPage: true });

    await panel.getByTestId('password-reset').click();
    await expect(panel.getByTestId('reset-sent').textContent()).resolves.toContain(account.email);

    await panel.getByTestId('delete-account').click();
    await panel.getByTestId('delete-account-password').fill('wrong password');
    await panel.getByTestId('delete-account-confirm').click();
    await expect(panel.getByTestId('error').first().textContent()).resolves.toMatch(/don't match/);
    await panel.getByTestId('delete-account-password').fill(account.password);
    await panel.getByTestId('delete-account-confirm').click();
    await panel.getByTestId('auth-form').waitFor({ timeout: 20_000 });

    // The account is gone: signing in fails; "forgot password" on the form still answers.
    await signIn(panel, account);
    await expect(panel.getByTestId('error').textContent()).resolves.toMatch(/./);
    await panel.getByTestId('forgot-password').click();
    await panel.getByTestId('error').or(panel.getByTestId('reset-sent')).first().waitFor();
    await panel.close();
  });
});
