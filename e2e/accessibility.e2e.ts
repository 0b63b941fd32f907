import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeProblems, freshIsbn13, launchReader, newAccount, type Reader, signUp } from './harness';
import { peerServer } from './peer-server';

// Accessibility of every view, in English and in Korean, checked by axe-core in the real built extension:
// no serious or critical violation anywhere, every control named (the browser's own accessibility tree),
// and a keyboard-only path through a call with a visible focus ring at each step.

const FIXTURES = join(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'book-pages');
const YES24 = join(FIXTURES, 'yes24', 'leechis7-2026-detail-goods-125557465.excerpt.html');
const PAGE_URL = 'https://www.yes24.com/product/goods/125557465';
const present = existsSync(YES24);
if (!present) console.warn(`[skip] ${YES24} not found: the accessibility test needs ../shared/fixtures`);

type Lang = 'en' | 'ko';

const CONTROL_ROLES = new Set([
  'button',
  'textbox',
  'searchbox',
  'checkbox',
  'radio',
  'combobox',
  'listbox',
  'spinbutton',
  'slider',
  'switch',
  'link',
  'tab',
  'menuitem',
]);

/** Controls the browser's accessibility tree shows without a name (Chromium's own name computation). */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }[];
    };
    const bad: string[] = [];
    for (const n of nodes) {
      if (n.ignored || !n.role || !CONTROL_ROLES.has(n.role.value)) continue;
      if ((n.name?.value ?? '').trim()) continue;
      let html = '?';
      if (n.backendDOMNodeId) {
        const { outerHTML } = (await cdp.send('DOM.getOuterHTML', { backendNodeId: n.backendDOMNodeId })) as {
          outerHTML: string;
        };
        html = outerHTML.slice(0, 160);
      }
      bad.push(`${n.role.value}: ${html}`);
    }
    return bad;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Focusable controls that show no focus ring when reached from the keyboard: after a key press (keyboard
 * modality), focusing each one must match :focus-visible and draw a visible outline.
 */
async function ringlessControls(page: Page): Promise<string[]> {
  await page.keyboard.press('Shift');
  return page.evaluate(() => {
    const bad: string[] = [];
    const all = document.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])',
    );
    for (const el of all) {
      if ((el as HTMLButtonElement).disabled || el.getClientRects().length === 0 || el.tabIndex < 0) continue;
      if (getComputedStyle(el).visibility === 'hidden') continue;
      el.focus();
      if (document.activeElement !== el) continue;
      const style = getComputedStyle(el);
      const ring =
        el.matches(':focus-visible') &&
        style.outlineStyle !== 'none' &&
        Number.parseFloat(style.outlineWidth) >= 1 &&
        style.outlineColor !== 'rgba(0, 0, 0, 0)';
      if (!ring) bad.push(el.outerHTML.slice(0, 160));
    }
    (document.activeElement as HTMLElement | null)?.blur();
    return bad;
  });
}

const found: Record<string, string[]> = {};

/** axe + the name check on one view; every problem is recorded under the view's name. */
async function audit(page: Page, view: string, include?: string) {
  const problems = [
    ...(await axeProblems(page, { view, include })),
    ...(include ? [] : (await unnamedControls(page)).map((c) => `unnamed ${c}`)),
    ...(include ? [] : (await ringlessControls(page)).map((c) => `no focus ring: ${c}`)),
  ];
  found[view] = problems;
  expect(problems, `${view}:\n${problems.join('\n')}`).toEqual([]);
}

/** The element that has focus now, and whether a focus ring is drawn for it. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { testid: null, name: null, ring: false };
    const style = getComputedStyle(el);
    const ring =
      el.matches(':focus-visible') &&
      style.outlineStyle !== 'none' &&
      Number.parseFloat(style.outlineWidth) >= 1 &&
      style.outlineColor !== 'rgba(0, 0, 0, 0)';
    return { testid: el.getAttribute('data-testid'), name: el.getAttribute('name'), ring };
  });
}

/**
 * Press Tab (or Shift+Tab) until the focused element matches, checking that every stop on the way shows a
 * focus ring. Fails when the target is not reached in `max` presses.
 */
async function tabTo(page: Page, target: { testid?: string; name?: string }, { back = false, max = 40 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f.testid === null && f.name === null && !f.ring) continue; // body or a plain container
    expect(f.ring, `no focus ring on ${f.testid ?? f.name}`).toBe(true);
    if ((target.testid && f.testid === target.testid) || (target.name && f.name === target.name)) return;
  }
  throw new Error(`Tab did not reach ${target.testid ?? target.name} in ${max} presses`);
}

describe.skipIf(!present)('accessibility: axe on every view, names, keyboard only (en + ko)', () => {
  const server = peerServer();
  const readers = {} as Record<Lang, Reader>;
  const panels = {} as Record<Lang, Page>;
  let code = '';

  beforeAll(async () => {
    await server.start();
    const html = readFileSync(YES24);
    for (const lang of ['en', 'ko'] as const) {
      readers[lang] = await launchReader({ lang });
      await readers[lang].context.route('https://www.yes24.com/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      panels[lang] = await readers[lang].openPanel();
    }
  });
  afterAll(async () => {
    for (const r of Object.values(readers)) await r?.close();
    await server.stop();
    console.log(`[a11y] views checked: ${Object.keys(found).length}; serious/critical: ${Object.values(found).flat().length}`);
  });

  it('signed out: the sign-in and sign-up forms; the document language follows the UI language', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const panel = panels[lang];
      await panel.getByTestId('auth-form').waitFor();
      expect(await panel.evaluate(() => document.documentElement.lang)).toBe(lang);
      const signUpShown = (await panel.locator('input[name="displayName"]').count()) > 0;
      await audit(panel, `${lang} ${signUpShown ? 'sign-up' : 'sign-in'} form`);
      await panel.locator('[data-testid="auth-form"] button.link').click();
      await panel.waitForFunction((had) => (document.querySelector('input[name="displayName"]') !== null) !== had, signUpShown);
      await audit(panel, `${lang} ${signUpShown ? 'sign-in' : 'sign-up'} form`);
      await signUp(panel, newAccount(lang === 'en' ? 'Axel' : 'Haneul'));
    }
  });

  it('signed in: the room lobby and the camera check before joining', async () => {
    for (const lang of ['en', 'ko'] as const) {
      await panels[lang].getByTestId('nav-room').click();
      await panels[lang].getByTestId('room-lobby').waitFor();
      await audit(panels[lang], `${lang} room lobby`);
    }
    const en = panels.en;
    await en.getByTestId('create-room').click();
    await en.getByTestId('join-now').waitFor();
    await en.locator('video').first().waitFor();
    await audit(en, 'en pre-join');
    await en.getByTestId('join-now').click();
    await en.getByTestId('call').waitFor();
    code = (await en.getByTestId('room-code').textContent())?.match(/[2-9A-Z]{3}-[2-9A-Z]{3}/)?.[0] ?? '';
    expect(code).not.toBe('');
  });

  it('keyboard only: join a room, mute, send a chat line, share the page’s book (focus ring at every stop)', async () => {
    const ko = panels.ko;
    await ko.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(ko, { name: 'roomCode' });
    await ko.keyboard.type(code.toLowerCase());
    await tabTo(ko, { testid: 'join-room' });
    await ko.keyboard.press('Enter');
    await ko.getByTestId('join-now').waitFor();
    await ko.waitForFunction(() => !(document.querySelector('[data-testid="join-now"]') as HTMLButtonElement).disabled);
    await audit(ko, 'ko pre-join');
    await tabTo(ko, { testid: 'join-now' });
    await ko.keyboard.press('Space');
    await ko.getByTestId('call').waitFor();
    await panels.en.getByTestId('remote-tile').waitFor({ timeout: 20_000 });

    await tabTo(ko, { testid: 'toggle-mute' });
    await ko.keyboard.press('Space');
    expect(await ko.getByTestId('toggle-mute').getAttribute('aria-pressed')).toBe('true');
    await panels.en.locator('[data-testid="remote-tile"] .muted-icon').waitFor({ timeout: 5000 });

    await tabTo(ko, { name: 'chat' });
    await ko.keyboard.type('키보드로만 보낸 말');
    await ko.keyboard.press('Enter');
    await panels.en.getByTestId('chat-line').filter({ hasText: '키보드로만 보낸 말' }).waitFor({ timeout: 5000 });

    // A member's profile from their tile: focus goes into the popover, Escape closes it and focus comes back.
    await tabTo(ko, { testid: 'tile-open-profile' }, { back: true });
    await ko.keyboard.press('Enter');
    await ko.getByTestId('member-profile').getByTestId('profile-name').waitFor({ timeout: 10_000 });
    expect(await ko.evaluate(() => document.activeElement?.closest('[data-testid="member-profile"]') !== null)).toBe(true);
    expect((await focused(ko)).ring).toBe(true);
    await ko.keyboard.press('Escape');
    await ko.getByTestId('member-profile').waitFor({ state: 'detached' });
    expect((await focused(ko)).testid).toBe('tile-open-profile');

    // The book page in another tab of the same window: the panel offers it at its top.
    const page = await readers.ko.context.newPage();
    await page.goto(PAGE_URL);
    await ko.getByTestId('page-share').waitFor({ timeout: 10_000 });
    await tabTo(ko, { testid: 'page-share' }, { back: true, max: 60 });
    await ko.keyboard.press('Enter');
    await panels.en.getByTestId('book-card-title').waitFor({ timeout: 10_000 });
  });

  it('the call with two readers and a shared card, and a member’s profile popover', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const panel = panels[lang];
      await panel.getByTestId('book-card').waitFor({ timeout: 10_000 });
      await panel.getByTestId('remote-video').waitFor({ timeout: 20_000 });
      await audit(panel, `${lang} call with a shared card`);
      await panel.locator('[data-testid="remote-tile"] .tile-hit').first().click();
      await panel.getByTestId('member-profile').getByTestId('profile-name').waitFor({ timeout: 10_000 });
      // The popover is a dialog named after the member it shows.
      const name = lang === 'en' ? /^Haneul \d+'s profile$/ : /^Axel \d+님의 프로필$/;
      expect(await panel.getByRole('dialog', { name }).getAttribute('data-testid')).toBe('member-profile');
      // Its headings go in order under the panel's h1 (axe's heading-order, a moderate rule, flagged it).
      const order = await new AxeBuilder({ page: panel }).withRules(['heading-order']).analyze();
      expect(order.violations.map((v) => v.id)).toEqual([]);
      await audit(panel, `${lang} member profile popover`);
    }
  });

  it('the shelf with a book and its details open', async () => {
    // A fresh ISBN: the books/ record is shared by the whole run, and its first writer names it (the saved
    // YES24 book's ISBN would give it this spec's short title in every later spec).
    const isbn = freshIsbn13();
    for (const lang of ['en', 'ko'] as const) {
      const panel = panels[lang];
      await panel.getByTestId('nav-shelf').click();
      await panel.fill('[data-testid="shelf-add-isbn"]', isbn);
      const title = panel.getByTestId('shelf-add-title');
      if (await title.isVisible().catch(() => false)) await title.fill('필사 노트');
      await panel.getByTestId('shelf-add-submit').click();
      const item = panel.locator(`[data-testid="shelf-item"][data-isbn="${isbn}"]`);
      await item.waitFor({ timeout: 20_000 });
      await item.getByTestId('shelf-details').click();
      await item.getByTestId('shelf-total-input').waitFor();
      await audit(panel, `${lang} shelf with details`);
    }
  });

  it('the profile: own, the editor, account settings', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const panel = panels[lang];
      await panel.getByTestId('nav-profile').click();
      await panel.getByTestId('account-settings').waitFor();
      // Known, not an accessibility matter (see the report): the own profile is sometimes shown as "could not
      // be loaded" under load. One reload is tried; if it stays so, that state is what gets checked (and said).
      const ready = () =>
        panel
          .getByTestId('profile-edit')
          .waitFor({ timeout: 10_000 })
          .then(
            () => true,
            () => false,
          );
      let loaded = await ready();
      if (!loaded) {
        await panel.screenshot({ path: join(ARTIFACTS, `a11y-profile-missing-${lang}.png`) });
        await panel.reload();
        await panel.getByTestId('nav-profile').click();
        loaded = await ready();
        if (!loaded) console.warn(`[a11y] ${lang}: own profile shown as missing even after a reload; editor not checked`);
      }
      await audit(panel, `${lang} profile and account settings`);
      if (!loaded) continue;
      await panel.getByTestId('profile-edit').click();
      await panel.getByTestId('profile-editor').waitFor();
      await audit(panel, `${lang} profile editor`);
      const cancel = panel.getByTestId('profile-cancel');
      if (await cancel.isVisible()) await cancel.click();
    }
  });

  it('Discover: the lists and search results', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const panel = panels[lang];
      await panel.getByTestId('nav-discover').click();
      await panel.getByTestId('discover-bestsellers').getByTestId('catalog-result').first().waitFor({ timeout: 20_000 });
      await audit(panel, `${lang} Discover lists`);
      await panel.getByTestId('discover-search').getByTestId('catalog-query').fill('테스트');
      await panel.getByTestId('discover-search').getByTestId('catalog-result').first().waitFor({ timeout: 20_000 });
      await audit(panel, `${lang} Discover search results`);
    }
  });

  it('the permission page (camera blocked: the message and the retry button)', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const origin = `chrome-extension://${readers[lang].extensionId}`;
      // Allowed: the page says so (it would close itself 0.6 s later; kept open here to be checked).
      const granted = await readers[lang].context.newPage();
      await granted.addInitScript(() => {
        window.close = () => {};
      });
      await granted.goto(`${origin}/permission.html`);
      await granted.waitForFunction(() => (document.getElementById('status')?.textContent ?? '') !== '');
      expect(await granted.evaluate(() => document.documentElement.lang)).toBe(lang);
      await audit(granted, `${lang} permission page, allowed`);
      await granted.close();
      // Refused: the browser's answer is a NotAllowedError; the page explains and offers to ask again.
      const refused = await readers[lang].context.newPage();
      await refused.addInitScript(() => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
      });
      await refused.goto(`${origin}/permission.html`);
      await refused.locator('#retry:not([hidden])').waitFor({ timeout: 10_000 });
      await audit(refused, `${lang} permission page, refused`);
      await refused.close();
    }
  });

  it('the on-page chip (its closed shadow root copied into an open one on the same page)', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const page = await readers[lang].context.newPage();
      await page.goto(PAGE_URL);
      await page.locator('chaekbang-chip').waitFor({ state: 'attached', timeout: 10_000 });
      const cdp = await page.context().newCDPSession(page);
      type Node = { nodeName: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[]; backendNodeId: number };
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
      const find = (n: Node): Node | null =>
        n.nodeName === 'CHAEKBANG-CHIP' ? n : ([...(n.children ?? [])].map(find).find(Boolean) ?? null);
      const host = find(root);
      const shadow = host?.shadowRoots?.[0];
      if (!shadow) throw new Error('no chip shadow root');
      const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId })) as {
        object: { objectId: string };
      };
      const { result } = (await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: 'function () { return this.innerHTML; }',
        returnByValue: true,
      })) as { result: { value: string } };
      await cdp.detach();
      expect(result.value).toContain('data-action="share"');
      await page.evaluate((markup) => {
        const copy = document.createElement('div');
        copy.id = 'chip-copy';
        copy.setAttribute('style', 'all: initial; position: fixed; left: 16px; top: 16px; z-index: 2147483647; display: block;');
        copy.attachShadow({ mode: 'open' }).innerHTML = markup;
        document.body.append(copy);
      }, result.value);
      // The chip speaks the reader's UI language even on a page in another language; the book's own
      // title and authors keep the page's language.
      expect(
        await page.evaluate(() => document.querySelector('#chip-copy')?.shadowRoot?.querySelector('.chip')?.getAttribute('lang')),
      ).toBe(lang);
      expect(
        await page.evaluate(() =>
          document.querySelector('#chip-copy')?.shadowRoot?.querySelector('.title')?.getAttribute('lang'),
        ),
      ).toBe(await page.evaluate(() => document.documentElement.lang));
      await audit(page, `${lang} chip`, '#chip-copy');
      await page.close();
    }
  });
});
