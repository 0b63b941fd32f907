import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  joinRoom as chromiumJoinRoom,
  signUp as chromiumSignUp,
  launchReader,
  newAccount,
  type Reader,
  readDoc,
  uidOf,
} from '../harness';
import { peerServer } from '../peer-server';
import {
  ARTIFACTS,
  axeProblems,
  callIn,
  chipText,
  clickChipButton,
  closeSidebar,
  FIREFOX_MISSING,
  type FirefoxReader,
  inSidebar,
  lastTextBeforeClose,
  launchFirefoxReader,
  locationOf,
  navigate,
  openSidebar,
  openSidebarFromToolbar,
  reloadSidebar,
  setMediaPermission,
  sidebarShowsPanel,
  waitInSidebar,
} from './firefox';
import { createRoom, remoteVideoTimes, signUp, waitForRemoteVideo } from './panel';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'book-pages');
const YES24 = join(FIXTURES, 'yes24', 'leechis7-2026-detail-goods-125557465.excerpt.html');
const YES24_URL = 'https://www.yes24.com/product/goods/125557465';
const hasFixtures = existsSync(YES24);

/**
 * One Firefox ESR (the Firefox build, installed as a temporary add-on over WebDriver BiDi) and, for the call,
 * one Chromium (the Chrome build) beside it, against this run's emulators and a real peer-server.
 */
describe.skipIf(FIREFOX_MISSING !== '')('Chaekbang in Firefox ESR', () => {
  const server = peerServer();
  let fx: FirefoxReader;
  let panel: Page;
  const account = newAccount('Firefox');

  beforeAll(async () => {
    await server.start();
    fx = await launchFirefoxReader();
    panel = await fx.openPanel();
    await signUp(panel, account);
  });
  afterAll(async () => {
    await fx?.close();
    await server.stop();
  });

  it('the panel renders signed in', async () => {
    for (const tab of ['nav-room', 'nav-shelf']) expect(await panel.$(`[data-testid="${tab}"]`)).not.toBeNull();
    expect(await panel.$eval('[data-testid="profile-name"]', (e) => e.textContent)).toContain(account.displayName);
    expect(await panel.$('[data-testid="auth-form"]')).toBeNull();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await panel.screenshot({ path: join(SCREENSHOTS, 'firefox-panel.png') });
    expect(await axeProblems(panel)).toEqual([]);
  });

  describe('Firefox’s real sidebar', () => {
    /**
     * An extension tab that drives the sidebar (browser.extension.getViews reaches the sidebar's document). It
     * shows the permission page, waiting at Firefox's camera prompt, so the sidebar is the only panel (one
     * Firestore client, as for a reader who uses the sidebar).
     */
    let driver: Page;
    beforeAll(async () => {
      await setMediaPermission(fx, 'prompt');
      driver = panel;
      await navigate(driver, `${fx.origin}/permission.html`);
    });
    afterAll(async () => {
      await closeSidebar(fx);
      await driver.close().catch(() => {});
    });

    it('opens with the panel, signed in', async () => {
      await openSidebar(driver);
      const signedIn = `(doc) => {
        const name = doc.querySelector('[data-testid="profile-name"]')?.textContent ?? '';
        return name ? { url: doc.location.href, name, tabs: doc.querySelectorAll('[data-testid^="nav-"]').length } : null;
      }`;
      const shown = await waitInSidebar<{ url: string; name: string; tabs: number }>(driver, signedIn, 15_000).catch(
        async (err) => {
          // KNOWN ISSUE (as in e2e/room-layout.e2e.ts): now and then a panel's Firestore client never starts and the
          // profile never arrives ("could not be loaded"). Not what this spec tests: one reload, said aloud.
          console.warn(`[firefox] the sidebar's Firestore client stalled at start (known issue); reloading it once\n${err}`);
          await inSidebar(driver, '(doc) => doc.defaultView.location.reload()');
          return waitInSidebar<{ url: string; name: string; tabs: number }>(driver, signedIn);
        },
      );
      expect(shown.url).toBe(`${fx.origin}/sidepanel.html`);
      expect(shown.name).toContain(account.displayName);
      expect(shown.tabs).toBeGreaterThanOrEqual(2);
      expect(await inSidebar(driver, `(doc) => doc.querySelector('[data-testid="auth-form"]') === null`)).toBe(true);
    });

    it('a call without camera permission gets the explained fallback: the permission tab, then the grant picked up live', async () => {
      // Room → Create a room → pre-join, which cannot ask in the sidebar and says so.
      await inSidebar(driver, `(doc) => doc.querySelector('[data-testid="nav-room"]').click()`);
      await waitInSidebar(driver, `(doc) => doc.querySelector('[data-testid="create-room"]')`);
      await inSidebar(driver, `(doc) => doc.querySelector('[data-testid="create-room"]').click()`);
      await waitInSidebar(driver, `(doc) => doc.querySelector('[data-testid="perm-needed"]')`);
      expect(await inSidebar(driver, `(doc) => doc.querySelector('[data-testid="join-now"]').disabled`)).toBe(true);
      expect(await inSidebar(driver, `(doc) => doc.querySelector('[data-testid="perm-needed"]').textContent`)).toContain(
        'The sidebar cannot ask',
      );

      // Its button opens the extension's permission page in a tab, which asks (Firefox's prompt).
      const opened = new Promise<Page>((resolve) =>
        fx.browser.once('targetcreated', (target) => target.page().then((p) => p && resolve(p))),
      );
      await inSidebar(driver, `(doc) => doc.querySelector('[data-testid="perm-needed"] button').click()`);
      const permissionTab = await opened;
      await pollNode(async () => ((await locationOf(permissionTab).catch(() => '')).endsWith('/permission.html') ? true : null));
      expect(await locationOf(permissionTab)).toBe(`${fx.origin}/permission.html`);
      // It tells the reader to let Firefox remember the answer (a one-time grant would stay with that tab).
      await permissionTab.waitForFunction(() => document.getElementById('body')?.textContent !== '', { timeout: 10_000 });
      expect(await permissionTab.$eval('#body', (e) => e.textContent)).toContain('Remember this decision');
      expect(await axeProblems(permissionTab)).toEqual([]);

      // The reader allows (Firefox remembers it for the extension): the sidebar picks it up without a click.
      await setMediaPermission(fx, 'granted');
      await waitInSidebar(driver, `(doc) => !doc.querySelector('[data-testid="perm-needed"]')`);
      await waitInSidebar(driver, `(doc) => doc.querySelector('[data-testid="join-now"]')?.disabled === false`);
      await inSidebar(driver, `(doc) => doc.querySelector('[data-testid="prejoin"] .row button:not(.primary)').click()`);
      await permissionTab.close().catch(() => {});
    });
  });

  it('the permission page asks, says it is allowed, and closes itself', async () => {
    await setMediaPermission(fx, 'granted');
    const page = await fx.browser.newPage();
    void navigate(page, `${fx.origin}/permission.html`).catch(() => {});
    expect(await lastTextBeforeClose(page, '#status')).toBe('Allowed. You can close this tab.');
  });

  describe('a reader in Firefox and a reader in Chromium in one room', () => {
    let chromium: Reader;
    let chromiumPanel: PlaywrightPage;
    beforeAll(async () => {
      await setMediaPermission(fx, 'granted');
      chromium = await launchReader();
      chromiumPanel = await chromium.openPanel();
      await chromiumSignUp(chromiumPanel, newAccount('Chromium'));
    });
    afterAll(async () => {
      await chromium?.close();
    });

    it("each sees the other's video, and it keeps playing", async () => {
      // A fresh panel tab (the sidebar is closed: this is the only panel), still signed in.
      panel = await fx.openPanel();
      const fxPanel = panel;
      for (let attempt = 1; ; attempt++) {
        await fxPanel.locator('[data-testid="nav-room"]').click();
        const ready = await fxPanel
          .waitForSelector('[data-testid="room-lobby"]', { timeout: 15_000 })
          .then(() => true)
          .catch(() => false);
        if (ready || attempt >= 2) break;
        console.warn("[firefox] the panel's Firestore client stalled at start (known issue); reloading it once");
        await navigate(fxPanel, `${fx.origin}/sidepanel.html`);
      }
      const code = await createRoom(fxPanel);
      await chromiumJoinRoom(chromiumPanel, code);
      await waitForRemoteVideo(fxPanel, 1);
      await chromiumPanel.waitForFunction(
        () => {
          const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
          return !!v && v.readyState >= 2 && v.videoWidth > 0;
        },
        null,
        { timeout: 30_000 },
      );
      const chromiumTimes = () =>
        chromiumPanel.$$eval('[data-testid="remote-video"]', (els) => els.map((v) => (v as HTMLVideoElement).currentTime));
      const before = { fx: await remoteVideoTimes(fxPanel), cr: await chromiumTimes() };
      // Frames keep arriving both ways (condition-waits, no fixed sleep).
      await fxPanel.waitForFunction(
        (t0) => [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')][0]!.currentTime > t0 + 0.5,
        { timeout: 10_000 },
        before.fx[0]!,
      );
      await chromiumPanel.waitForFunction(
        (t0) => document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')!.currentTime > t0 + 0.5,
        before.cr[0]!,
        { timeout: 10_000 },
      );
      const names = await chromiumPanel.$$eval('[data-testid="tile-name"]', (els) => els.map((e) => e.textContent));
      expect(names.some((n) => n?.startsWith(account.displayName))).toBe(true);
      await fxPanel.screenshot({ path: join(SCREENSHOTS, 'firefox-room-with-chromium.png') });
      await fxPanel.locator('[data-testid="leave-room"]').click();
      await fxPanel.waitForSelector('[data-testid="create-room"]', { timeout: 20_000 });
    });
  });

  it('when camera and microphone are blocked, the panel says how to unblock in Firefox and still lets the reader listen', async () => {
    await setMediaPermission(fx, 'denied');
    const tab = panel;
    await tab.bringToFront();
    await tab.click('[data-testid="nav-room"]');
    await tab.locator('[data-testid="create-room"]').click();
    await tab.waitForSelector('[data-testid="perm-problem"]', { timeout: 10_000 });
    expect(await tab.$eval('[data-testid="perm-problem"]', (e) => e.getAttribute('data-problem'))).toBe('denied');
    // Firefox's own way to unblock, not Chrome's settings page.
    const explained = await tab.$eval('[data-testid="perm-problem"]', (e) => e.textContent ?? '');
    expect(explained).toContain('about:preferences#privacy');
    expect(explained).not.toContain('chrome://');
    expect(await axeProblems(tab)).toEqual([]);
    await tab.click('[data-testid="listen-only"]');
    await tab.waitForSelector('[data-testid="call"]', { timeout: 10_000 });
    expect(await tab.$eval('[data-testid="toggle-camera"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await tab.locator('[data-testid="leave-room"]').click();
    await tab.waitForSelector('[data-testid="create-room"]', { timeout: 10_000 });
    await setMediaPermission(fx, 'granted');
  });

  describe.skipIf(!hasFixtures)('a saved book page', () => {
    if (!hasFixtures) console.warn(`[skip] ${YES24} not found: the Firefox book-page test needs ../shared/fixtures`);
    let page: Page;
    beforeAll(async () => {
      await setMediaPermission(fx, 'granted');
      const html = readFileSync(YES24);
      page = await fx.browser.newPage();
      // The saved YES24 page under its real URL (as e2e/book-pages.e2e.ts does with context.route).
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        if (req.url().startsWith('https://www.yes24.com/'))
          void req.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
        else void req.continue();
      });
    });

    it('the content script detects the book and shows the chip; the background badges the tab', async () => {
      await page.bringToFront();
      await navigate(page, YES24_URL);
      await page.waitForSelector('[data-chaekbang="chip"]', { timeout: 10_000 });
      expect(await chipText(page)).toContain('하루 한 장 나의 어휘력을 위한 필사 노트');
      await page.screenshot({ path: join(ARTIFACTS, 'firefox-chip-yes24.png') });
      const state = await pollIn(panel, async () => {
        const all = (await browser.storage.session.get(null)) as Record<
          string,
          { url?: string; tabId: number; book?: { isbn13: string; site: string } }
        >;
        const s = Object.values(all).find((v) => v?.url?.startsWith('https://www.yes24.com/product/goods/125557465'));
        if (!s?.book) return null;
        return { isbn: s.book.isbn13, site: s.book.site, badge: await browser.action.getBadgeText({ tabId: s.tabId }) };
      });
      expect(state).toEqual({ isbn: '9791171711673', site: 'yes24', badge: '책' });
    });

    it('Add to shelf with no panel open: the chip says to open the sidebar from the toolbar; opened, the sidebar adds the book', async () => {
      // No panel anywhere (the reader's panel tab closed, the sidebar closed).
      await panel.close();
      expect(await sidebarShowsPanel(fx)).toBe(false);
      await page.bringToFront();
      await clickChipButton(page, 'shelf');
      // Firefox opens a sidebar only from a user action in the browser itself: the chip's click, carried to the
      // background in a message, cannot open it (Chrome's side panel can). The chip says what to do instead.
      await expectChip(page, 'Click the Chaekbang button in the toolbar to open the sidebar and finish.');
      expect(await sidebarShowsPanel(fx)).toBe(false);

      // The reader clicks the toolbar button: the sidebar opens and carries out the waiting action.
      await openSidebarFromToolbar(fx);
      expect(await pollNode(async () => ((await sidebarShowsPanel(fx)) ? true : null))).toBe(true);
      const added = await waitForChip(page, 'Added to your shelf', 15_000);
      if (!added) {
        // KNOWN ISSUE (as in e2e/room-layout.e2e.ts): the panel's Firestore client may stall at start. One reload.
        console.warn("[firefox] the sidebar's Firestore client stalled at start (known issue); reloading it once");
        await reloadSidebar(fx);
      }
      await expectChip(page, 'Added to your shelf');
      const uid = await uidOf(account.email);
      const entry = await pollNode(() => readDoc(`users/${uid}/shelf/9791171711673`));
      expect(entry).toMatchObject({ status: 'want-to-read', isbn13: '9791171711673' });
      await page.screenshot({ path: join(ARTIFACTS, 'firefox-chip-added.png') });
    });
  });
});

declare const browser: {
  storage: { session: { get(k: null): Promise<Record<string, unknown>> } };
  action: { getBadgeText(o: { tabId: number }): Promise<string> };
};

/** Poll a function in an extension page until it returns something non-null (or 10 s pass). */
async function pollIn<T>(page: Page, fn: () => Promise<T | null>): Promise<T | null> {
  return pollNode(() => callIn<T | null>(page, fn.toString()));
}

async function pollNode<T>(fn: () => Promise<T | null>, timeout = 10_000): Promise<T | null> {
  const started = Date.now();
  for (;;) {
    const value = await fn();
    if (value !== null || Date.now() - started > timeout) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForChip(page: Page, text: string, timeout = 10_000): Promise<boolean> {
  return (await pollNode(async () => ((await chipText(page)).includes(text) ? true : null), timeout)) === true;
}

async function expectChip(page: Page, text: string) {
  await waitForChip(page, text);
  expect(await chipText(page)).toContain(text);
}
