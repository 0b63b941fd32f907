import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

/** Where the test build of the extension is (scripts/test.mjs builds it against this run's emulators). */
export const EXTENSION_DIR =
  process.env.CHAEKBANG_E2E_EXTENSION_DIR ?? join(import.meta.dirname, '..', '.output', 'chrome-mv3-test');
export const ARTIFACTS = join(import.meta.dirname, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export type Reader = {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** The side panel page opened in a tab (same document the side panel shows). */
  openPanel(): Promise<Page>;
  close(): Promise<void>;
};

/**
 * Launch Debian's Chromium with the built extension loaded, isolated from the network except loopback.
 * Each reader is a separate browser profile (a separate person).
 */
export async function launchReader({ lang = 'en' }: { lang?: 'en' | 'ko' } = {}): Promise<Reader> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const userDataDir = mkdtempSync(join(tmpdir(), 'chaekbang-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    locale: lang === 'ko' ? 'ko-KR' : 'en-US',
    viewport: { width: 400, height: 720 },
    ignoreDefaultArgs: ['--disable-extensions'],
    env: { ...process.env, LANGUAGE: lang, LANG: lang === 'ko' ? 'ko_KR.UTF-8' : 'en_US.UTF-8' },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--lang=${lang}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      '--allow-loopback-in-peer-connection',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    async openPanel() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A fresh account for this run (emulator data is shared across the run). */
export function newAccount(name = 'Reader') {
  counter += 1;
  const id = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return {
    displayName: `${name} ${counter}`,
    email: `${name.toLowerCase().replace(/\W+/g, '')}-${id}@example.test`,
    password: 'correct horse 7',
  };
}

export async function signUp(panel: Page, account: ReturnType<typeof newAccount>) {
  await panel.getByTestId('auth-form').waitFor();
  if ((await panel.locator('input[name="displayName"]').count()) === 0) {
    await panel.locator('[data-testid="auth-form"] button.link').click();
  }
  await panel.fill('input[name="displayName"]', account.displayName);
  await panel.fill('input[name="email"]', account.email);
  await panel.fill('input[name="password"]', account.password);
  await panel.getByTestId('auth-submit').click();
  await panel.getByTestId('profile-name').filter({ hasText: account.displayName }).waitFor({ timeout: 20_000 });
}

export async function signIn(panel: Page, account: { email: string; password: string }) {
  await panel.getByTestId('auth-form').waitFor();
  if ((await panel.locator('input[name="displayName"]').count()) > 0) {
    await panel.locator('[data-testid="auth-form"] button.link').click();
  }
  await panel.fill('input[name="email"]', account.email);
  await panel.fill('input[name="password"]', account.password);
  await panel.getByTestId('auth-submit').click();
}
