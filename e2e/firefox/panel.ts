import type { Page } from 'puppeteer-core';

/** The panel flows of e2e/harness.ts for a puppeteer (Firefox) page: same test ids, same steps a reader takes. */

const id = (testId: string) => `[data-testid="${testId}"]`;

export async function signUp(panel: Page, account: { displayName: string; email: string; password: string }) {
  await panel.waitForSelector(id('auth-form'), { timeout: 20_000 });
  if ((await panel.$('input[name="displayName"]')) === null) await panel.click(`${id('auth-form')} button.link`);
  await panel.locator('input[name="displayName"]').fill(account.displayName);
  await panel.locator('input[name="email"]').fill(account.email);
  await panel.locator('input[name="password"]').fill(account.password);
  await panel.click(id('auth-submit'));
  await panel.waitForFunction(
    (sel, name) => [...document.querySelectorAll(sel)].some((e) => e.textContent?.includes(name)),
    { timeout: 20_000 },
    id('profile-name'),
    account.displayName,
  );
}

/** The room code a panel in a call shows ("K7P-2QX"). */
export async function roomCodeOf(panel: Page): Promise<string> {
  await panel.waitForSelector(id('room-code'), { timeout: 20_000 });
  const text = await panel.$eval(id('room-code'), (e) => e.textContent ?? '');
  const code = text.match(/[2-9A-Z]{3}-[2-9A-Z]{3}/)?.[0];
  if (!code) throw new Error(`no room code in "${text}"`);
  return code;
}

/** Click "join now" once the pre-join screen has a preview stream (the button is enabled). */
async function joinNow(panel: Page) {
  await panel.locator(id('join-now')).setTimeout(20_000).click();
  await panel.waitForSelector(id('call'), { timeout: 20_000 });
}

export async function createRoom(panel: Page): Promise<string> {
  await panel.click(id('nav-room'));
  await panel.locator(id('create-room')).click();
  await joinNow(panel);
  return roomCodeOf(panel);
}

export async function joinRoom(panel: Page, code: string) {
  await panel.click(id('nav-room'));
  await panel.locator('input[name="roomCode"]').fill(code);
  await panel.click(id('join-room'));
  await joinNow(panel);
}

/** Wait until the panel shows `count` remote tiles whose video has frames; returns their decoded seconds. */
export async function waitForRemoteVideo(panel: Page, count = 1, timeout = 30_000): Promise<number[]> {
  await panel.waitForFunction(
    (n) => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')];
      return videos.length === n && videos.every((v) => v.readyState >= 2 && v.videoWidth > 0);
    },
    { timeout },
    count,
  );
  return remoteVideoTimes(panel);
}

export function remoteVideoTimes(panel: Page): Promise<number[]> {
  return panel.$$eval('[data-testid="remote-video"]', (els) => els.map((v) => (v as HTMLVideoElement).currentTime));
}
