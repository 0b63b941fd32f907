import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * Debian's firefox-esr with the Firefox build of the extension, driven over WebDriver BiDi (puppeteer-core).
 * scripts/test.mjs finds or installs Firefox (scripts/lib/system.mjs findFirefox), builds the extension with
 * `wxt build -b firefox --mode test` against this run's emulators and peer-server, and passes both paths here.
 */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '';
export const FIREFOX_EXTENSION_DIR = process.env.CHAEKBANG_FIREFOX_EXTENSION_DIR ?? '';
/** Why the Firefox specs cannot run here, or '' when they can. */
export const FIREFOX_MISSING = (() => {
  if (process.env.CHAEKBANG_FIREFOX_MISSING) return process.env.CHAEKBANG_FIREFOX_MISSING;
  if (!FIREFOX_PATH || !existsSync(FIREFOX_PATH)) return 'no Firefox: run this stage with `node scripts/test.mjs firefox`';
  if (!FIREFOX_EXTENSION_DIR || !existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json')))
    return 'no Firefox build of the extension: run this stage with `node scripts/test.mjs firefox`';
  return '';
})();
if (FIREFOX_MISSING) console.warn(`[skip] Firefox e2e: ${FIREFOX_MISSING}`);

/** The add-on id in the manifest (wxt.config.ts, browser_specific_settings.gecko.id). */
export const GECKO_ID = 'chaekbang@chaekbang.app';
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * Firefox gives every installed extension a random internal UUID (its moz-extension:// host). Tests pin it
 * through the `extensions.webextensions.uuids` preference so they know the panel's address.
 */
const uuid = () => crypto.randomUUID();

/** No request leaves the machine: everything but loopback goes to a proxy on a port where nothing listens. */
const OFFLINE_PREFS = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.share_proxy_settings': false,
  'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
  'network.proxy.allow_hijacking_localhost': false,
  'network.trr.mode': 5,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'extensions.getAddons.showPane': false,
  'extensions.htmlaboutaddons.recommendations.enabled': false,
  'app.update.auto': false,
  'toolkit.telemetry.enabled': false,
  'datareporting.policy.firstRunURL': '',
} as const;

/**
 * Fake camera and microphone, autoplay, WebRTC over loopback with real host addresses (the Firefox counterpart of
 * e2e/chromium-args.ts MEDIA_ARGS). Firefox's camera prompt stays on, as for a reader: the specs decide the
 * extension's permission through Firefox's permission manager (setMediaPermission), as a reader's answer would.
 */
const MEDIA_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': false,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'media.autoplay.block-webaudio': false,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
} as const;

export type FirefoxReader = {
  browser: Browser;
  /** The extension's moz-extension:// origin in this browser. */
  origin: string;
  /** The side panel page (sidepanel.html, the document Firefox's sidebar shows) opened in a tab. */
  openPanel(): Promise<Page>;
  /** Open any page of the extension in a new tab (e.g. permission.html). */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
};

export async function launchFirefoxReader({ prefs = {} }: { prefs?: Record<string, unknown> } = {}): Promise<FirefoxReader> {
  const id = uuid();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    defaultViewport: { width: 400, height: 720 },
    // BiDi refuses to navigate to moz-extension:// pages unless the remote agent may reach privileged URLs.
    args: ['--remote-allow-system-access'],
    env: { ...process.env, LANG: 'en_US.UTF-8', LANGUAGE: 'en' },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: id }),
      'intl.locale.requested': 'en-US',
      ...OFFLINE_PREFS,
      ...MEDIA_PREFS,
      ...prefs,
    },
  });
  try {
    const installed = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (installed !== GECKO_ID) throw new Error(`installed add-on id is ${installed}, expected ${GECKO_ID}`);
  } catch (err) {
    await browser.close().catch(() => {});
    throw err;
  }
  const origin = `moz-extension://${id}`;
  const openExtensionPage = async (path: string) => {
    const page = await browser.newPage();
    await navigate(page, `${origin}/${path.replace(/^\//, '')}`);
    return page;
  };
  return {
    browser,
    origin,
    openExtensionPage,
    async openPanel() {
      const page = await openExtensionPage('sidepanel.html');
      await page.waitForSelector('#app main', { timeout: 20_000 });
      return page;
    },
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

/** A raw WebDriver BiDi command on the browser's session. */
export async function bidi<T = unknown>(browser: Browser, method: string, params: object): Promise<T> {
  const connection = (browser as unknown as { connection: { send(m: string, p: object): Promise<{ result: T }> } }).connection;
  return (await connection.send(method, params)).result;
}

/** The BiDi browsing context id of a page. */
const contextOf = (page: Page) => (page.mainFrame() as unknown as { _id: string })._id;

/**
 * Navigate a tab and wait for the load. Puppeteer's goto waits for navigation events Firefox does not send
 * for moz-extension:// documents (the tab changes process), so this asks BiDi for the load directly.
 */
export async function navigate(page: Page, url: string) {
  await bidi(page.browser(), 'browsingContext.navigate', { context: contextOf(page), url, wait: 'complete' });
}

/** The address of the document a tab shows (page.url() lags behind for moz-extension:// documents). */
export const locationOf = (page: Page) => page.evaluate(() => location.href);

type Remote = { type: string; value?: unknown; sharedId?: string };

/**
 * Run `fn` on the chip's closed shadow root. BiDi serialises a closed shadow root with a shared reference (as
 * CDP's pierce does for Chromium, see e2e/cdp.ts); nothing in the page's own scripts can reach it.
 */
async function onChipRoot<T>(page: Page, fn: string): Promise<T | null> {
  const target = { context: contextOf(page) };
  const host = await bidi<{ result: Remote & { value?: { shadowRoot?: Remote } } }>(page.browser(), 'script.evaluate', {
    expression: 'document.querySelector("[data-chaekbang=chip]")',
    target,
    awaitPromise: false,
    serializationOptions: { maxDomDepth: 0 },
  });
  const rootId = host.result.value?.shadowRoot?.sharedId;
  if (!rootId) return null;
  const res = await bidi<{ type: string; result: { type: string; value?: unknown }; exceptionDetails?: { text: string } }>(
    page.browser(),
    'script.callFunction',
    {
      functionDeclaration: `(root) => JSON.stringify((${fn})(root))`,
      arguments: [{ sharedId: rootId }],
      target,
      awaitPromise: false,
    },
  );
  if (res.type === 'exception') throw new Error(`chip script failed: ${res.exceptionDetails?.text}`);
  return JSON.parse(String(res.result.value)) as T;
}

/** Text of the chip (title, status) from its closed shadow root, '' when there is no chip. */
export async function chipText(page: Page): Promise<string> {
  return (
    (await onChipRoot<string>(
      page,
      `(root) => [...root.querySelectorAll('*')].filter((e) => e.tagName !== 'STYLE' && e.children.length === 0).map((e) => e.textContent).join(' ')`,
    )) ?? ''
  );
}

/** Click a chip button the way a person does: a trusted BiDi pointer click at its centre. */
export async function clickChipButton(page: Page, action: 'share' | 'shelf') {
  const box = await onChipRoot<{ x: number; y: number } | null>(
    page,
    `(root) => { const b = root.querySelector('button[data-action="${action}"]'); if (!b) return null; const r = b.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; }`,
  );
  if (!box) throw new Error(`chip button "${action}" not found`);
  await page.mouse.click(box.x, box.y);
}

/**
 * Open Firefox's real sidebar with the extension's panel, as the toolbar button does
 * (browser.sidebarAction.open() needs a user gesture: a trusted click on a button put in an extension tab).
 */
export async function openSidebar(extensionTab: Page) {
  await extensionTab.evaluate(() => {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = 'e2e-open-sidebar';
    b.textContent = 'Open the sidebar';
    b.style.cssText = 'position:fixed;top:0;left:0;z-index:2147483647';
    b.addEventListener('click', () => {
      const api = (globalThis as unknown as { browser: { sidebarAction: { open(): Promise<void> } } }).browser;
      api.sidebarAction.open().then(
        () => b.setAttribute('data-opened', 'yes'),
        (e: Error) => b.setAttribute('data-opened', `failed: ${e.message}`),
      );
    });
    document.body.append(b);
  });
  await extensionTab.click('#e2e-open-sidebar');
  await extensionTab.waitForSelector('#e2e-open-sidebar[data-opened]', { timeout: 10_000 });
  const opened = await extensionTab.$eval('#e2e-open-sidebar', (b) => b.getAttribute('data-opened'));
  await extensionTab.$eval('#e2e-open-sidebar', (b) => b.remove());
  if (opened !== 'yes') throw new Error(`sidebarAction.open(): ${opened}`);
}

/**
 * Run a function (given as source) in a page with JSON arguments; returns its JSON result. The source is compiled
 * by the BiDi agent, so an extension page's CSP (no eval) does not stand in the way.
 */
export async function callIn<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  const res = await bidi<{ type: string; result: { value?: unknown }; exceptionDetails?: { text: string } }>(
    page.browser(),
    'script.callFunction',
    {
      functionDeclaration: `async (...args) => JSON.stringify(await (${fn})(...args.map((a) => JSON.parse(a))))`,
      arguments: args.map((a) => ({ type: 'string', value: JSON.stringify(a) })),
      target: { context: contextOf(page) },
      awaitPromise: true,
    },
  );
  if (res.type === 'exception') throw new Error(`script failed: ${res.exceptionDetails?.text}`);
  const raw = res.result.value;
  return (raw === undefined ? undefined : JSON.parse(String(raw))) as T;
}

/**
 * Evaluate `fn(doc)` on the document Firefox's sidebar shows, or null while there is no sidebar. Extension
 * pages share one process, so an extension tab reaches the sidebar's window through
 * browser.extension.getViews({ type: 'sidebar' }).
 */
export async function inSidebar<T>(extensionTab: Page, fn: string): Promise<T | null> {
  return callIn<T | null>(
    extensionTab,
    `() => { const view = browser.extension.getViews({ type: 'sidebar' })[0]; return view ? (${fn})(view.document) : null; }`,
  );
}

/** Wait until `fn(doc)` on the sidebar's document returns something truthy; returns it. */
export async function waitInSidebar<T>(extensionTab: Page, fn: string, timeout = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await inSidebar<T>(extensionTab, fn);
    if (value) return value;
    if (Date.now() - started > timeout) {
      const text = await inSidebar<string>(extensionTab, '(doc) => doc.body.innerText').catch(() => null);
      throw new Error(
        `the sidebar never showed: ${fn}\nIt shows: ${text === null ? '(no sidebar)' : JSON.stringify(text.slice(0, 600))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Set the extension's camera and microphone permission in Firefox's permission manager, as a reader's
 * "Allow" (with "Remember this decision") or "Block" does; 'prompt' removes the decision. The Firefox
 * counterpart of CDP's Browser.setPermission in e2e/permissions.e2e.ts: a script in the browser's own
 * (chrome) scope, which BiDi allows with --remote-allow-system-access.
 */
export async function setMediaPermission(reader: FirefoxReader, state: 'granted' | 'denied' | 'prompt') {
  const action = { granted: 'ALLOW_ACTION', denied: 'DENY_ACTION', prompt: null }[state];
  await inBrowserChrome(
    reader,
    `(() => {
      const principal = Services.scriptSecurityManager.createContentPrincipalFromOrigin(${JSON.stringify(reader.origin)});
      for (const type of ['camera', 'microphone']) {
        ${action ? `Services.perms.addFromPrincipal(principal, type, Services.perms.${action});` : 'Services.perms.removeFromPrincipal(principal, type);'}
      }
    })()`,
  );
}

/** Whether Firefox's sidebar is open, showing this extension's panel. */
export async function sidebarShowsPanel(reader: FirefoxReader): Promise<boolean> {
  return (await inBrowserChrome(
    reader,
    "SidebarController.isOpen && (SidebarController.browser?.contentDocument?.getElementById('webext-panels-browser')?.currentURI?.spec ?? '').endsWith('/sidepanel.html')",
  )) as boolean;
}

/**
 * What the extension's toolbar button does in Firefox (background: action.onClicked → sidebarAction.toggle()):
 * show the extension's sidebar. Run in the browser's own scope, as a click in its toolbar would.
 */
export async function openSidebarFromToolbar(reader: FirefoxReader) {
  await inBrowserChrome(
    reader,
    `(() => {
      const id = [...SidebarController.sidebars.keys()].find((k) => k.endsWith('-sidebar-action') && k.startsWith(${JSON.stringify(GECKO_ID.replace(/[^a-z0-9_-]/gi, '_'))}));
      if (!id) throw new Error('no sidebar of the extension: ' + [...SidebarController.sidebars.keys()].join(', '));
      return SidebarController.show(id);
    })()`,
  );
}

/** Reload the document in Firefox's sidebar. */
export async function reloadSidebar(reader: FirefoxReader) {
  await inBrowserChrome(reader, "SidebarController.browser.contentDocument.getElementById('webext-panels-browser').reload()");
}

/** Close Firefox's sidebar (what the toolbar button does the second time). */
export async function closeSidebar(reader: FirefoxReader) {
  await inBrowserChrome(reader, 'SidebarController.hide()');
}

/**
 * Evaluate an expression in the browser window's own (chrome) scope, which BiDi allows with
 * --remote-allow-system-access: Firefox's permission manager and sidebar live there.
 */
async function inBrowserChrome(reader: FirefoxReader, expression: string): Promise<unknown> {
  const tree = await bidi<{ contexts: { context: string }[] }>(reader.browser, 'browsingContext.getTree', {
    'moz:scope': 'chrome',
    maxDepth: 0,
  });
  const chromeWindow = tree.contexts[0]?.context;
  if (!chromeWindow) throw new Error('no Firefox window to reach');
  const res = await bidi<{ type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } }>(
    reader.browser,
    'script.evaluate',
    { expression, target: { context: chromeWindow }, awaitPromise: true },
  );
  if (res.type === 'exception') throw new Error(`browser chrome: ${res.exceptionDetails?.text}`);
  return res.result?.value;
}

/** Whether a tab's browsing context still exists (puppeteer's 'close' event is not sent for moz-extension tabs). */
export async function isOpen(page: Page): Promise<boolean> {
  try {
    await bidi(page.browser(), 'browsingContext.getTree', { root: contextOf(page), maxDepth: 0 });
    return true;
  } catch (err) {
    if (err instanceof Error && /no such frame|not found/i.test(err.message)) return false;
    throw err;
  }
}

/** Follow a tab until it closes itself: returns the last text `selector` showed in it (or throws after `timeout`). */
export async function lastTextBeforeClose(page: Page, selector: string, timeout = 10_000): Promise<string> {
  const started = Date.now();
  let last = '';
  while (await isOpen(page)) {
    if (Date.now() - started > timeout) throw new Error(`the tab did not close within ${timeout} ms (it said "${last}")`);
    last =
      (await callIn<string | null>(page, `(s) => document.querySelector(s)?.textContent ?? null`, selector).catch(() => null)) ||
      last;
    await new Promise((r) => setTimeout(r, 50));
  }
  return last;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Serious and critical axe-core violations on a Firefox page, as readable lines (what e2e/accessibility.e2e.ts
 * checks in Chromium with @axe-core/playwright). axe is put into the page through BiDi, which an extension
 * page's CSP does not stand in the way of.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  const injected = await bidi<{ type: string; exceptionDetails?: { text: string } }>(page.browser(), 'script.evaluate', {
    expression: `if (!window.axe) { ${AXE_SOURCE}\n }`,
    target: { context: contextOf(page) },
    awaitPromise: false,
  });
  if (injected.type === 'exception') throw new Error(`axe-core did not load: ${injected.exceptionDetails?.text}`);
  return callIn<string[]>(
    page,
    `async () => {
      const { violations } = await axe.run(document, { resultTypes: ['violations'] });
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .flatMap((v) => v.nodes.map((n) => v.id + ' (' + v.impact + '): ' + n.target.join(' ') + ' — ' + v.help));
    }`,
  );
}
