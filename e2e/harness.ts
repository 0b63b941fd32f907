import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { completeIsbn13 } from '../shared/isbn';
import { MEDIA_ARGS, PLAIN_ARGS } from './chromium-args';

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
      ...PLAIN_ARGS,
      ...MEDIA_ARGS,
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

const PROJECT = process.env.CHAEKBANG_PROJECT_ID ?? 'demo-chaekbang';

/** The uid of an account in the Auth emulator (emulator admin REST API). */
export async function uidOf(email: string): Promise<string> {
  const res = await fetch(
    `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:lookup`,
    {
      method: 'POST',
      headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
      body: JSON.stringify({ email: [email] }),
    },
  );
  const body = (await res.json()) as { users?: { localId: string }[] };
  const user = body.users?.[0];
  if (!user) throw new Error(`no emulator account for ${email}`);
  return user.localId;
}

/** Read a Firestore document from the emulator as an administrator (bypasses rules), or null. */
export async function readDoc(path: string): Promise<Record<string, unknown> | null> {
  const res = await fetch(
    `http://${process.env.FIRESTORE_EMULATOR_HOST}/v1/projects/${PROJECT}/databases/(default)/documents/${path}`,
    {
      headers: { authorization: 'Bearer owner' },
    },
  );
  if (res.status === 404) return null;
  const body = (await res.json()) as { fields?: Record<string, Record<string, unknown>> };
  const plain = (v: Record<string, unknown>): unknown => {
    const [kind, value] = Object.entries(v)[0] ?? [];
    if (kind === 'integerValue') return Number(value);
    if (kind === 'arrayValue') return ((value as { values?: Record<string, unknown>[] }).values ?? []).map(plain);
    if (kind === 'mapValue')
      return Object.fromEntries(
        Object.entries((value as { fields?: Record<string, Record<string, unknown>> }).fields ?? {}).map(([k, x]) => [
          k,
          plain(x),
        ]),
      );
    return value;
  };
  return Object.fromEntries(Object.entries(body.fields ?? {}).map(([k, v]) => [k, plain(v)]));
}

/** The room code a panel in a call shows ("K7P-2QX"). */
export async function roomCodeOf(panel: Page): Promise<string> {
  const text = (await panel.getByTestId('room-code').textContent()) ?? '';
  const code = text.match(/[2-9A-Z]{3}-[2-9A-Z]{3}/)?.[0];
  if (!code) throw new Error(`no room code in "${text}"`);
  return code;
}

/** Create a room from the panel's Room tab and join it; returns its code. */
export async function createRoom(panel: Page): Promise<string> {
  await panel.getByTestId('nav-room').click();
  await panel.getByTestId('create-room').click();
  await panel.getByTestId('join-now').click();
  await panel.getByTestId('call').waitFor();
  return roomCodeOf(panel);
}

/** Join a room by code from the panel's Room tab, as a reader types it. */
export async function joinRoom(panel: Page, code: string) {
  await panel.getByTestId('nav-room').click();
  await panel.fill('input[name="roomCode"]', code);
  await panel.getByTestId('join-room').click();
  await panel.getByTestId('join-now').click();
  await panel.getByTestId('call').waitFor();
}

/**
 * A fresh, checksum-valid ISBN-13 (979-11-…): books/{isbn13} is shared by every spec of a run and its first
 * writer names it, so a spec that shelves a book it describes itself uses a number no other spec has used.
 */
export function freshIsbn13(): string {
  return completeIsbn13(`97911${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`);
}

/**
 * Serious and critical axe violations in the page (or inside `include`), one readable line each: the specs
 * assert there are none. With `view`, the lesser ones are logged as below the bar under that name.
 */
export async function axeProblems(page: Page, { include, view }: { include?: string; view?: string } = {}): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const lesser = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (view && lesser.length)
    console.log(`[a11y] below the bar (${view}): ${lesser.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ')}`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}

/**
 * The board's full-page editor enables Publish once it has the reader's profile (the name that signs the post).
 * Waits up to 40 s; if it is still disabled, reloads the tab once, said aloud (the draft survives a reload).
 * Returns whether it reloaded, so the caller can check the draft came back.
 */
export async function reloadUnlessPublishable(editor: Page, spec: string): Promise<boolean> {
  const ready = await editor
    .waitForFunction(
      () => !(document.querySelector('[data-testid="post-publish"]') as HTMLButtonElement | null)?.disabled,
      null,
      {
        timeout: 40_000,
      },
    )
    .then(
      () => true,
      () => false,
    );
  if (ready) return false;
  console.warn(`[${spec}] the editor tab did not load the profile in 40 s: reloading it once`);
  await editor.reload();
  return true;
}

/**
 * The Firebase user a page has stored (the SDK's `firebase:authUser:*` record), or null: the web room keeps it in
 * localStorage (keepAuthIn), the SDK's default is IndexedDB; both are read so neither is missed.
 */
export function storedFirebaseUser(page: Page): Promise<Record<string, any> | null> {
  return page.evaluate(
    () =>
      new Promise<Record<string, any> | null>((resolve) => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('firebase:authUser:'));
        if (key) return resolve(JSON.parse(localStorage.getItem(key) ?? 'null'));
        const open = indexedDB.open('firebaseLocalStorageDb');
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          if (!open.result.objectStoreNames.contains('firebaseLocalStorage')) return resolve(null);
          const all = open.result.transaction('firebaseLocalStorage', 'readonly').objectStore('firebaseLocalStorage').getAll();
          all.onsuccess = () =>
            resolve(
              (all.result as { fbase_key: string; value: Record<string, any> }[]).find((e) =>
                e.fbase_key.startsWith('firebase:authUser:'),
              )?.value ?? null,
            );
          all.onerror = () => resolve(null);
        };
      }),
  );
}
