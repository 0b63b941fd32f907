import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chipText, clickChipButton } from './cdp';
import { launchReader, newAccount, type Reader, readDoc, signUp, uidOf } from './harness';

// A hostile page tries to make the on-page chip invisible under the reader's cursor, so a real click
// shelves a book the page chose. The chip lives in the page's DOM: the page can style its host, its
// ancestors, cover it, or move it. Every click here is a real (trusted) mouse click at the chip's position.

const FIXTURES = join(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'book-pages');
const YES24 = join(FIXTURES, 'yes24', 'leechis7-2026-detail-goods-125557465.excerpt.html');
const ISBN = '9791171711673';
const present = existsSync(YES24);
if (!present) console.warn(`[skip] ${YES24} not found: the clickjacking end-to-end test needs ../shared/fixtures`);

/** Page CSS (and script) that hides the chip or what is above it, by case name (?case=…). */
const HOSTILE: Record<string, string> = {
  // Ancestors the chip cannot reset from its host.
  'html-opacity': '<style>html { opacity: 0 !important; }</style>',
  'html-filter': '<style>html { filter: opacity(0) !important; }</style>',
  // Something painted over the chip that lets clicks through.
  cover:
    '<style>html::after { content: ""; position: fixed; inset: 0; z-index: 2147483647; background: #fff; pointer-events: none; }</style>',
  // The page moves the chip into a transparent container of its own.
  'reparent-opacity': `<script>
    new MutationObserver(() => {
      const chip = document.querySelector('chaekbang-chip');
      if (!chip || chip.parentElement?.id === 'trap') return;
      let trap = document.getElementById('trap');
      if (!trap) { trap = document.createElement('div'); trap.id = 'trap'; trap.style.cssText = 'opacity:0'; document.body.append(trap); }
      trap.append(chip);
    }).observe(document.documentElement, { childList: true, subtree: true });
  </script>`,
  // ...or into a container that shrinks it to a speck under the cursor.
  'reparent-transform': `<script>
    new MutationObserver(() => {
      const chip = document.querySelector('chaekbang-chip');
      if (!chip || chip.parentElement?.id === 'trap') return;
      let trap = document.getElementById('trap');
      if (!trap) { trap = document.createElement('div'); trap.id = 'trap'; trap.style.cssText = 'position:fixed;inset:0;transform:scale(0.04);transform-origin:100% 100%'; document.body.append(trap); }
      trap.append(chip);
    }).observe(document.documentElement, { childList: true, subtree: true });
  </script>`,
  // Styles on the host itself: must not take effect at all.
  host: `<style>chaekbang-chip, [data-chaekbang] { opacity: 0 !important; visibility: hidden !important;
    transform: translate(-120px, -300px) scale(2) !important; filter: blur(4px) !important;
    clip-path: inset(50%) !important; display: none !important; }</style>`,
  'host-script': `<script>
    new MutationObserver(() => {
      const chip = document.querySelector('chaekbang-chip');
      if (chip && !chip.dataset.hit) { chip.dataset.hit = '1'; chip.style.setProperty('opacity', '0', 'important'); }
    }).observe(document.documentElement, { childList: true });
  </script>`,
};

describe.skipIf(!present)('on-page chip: clickjacking (hostile pages, real clicks)', () => {
  let reader: Reader;
  let panel: Page;
  let uid: string;
  const account = newAccount('Jacked');

  beforeAll(async () => {
    reader = await launchReader();
    panel = await reader.openPanel();
    await signUp(panel, account);
    uid = await uidOf(account.email);
    const html = readFileSync(YES24, 'utf8');
    await reader.context.route('https://www.yes24.com/**', (route) => {
      const hostile = HOSTILE[new URL(route.request().url()).searchParams.get('case') ?? ''] ?? '';
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: html.replace(/<\/body>/i, `${hostile}</body>`),
      });
    });
  });
  afterAll(async () => {
    await reader?.close();
  });

  async function openCase(name: string) {
    const page = await reader.context.newPage();
    await page.goto(`https://www.yes24.com/product/goods/125557465?case=${name}`);
    await page.bringToFront();
    await page.locator('chaekbang-chip').waitFor({ state: 'attached', timeout: 5000 });
    await expect.poll(() => chipText(page), { timeout: 5000 }).toContain('필사 노트');
    return page;
  }
  const pendingAction = () =>
    reader.worker.evaluate(
      async () => (await (globalThis as any).chrome.storage.session.get('pendingAction')).pendingAction ?? null,
    );

  for (const name of ['html-opacity', 'html-filter', 'cover', 'reparent-opacity', 'reparent-transform']) {
    it(`${name}: a click on the hidden chip does nothing`, async () => {
      const page = await openCase(name);
      await clickChipButton(page, 'shelf');
      // The refusal is decided in the click handler, before any message could leave the page.
      await expect.poll(() => chipText(page), { timeout: 5000 }).toContain('covering the Chaekbang chip');
      expect(await pendingAction()).toBeNull();
      expect(await readDoc(`users/${uid}/shelf/${ISBN}`)).toBeNull();
      await page.close();
    });
  }

  for (const name of ['host', 'host-script']) {
    it(`${name}: page styles on the chip's own element do not take effect`, async () => {
      const page = await openCase(name);
      const style = await page.evaluate(() => {
        const host = document.querySelector('chaekbang-chip') as HTMLElement;
        const cs = getComputedStyle(host);
        const box = host.getBoundingClientRect();
        return {
          opacity: cs.opacity,
          visibility: cs.visibility,
          transform: cs.transform,
          filter: cs.filter,
          clipPath: cs.clipPath,
          display: cs.display,
          right: Math.round(innerWidth - box.right),
          bottom: Math.round(innerHeight - box.bottom),
        };
      });
      expect(style).toEqual({
        opacity: '1',
        visibility: 'visible',
        transform: 'none',
        filter: 'none',
        clipPath: 'none',
        display: 'block',
        right: 16,
        bottom: 16,
      });
      await page.close();
    });
  }

  it('a normal, visible chip still works: Add to shelf lands, and a second click says it is already there', async () => {
    const page = await openCase('none');
    await clickChipButton(page, 'shelf');
    await expect.poll(() => chipText(page), { timeout: 10_000 }).toContain('Added to your shelf');
    await expect
      .poll(() => readDoc(`users/${uid}/shelf/${ISBN}`), { timeout: 8000 })
      .toMatchObject({ status: 'want-to-read', isbn13: ISBN });
    await clickChipButton(page, 'shelf');
    await expect.poll(() => chipText(page), { timeout: 10_000 }).toContain('Already on your shelf');
    await page.close();
  });
});
