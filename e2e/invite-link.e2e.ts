import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachToSidePanel } from './cdp';
import { axeProblems, createRoom, launchReader, newAccount, type Reader, signUp } from './harness';
import { peerServer } from './peer-server';

// Invite links with the extension installed (issue 15): the web room at /r/<CODE> is marked by the extension's
// content script before the page's scripts run, so it does not join by itself; the extension's own button,
// "Open in the side panel", opens the real side panel (driven over CDP: it is no Playwright page) on that room.
const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

type Panel = Awaited<ReturnType<typeof attachToSidePanel>>;

/** Type into a Preact input of the real side panel (value + input event, as a person's typing ends up). */
const fill = (panel: Panel, selector: string, value: string) =>
  panel.evaluate(
    `(() => { const i = document.querySelector(${JSON.stringify(selector)}); i.value = ${JSON.stringify(value)}; i.dispatchEvent(new Event('input', { bubbles: true })); })()`,
  );
const click = (panel: Panel, selector: string) => panel.evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`);
const JOIN_NOW_READY = `document.querySelector('[data-testid="join-now"]') && !document.querySelector('[data-testid="join-now"]').disabled`;
const REMOTE_VIDEO = `[...document.querySelectorAll('[data-testid="remote-video"]')].some((v) => v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0.2)`;

describe('invite link with the extension installed', () => {
  const server = peerServer();
  const base = `http://127.0.0.1:${process.env.CHAEKBANG_E2E_PEER_PORT}`;
  let host: Reader;
  let hostPanel: Page;
  let code: string;
  const readers: Reader[] = [];

  beforeAll(async () => {
    await server.start();
    host = await launchReader();
    hostPanel = await host.openPanel();
    await signUp(hostPanel, newAccount('Host'));
    code = await createRoom(hostPanel);
  });
  afterAll(async () => {
    for (const r of readers) await r.close();
    await host?.close();
    await server.stop();
  });

  it('a signed-in reader opens the link: the page offers the side panel, and the panel ends in the room with video', async () => {
    const reader = await launchReader();
    readers.push(reader);
    const tab = await reader.openPanel();
    await signUp(tab, newAccount('Invitee'));
    await tab.close();

    const errors: string[] = [];
    const page = await reader.context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${base}/r/${code}`);
    // Marked before the page's scripts ran: the page shows the choice instead of joining by itself.
    expect(await page.evaluate(() => document.documentElement.dataset.chaekbangExtension)).toBe('1');
    await page.getByTestId('web-extension-choice').waitFor();
    const button = page.getByTestId('invite-open-side-panel');
    await button.waitFor();
    expect(await page.getByTestId('web-join-here').isVisible()).toBe(true);
    expect(await page.getByTestId('web-name').count()).toBe(0);
    // The button's box is the extension's: at least 44 px tall, in the page's slot.
    const box = await button.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(await page.locator('#chaekbang-extension-slot > chaekbang-invite').count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'invite-open-side-panel.png') });

    await button.click();
    const panel = await attachToSidePanel(page);
    try {
      // The Room tab has checked the code (no passcode here) and shows the camera check for that room.
      await panel.waitFor(JOIN_NOW_READY, 20_000);
      await click(panel, '[data-testid="join-now"]');
      await panel.waitFor(`document.querySelector('[data-testid="call"]')`, 20_000);
      await panel.waitFor(REMOTE_VIDEO, 20_000);
      expect(await panel.evaluate<string>(`document.querySelector('[data-testid="room-code"]').textContent`)).toContain(code);
      await hostPanel.getByTestId('remote-tile').first().waitFor({ timeout: 20_000 });
    } finally {
      await panel.detach();
    }
    expect(errors).toEqual([]);
  });

  it('signed out and a passcode room: the panel asks to sign in first, then asks for the passcode, then joins', async () => {
    const owner = await launchReader();
    readers.push(owner);
    const ownerPanel = await owner.openPanel();
    await signUp(ownerPanel, newAccount('Owner'));
    await ownerPanel.getByTestId('nav-room').click();
    await ownerPanel.fill('input[name="newPasscode"]', 'maple-shelf-42');
    await ownerPanel.getByTestId('create-room').click();
    await ownerPanel.getByTestId('join-now').click();
    await ownerPanel.getByTestId('call').waitFor();
    const locked = ((await ownerPanel.getByTestId('room-code').textContent()) ?? '').match(/[2-9A-Z]{3}-[2-9A-Z]{3}/)?.[0];
    if (!locked) throw new Error('no room code');

    const reader = await launchReader({ lang: 'ko' });
    readers.push(reader);
    const page = await reader.context.newPage();
    await page.goto(`${base}/r/${locked.replace('-', '').toLowerCase()}`);
    await page.getByTestId('invite-open-side-panel').click();
    const panel = await attachToSidePanel(page);
    try {
      // Not signed in: the invite waits, said in Korean above the sign-in form.
      await panel.waitFor(`document.querySelector('[data-testid="invite-sign-in"]')`);
      expect(await panel.evaluate<string>(`document.querySelector('[data-testid="invite-sign-in"]').textContent`)).toContain(
        locked,
      );
      await panel.waitFor(`document.querySelector('[data-testid="auth-form"]')`);
      // The same panel in a tab (axe cannot reach the real side panel): the notice and the sign-in form, axe clean.
      // Closed before signing in, so only the side panel takes the invite.
      const tab = await reader.openPanel();
      await tab.getByTestId('invite-sign-in').waitFor();
      expect(await axeProblems(tab)).toEqual([]);
      await tab.screenshot({ path: join(SCREENSHOTS, 'invite-sign-in-ko.png') });
      await tab.close();
      if (!(await panel.evaluate<boolean>(`Boolean(document.querySelector('input[name="displayName"]'))`))) {
        await click(panel, '[data-testid="auth-form"] button.link');
      }
      const account = newAccount('Late');
      await fill(panel, 'input[name="displayName"]', account.displayName);
      await fill(panel, 'input[name="email"]', account.email);
      await fill(panel, 'input[name="password"]', account.password);
      await click(panel, '[data-testid="auth-submit"]');

      // Signed in: the Room tab has the code filled in and asks for the passcode (focused).
      await panel.waitFor(`document.querySelector('input[name="roomCode"]')?.value === ${JSON.stringify(locked)}`, 30_000);
      await panel.waitFor(`document.activeElement?.getAttribute('name') === 'passcode'`);
      expect(await panel.evaluate<string>(`document.querySelector('[data-testid="room-lobby"]').textContent`)).toContain(
        '비밀번호',
      );
      await fill(panel, 'input[name="passcode"]', 'maple-shelf-42');
      await click(panel, '[data-testid="join-room"]');
      await panel.waitFor(JOIN_NOW_READY, 20_000);
      await click(panel, '[data-testid="join-now"]');
      await panel.waitFor(REMOTE_VIDEO, 20_000);
      // The hand-off was taken once: nothing waits in storage any more.
      expect(
        await panel.evaluate<boolean>(`chrome.storage.session.get('pendingInvite').then((v) => v.pendingInvite === undefined)`),
      ).toBe(true);
    } finally {
      await panel.detach();
    }
    await ownerPanel.getByTestId('remote-tile').first().waitFor({ timeout: 20_000 });
  });

  it('a malformed code or another server’s page: no mark, no button, no error', async () => {
    const reader = await launchReader();
    readers.push(reader);
    const errors: string[] = [];
    const page = await reader.context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    for (const path of ['/r/NOT-A-CODE', '/r/ABC-DE0', `/r/${'%'.repeat(3)}`]) {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('load');
      expect(await page.evaluate(() => document.documentElement.dataset.chaekbangExtension ?? null), path).toBeNull();
      expect(await page.locator('chaekbang-invite').count(), path).toBe(0);
    }
    // Same page under another host name of this machine: not the configured server, so not ours to mark.
    await page.goto(`${base.replace('127.0.0.1', 'localhost')}/r/${code}`);
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => document.documentElement.dataset.chaekbangExtension ?? null)).toBeNull();
    expect(errors).toEqual([]);
  });
});
