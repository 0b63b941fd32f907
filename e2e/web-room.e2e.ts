import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authEmulatorHost, signUp as emulatorAccount } from '../peer-server/test/helpers';
import { MEDIA_ARGS, PLAIN_ARGS } from './chromium-args';
import { axeProblems, createRoom, launchReader, newAccount, type Reader, signUp, storedFirebaseUser } from './harness';
import { peerServer } from './peer-server';

/** README screenshots are written straight from this run (phone viewport). */
const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
const PHONE = { width: 390, height: 844 };
const ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36';

/** Every remote <video> on the page shows frames (decoded, with a size). */
async function waitForRemoteVideo(page: Page, count: number, timeout = 30_000) {
  await page.waitForFunction(
    (n) => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')];
      return videos.length === n && videos.every((v) => v.readyState >= 2 && v.videoWidth > 0);
    },
    count,
    { timeout },
  );
}

/** Visible controls of the page smaller than 44 × 44 CSS px (WCAG 2.5.5 target size), as "what: w×h". */
async function smallTapTargets(page: Page): Promise<string[]> {
  return page.$$eval('button, a[href], input, select, [role="button"]', (els) =>
    els
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && !el.closest('[hidden]');
      })
      .map((el) => {
        const r = el.getBoundingClientRect();
        const input = el as HTMLInputElement;
        // A checkbox counts with its label (the label is the target).
        const box = input.type === 'checkbox' && el.closest('label') ? el.closest('label')!.getBoundingClientRect() : r;
        return {
          what: `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent || input.name || '').trim().slice(0, 30)}"`,
          w: box.width,
          h: box.height,
        };
      })
      .filter((t) => t.w < 44 - 0.5 || t.h < 44 - 0.5)
      .map((t) => `${t.what}: ${Math.round(t.w)}×${Math.round(t.h)}`),
  );
}

/** The one screen: the camera preview beside the name; Join (enabled once there is a name and a preview) does the rest. */
async function guestJoins(page: Page, name: string) {
  await page.getByTestId('web-name').waitFor({ timeout: 15_000 });
  await page.getByTestId('web-name-input').fill(name);
  await page.getByTestId('join-now').and(page.locator(':enabled')).waitFor({ timeout: 20_000 });
  await page.getByTestId('join-now').click();
  await page.getByTestId('call').waitFor({ timeout: 20_000 });
}

/** Whether the page has a signed-in Firebase user (stored in localStorage or IndexedDB). */
async function hasFirebaseUser(page: Page): Promise<boolean> {
  return (await storedFirebaseUser(page)) !== null;
}

describe('web room: a guest with nothing installed joins from the invite link (/r/<CODE>)', () => {
  const server = peerServer();
  let reader: Reader;
  let panel: Page;
  let code = '';
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const readerAccount = newAccount('Minji');

  beforeAll(async () => {
    await server.start();
    reader = await launchReader();
    panel = await reader.openPanel();
    await signUp(panel, readerAccount);
    code = await createRoom(panel);
    // The guests: a plain Chromium, no extension (fake camera and microphone as for the readers).
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...PLAIN_ARGS, ...MEDIA_ARGS],
    });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    await reader?.close();
    await server.stop();
  });

  async function guestPage(options: Parameters<Browser['newContext']>[0] = {}) {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 800 }, ...options });
    contexts.push(context);
    return context.newPage();
  }

  it('the server serves the page for a valid code (strict CSP, no-cache) and a 404 page for a malformed one', async () => {
    const ok = await fetch(`${server.url}/r/${code}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    expect(ok.headers.get('cache-control')).toBe('no-cache');
    const csp = ok.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await ok.text();
    const asset = html.match(/\/web-room\/assets\/[A-Za-z0-9._-]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const js = await fetch(`${server.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    for (const bad of ['not-a-code', 'ABC1234', 'I0O-111']) {
      const res = await fetch(`${server.url}/r/${bad}`);
      expect(res.status, bad).toBe(404);
      expect(await res.text()).toContain('No such room link');
    }
    // The build's own files are not served.
    expect((await fetch(`${server.url}/web-room/csp.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/web-room/.vite/manifest.json`)).status).toBe(404);
  });

  it('a guest in a plain page and the reader in the panel see each other, chat, and the guest sees a shared card with "open in a store"', async () => {
    const page = await guestPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    await page.goto(`${server.url}/r/${code.toLowerCase()}`);
    await page.getByTestId('web-name').waitFor();
    // One screen: the camera preview (asked for on load) beside the name field; Join waits for a name.
    await page.getByTestId('prejoin').locator('video').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('join-now').isDisabled()).toBe(true);
    expect(await page.getByTestId('web-passcode-input').count()).toBe(0);
    expect(await axeProblems(page)).toEqual([]);
    // Opening the link made no account: the sign-in starts when the guest types a name.
    expect(await hasFirebaseUser(page)).toBe(false);
    await guestJoins(page, 'Guest Hana');
    // Joined: the anonymous account is on this browser now (so the check above can tell).
    expect(await hasFirebaseUser(page)).toBe(true);

    // Each sees the other's video.
    await waitForRemoteVideo(page, 1);
    await panel.getByTestId('remote-tile').filter({ hasText: 'Guest Hana' }).waitFor({ timeout: 20_000 });
    await waitForRemoteVideo(panel, 1);
    // The reader's tile marks the guest as a guest; the guest's own tile too; the reader is no guest.
    await panel.getByTestId('remote-tile').getByTestId('guest-mark').waitFor({ timeout: 10_000 });
    expect(await panel.getByTestId('remote-tile').getByTestId('guest-mark').textContent()).toBe('guest');
    expect(await page.getByTestId('self-tile').getByTestId('guest-mark').count()).toBe(1);
    expect(await page.getByTestId('remote-tile').getByTestId('guest-mark').count()).toBe(0);
    // No profile to open on a guest's tile; the guest opens no profiles either.
    expect(await panel.getByTestId('remote-tile').getByTestId('tile-open-profile').count()).toBe(0);
    expect(await page.getByTestId('tile-open-profile').count()).toBe(0);
    // What a guest cannot do is not offered: no catalog search, no sprint.
    expect(await page.getByTestId('room-search').count()).toBe(0);

    // Chat both ways.
    await page.fill('input[name="chat"]', '안녕하세요, 링크로 들어왔어요');
    await page.getByTestId('chat-send').click();
    await panel.getByTestId('chat-line').filter({ hasText: '링크로 들어왔어요' }).waitFor({ timeout: 10_000 });
    await panel.fill('input[name="chat"]', 'Welcome, Hana!');
    await panel.getByTestId('chat-send').click();
    await page.getByTestId('chat-line').filter({ hasText: 'Welcome, Hana!' }).waitFor({ timeout: 10_000 });

    // The reader shares a book from the catalog; the guest sees its card with the store link and no shelf button.
    await panel.getByTestId('room-search-toggle').click();
    const box = panel.getByTestId('room-search');
    await box.getByTestId('catalog-query').fill('테스트 역사');
    const result = box
      .getByTestId('catalog-result')
      .filter({ has: panel.getByTestId('catalog-result-title').getByText('테스트 역사 1권', { exact: true }) });
    await result.waitFor({ timeout: 20_000 });
    await result.getByTestId('catalog-share').click();
    const card = page.getByTestId('book-card');
    await card.getByTestId('book-card-title').filter({ hasText: '테스트 역사 1권' }).waitFor({ timeout: 10_000 });
    const store = card.getByRole('link', { name: 'Open page' });
    expect(await store.getAttribute('href')).toMatch(/^https:\/\//);
    expect(await store.getAttribute('rel')).toContain('noopener');
    expect(await card.getByTestId('card-add-shelf').count()).toBe(0);
    expect(await axeProblems(page)).toEqual([]);
    expect(errors).toEqual([]);

    // The name is remembered for next time.
    expect(await page.evaluate(() => localStorage.getItem('chaekbang:guest-name'))).toBe('Guest Hana');

    // Later, the guest creates an account: the same account (uid, seat, name), now with an e-mail.
    const guestPeer = await panel.getByTestId('remote-tile').getAttribute('data-peer');
    await page.getByTestId('web-account-open').click();
    const email = `hana-${Date.now().toString(36)}@example.test`;
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'long-enough-password');
    await page.getByTestId('web-account-create').click();
    await page.getByTestId('web-account-done').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('web-account-done').textContent()).toContain(email);
    expect(await page.getByTestId('web-account-done').textContent()).toContain('Guest Hana');
    expect(await panel.getByTestId('remote-tile').getAttribute('data-peer')).toBe(guestPeer);

    // Leaving: the reader's panel loses the tile; the page offers to join again.
    await page.getByTestId('leave-room').click();
    await page.getByTestId('web-left').waitFor({ timeout: 10_000 });
    await panel.waitForFunction(() => document.querySelectorAll('[data-testid="remote-tile"]').length === 0, null, {
      timeout: 15_000,
    });

    // The same browser comes back as the same account (its session kept in localStorage), its name remembered.
    await page.reload();
    await page.getByTestId('web-name-input').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('web-name-input').inputValue()).toBe('Guest Hana');
    const kept = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('firebase:authUser:'));
      return key ? (JSON.parse(localStorage.getItem(key) ?? '{}') as { uid?: string; email?: string }) : null;
    });
    expect(kept?.uid).toBe(guestPeer);
    expect(kept?.email).toBe(email);
  });

  it('a guest on a phone (390 × 844, touch, Korean) joins the same room: 44 px tap targets, axe clean, screenshots', async () => {
    const page = await guestPage({
      locale: 'ko-KR',
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      userAgent: ANDROID_UA,
    });
    // A phone has a front and a back camera: the fake device stands in for both (the list says two).
    await page.context().addInitScript(() => {
      const list = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
      navigator.mediaDevices.enumerateDevices = async () => {
        const all = await list();
        const camera = all.find((d) => d.kind === 'videoinput');
        return camera ? [...all, { ...camera.toJSON(), deviceId: 'back-camera', label: 'Back camera', toJSON: () => ({}) }] : all;
      };
    });
    await page.goto(`${server.url}/r/${code.slice(0, 3)}-${code.slice(3)}`);
    await page.getByTestId('web-name').waitFor();
    await page.getByTestId('web-name-input').tap();
    await page.getByTestId('web-name-input').fill('서연');
    await page.getByTestId('join-now').and(page.locator(':enabled')).waitFor({ timeout: 20_000 });
    const bare = code.replace(/-/g, '');
    expect(await page.getByTestId('join-now').textContent()).toBe(`${bare.slice(0, 3)}-${bare.slice(3)} 방에 참여`);
    // The phone's one screen: the preview on top, then the name, then Join; nothing scrolls sideways.
    const box = async (l: ReturnType<Page['getByTestId']>) => (await l.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    const preview = await box(page.getByTestId('prejoin').locator('.preview'));
    const input = await box(page.getByTestId('web-name-input'));
    const joinButton = await box(page.getByTestId('join-now'));
    expect(preview.height).toBeGreaterThan(0);
    expect(preview.y + preview.height).toBeLessThanOrEqual(input.y);
    expect(input.y).toBeLessThan(joinButton.y);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'web-room-phone-name.png') });
    await page.getByTestId('join-now').tap();
    await page.getByTestId('call').waitFor({ timeout: 20_000 });
    await waitForRemoteVideo(page, 1);
    await panel.getByTestId('remote-tile').filter({ hasText: '서연' }).getByTestId('guest-mark').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('self-tile').getByTestId('guest-mark').textContent()).toBe('게스트');
    // The call fits the phone's width: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'web-room-phone-call.png') });
    // The camera facing toggle: front → back; the reader keeps receiving frames from the new track.
    const flip = page.getByTestId('web-flip-camera');
    expect(await flip.getAttribute('data-facing')).toBe('user');
    await flip.tap();
    await page.locator('[data-testid="web-flip-camera"][data-facing="environment"]:enabled').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => document.querySelectorAll('video').length)).toBeGreaterThan(0);
    const tile = panel.getByTestId('remote-tile').filter({ hasText: '서연' }).getByTestId('remote-video');
    const before = await tile.evaluate((v) => (v as HTMLVideoElement).currentTime);
    await panel.waitForFunction(
      ([name, t]) =>
        [...document.querySelectorAll('[data-testid="remote-tile"]')]
          .filter((el) => el.textContent?.includes(name as string))
          .some((el) => ((el.querySelector('video') as HTMLVideoElement | null)?.currentTime ?? 0) > (t as number) + 0.5),
      ['서연', before],
      { timeout: 10_000 },
    );
    await page.getByTestId('leave-room').tap();
    await page.getByTestId('web-left').waitFor({ timeout: 10_000 });
  });

  it('a guest whose saved account is gone (deleted) joins as a new guest, with no error to clear by reloading', async () => {
    // An anonymous account this browser signed up with earlier, since deleted (as unused anonymous accounts are), its
    // session saved on the page as the web room keeps it, its ID token expired.
    const auth = `http://${authEmulatorHost()}/identitytoolkit.googleapis.com/v1`;
    const made = (await (
      await fetch(`${auth}/accounts:signUp?key=demo-api-key`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ returnSecureToken: true }),
      })
    ).json()) as { localId: string; idToken: string; refreshToken: string };
    const deleted = await fetch(`${auth}/accounts:delete?key=demo-api-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idToken: made.idToken }),
    });
    expect(deleted.ok).toBe(true);
    const page = await guestPage();
    await page.goto(`${server.url}/r/${code}`);
    await page.getByTestId('web-name').waitFor({ timeout: 15_000 });
    await page.evaluate((m) => {
      localStorage.setItem(
        'firebase:authUser:demo-api-key:[DEFAULT]',
        JSON.stringify({
          uid: m.localId,
          emailVerified: false,
          isAnonymous: true,
          providerData: [],
          stsTokenManager: { accessToken: m.idToken, refreshToken: m.refreshToken, expirationTime: Date.now() - 60_000 },
          apiKey: 'demo-api-key',
          appName: '[DEFAULT]',
        }),
      );
    }, made);
    await page.reload();
    await guestJoins(page, 'Guest Again');
    const now = await storedFirebaseUser(page);
    expect(now?.uid).toBeTruthy();
    expect(now?.uid).not.toBe(made.localId);
    await panel.getByTestId('remote-tile').filter({ hasText: 'Guest Again' }).waitFor({ timeout: 20_000 });
    expect(await panel.getByTestId('remote-tile').filter({ hasText: 'Guest Again' }).getAttribute('data-peer')).toBe(now?.uid);
    await page.getByTestId('leave-room').click();
    await page.getByTestId('web-left').waitFor({ timeout: 10_000 });
  });

  it('errors a guest can act on, before Join: no such room (and no account made), a passcode room (wrong, then right)', async () => {
    const page = await guestPage();
    await page.goto(`${server.url}/r/ZZZ-222`);
    // The token-free look-up at page load says so before anyone signs in.
    await page.getByTestId('web-room-status').getByText('This room is not open', { exact: false }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('web-name').getAttribute('data-room')).toBe('not_found');
    await page.getByTestId('web-name-input').fill('Guest Bo');
    // Typing a name for a room that is not there starts no sign-in: no account for a dead link.
    await page.getByTestId('join-now').and(page.locator(':enabled')).waitFor({ timeout: 20_000 });
    expect(await hasFirebaseUser(page)).toBe(false);
    expect(await axeProblems(page)).toEqual([]);
    // Joining anyway gets the server's answer on the same screen.
    await page.getByTestId('join-now').click();
    await page.getByTestId('prejoin').getByText('No room with that code', { exact: false }).waitFor({ timeout: 15_000 });

    // A room with a passcode, made through the rooms API by a reader.
    const host = await emulatorAccount('web-room-host');
    const res = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.idToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ passcode: 'reading-circle-9' }),
    });
    expect(res.ok).toBe(true);
    const locked = ((await res.json()) as { room: { code: string } }).room.code;
    await page.goto(`${server.url}/r/${locked}`);
    // The name is remembered from the first try; the passcode field is there before Join (the look-up said so).
    expect(await page.getByTestId('web-name-input').inputValue()).toBe('Guest Bo');
    await page.getByTestId('web-passcode-input').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('web-room-status').count()).toBe(0);
    // Join waits for a passcode.
    await page.getByTestId('prejoin').locator('video').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('join-now').isDisabled()).toBe(true);
    await page.fill('input[name="passcode"]', 'wrong-guess-1');
    // Enter in the field joins (the screen is one form).
    await page.press('input[name="passcode"]', 'Enter');
    await page.getByTestId('prejoin').getByText('Wrong passcode for this room.').waitFor({ timeout: 15_000 });
    expect(await page.inputValue('input[name="passcode"]')).toBe('wrong-guess-1');
    expect(await axeProblems(page)).toEqual([]);
    // The preview is still live after the refusal (the call got a copy of it).
    expect(
      await page
        .getByTestId('prejoin')
        .locator('video')
        .evaluate((v) => ((v as HTMLVideoElement).srcObject as MediaStream).getTracks().every((t) => t.readyState === 'live')),
    ).toBe(true);
    await page.fill('input[name="passcode"]', 'reading-circle-9');
    await page.getByTestId('join-now').click();
    await page.getByTestId('call').waitFor({ timeout: 20_000 });
    await page.getByTestId('leave-room').click();
    await page.getByTestId('web-left').waitFor({ timeout: 10_000 });
  });

  it('with the extension installed (the <html> mark), the page does not join by itself and offers "join in this tab instead"', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    contexts.push(context);
    // What the extension's content script does at document_start (the <html> element may not be parsed yet here).
    await context.addInitScript(() => {
      const mark = () => {
        if (!document.documentElement) return false;
        document.documentElement.dataset.chaekbangExtension = '1';
        return true;
      };
      if (!mark()) {
        const watch = new MutationObserver(() => {
          if (mark()) watch.disconnect();
        });
        watch.observe(document, { childList: true });
      }
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/r/${code}`);
    await page.getByTestId('web-extension-choice').waitFor();
    expect(await page.getByTestId('web-extension-choice').textContent()).toContain('open this room in the side panel');
    expect(await page.getByTestId('web-name').count()).toBe(0);
    expect(await axeProblems(page)).toEqual([]);
    await page.getByTestId('web-join-here').click();
    await page.getByTestId('web-name').waitFor();
  });
});
