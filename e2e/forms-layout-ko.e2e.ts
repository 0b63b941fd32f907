import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchReader, newAccount, type Reader, signUp } from './harness';

// Every form of the panel in Korean, at the narrowest side-panel widths (280, 320 and 400 px): no button's
// label wraps ("저/장"), nothing sticks out of its card, the panel never scrolls sideways. The profile's
// visibility radios sit beside their labels, left-aligned.

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
// 280 px is the panel's min-width (.app); it also stands in for 320 px beside a classic scrollbar, which
// Playwright's headless Chromium hides. Metrics depend on the Korean font: the "저/장" wrap shows with
// Noto Sans CJK KR (Debian's fonts-noto-cjk, the usual Korean font on Linux).
const WIDTHS = [280, 320, 400] as const;
// Hangul drawn as empty boxes has other widths than real glyphs: without a Korean font the check means nothing.
const koreanFont = (spawnSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' }).stdout ?? '').trim() !== '';
if (!koreanFont) console.warn('[skip] no Korean font (fc-list :lang=ko): apt-get install fonts-noto-cjk');

/** Layout problems inside every element matching `selector` (empty when all is well). */
function layoutProblems(panel: Page, selector: string): Promise<string[]> {
  return panel.evaluate((sel) => {
    const problems: string[] = [];
    const name = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? ` ${el.getAttribute('data-testid')}` : ''}${
        el.className && typeof el.className === 'string' ? ` .${el.className.trim().replace(/\s+/g, '.')}` : ''
      }> "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const containers = [...document.querySelectorAll(sel)];
    if (containers.length === 0) problems.push(`nothing matches ${sel}`);
    for (const container of containers) {
      const box = container.getBoundingClientRect();
      for (const el of container.querySelectorAll('*')) {
        if (el.closest('.visually-hidden, option, datalist')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5)
          problems.push(
            `${name(el)} sticks out of its card (${Math.round(r.left)}–${Math.round(r.right)} vs ${Math.round(box.left)}–${Math.round(box.right)})`,
          );
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && el.tagName !== 'SELECT')
          problems.push(`${name(el)} scrolls sideways`);
      }
      for (const button of container.querySelectorAll('button')) {
        const range = document.createRange();
        range.selectNodeContents(button);
        const tops: number[] = [];
        for (const r of range.getClientRects()) {
          if (r.width === 0) continue;
          if (!tops.some((t) => Math.abs(t - r.top) < 6)) tops.push(r.top);
        }
        if (tops.length > 1) problems.push(`${name(button)} wraps onto ${tops.length} lines`);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push('the panel scrolls sideways');
    return problems;
  }, selector);
}

async function expectTidy(panel: Page, selector: string) {
  for (const width of WIDTHS) {
    await panel.setViewportSize({ width, height: 900 });
    await panel.locator(selector).first().waitFor();
    expect({ width, selector, problems: await layoutProblems(panel, selector) }).toEqual({ width, selector, problems: [] });
  }
}

describe.skipIf(!koreanFont)('Korean forms at 280, 320 and 400 px', () => {
  let reader: Reader;
  let panel: Page;
  beforeAll(async () => {
    reader = await launchReader({ lang: 'ko' });
    panel = await reader.openPanel();
  });
  afterAll(async () => {
    await reader?.close();
  });

  it('sign-in and sign-up', async () => {
    await panel.getByTestId('auth-form').waitFor();
    await expectTidy(panel, '[data-testid="auth-form"]');
    await panel.locator('[data-testid="auth-form"] button.link').last().click();
    await panel.locator('input[name="displayName"]').waitFor();
    await expectTidy(panel, '[data-testid="auth-form"]');
  });

  it('shelf: add-book form and a book with its details open', async () => {
    await signUp(panel, newAccount('Hangul'));
    await panel.getByTestId('nav-shelf').click();
    await panel.getByTestId('shelf-empty').waitFor();
    await expectTidy(panel, '[data-testid="shelf"]');
    await panel.fill('[data-testid="shelf-add-isbn"]', '9791171711673');
    await panel.fill('[data-testid="shelf-add-title"]', '하루 한 장 나의 어휘력을 위한 필사 노트');
    await panel.getByTestId('shelf-add-submit').click();
    const item = panel.getByTestId('shelf-item').first();
    await item.getByTestId('shelf-details').click();
    await item.getByTestId('shelf-notes').fill('밤에 조금씩 읽는 중. '.repeat(120));
    await expectTidy(panel, '[data-testid="shelf"]');
    await panel.setViewportSize({ width: 320, height: 900 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await item.screenshot({ path: join(SCREENSHOTS, 'shelf-details-ko.png') });
  });

  it('profile editor, with the visibility radios beside their labels', async () => {
    await panel.getByTestId('nav-profile').click();
    await panel.getByTestId('profile-edit').click();
    await panel.getByTestId('profile-editor').waitFor();
    await expectTidy(panel, '.card:has([data-testid="profile-editor"])');
    for (const width of WIDTHS) {
      await panel.setViewportSize({ width, height: 900 });
      const radios = await panel.evaluate(() =>
        [...document.querySelectorAll('[data-testid="profile-editor"] input[type="radio"]')].map((input) => {
          const label = input.closest('label') as HTMLElement;
          const fieldset = input.closest('fieldset') as HTMLElement;
          const range = document.createRange();
          range.selectNodeContents(label);
          range.setStartAfter(input);
          const text = range.getBoundingClientRect();
          const r = input.getBoundingClientRect();
          const field = fieldset.getBoundingClientRect();
          const padLeft = Number.parseFloat(getComputedStyle(fieldset).paddingLeft) + fieldset.clientLeft;
          return {
            beside: r.right <= text.left + 1 && text.left - r.right < 16,
            sameLine: Math.abs((r.top + r.bottom) / 2 - (text.top + text.bottom) / 2) < 6,
            leftAligned: Math.abs(r.left - (field.left + padLeft)) < 8,
          };
        }),
      );
      expect(radios.length).toBe(2);
      for (const r of radios) expect({ width, ...r }).toEqual({ width, beside: true, sameLine: true, leftAligned: true });
    }
    await panel.getByTestId('profile-cancel').click();
  });

  it('account settings with the delete-account form open', async () => {
    await panel.getByTestId('delete-account').click();
    await panel.getByTestId('delete-account-form').waitFor();
    await expectTidy(panel, '[data-testid="account-settings"]');
  });
});
