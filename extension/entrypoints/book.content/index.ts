import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { DetectedBook } from '../../../shared/schemas/detected-book';
import { detectBook, matchSite, productSignature } from '../../detectors';
import type { BackgroundMessages } from '../../messaging/background-protocol';
import { ACTION_STATUSES, BACKGROUND_PROTOCOL, CONTENT_PROTOCOL } from '../../messaging/names';
import { protocolSender } from '../../messaging/send';
import type { ActionStatus } from '../../utils/book-action';
import { type Chip, mountChip } from './chip';
import { BOOK_SITE_MATCHES } from './matches';

// Runs on the supported book sites (matches.ts) and, on demand, on any page the reader asks about
// (context menu / side panel, through activeTab). It detects and offers; it never talks to Firebase or the
// peer-server, and nothing leaves the page without a click.
const RECHECK_MS = 400;
const sendToBackground = protocolSender<BackgroundMessages>(BACKGROUND_PROTOCOL);
const WATCH_FOR_MS = 8000;

export default defineContentScript({
  matches: [...BOOK_SITE_MATCHES],
  runAt: 'document_idle',
  main: runBookContent,
});

/** The content script's body, shared with the public-library OPAC entrypoint. */
export function runBookContent(ctx: ContentScriptContext) {
  {
    const flag = globalThis as { __chaekbangContent?: { detect(): void } };
    if (flag.__chaekbangContent) {
      // Injected again on demand: re-detect with the instance that is already here.
      flag.__chaekbangContent.detect();
      return;
    }
    let chip: Chip | null = null;
    let lastSignature = '';
    let lastIsbn: string | null = null;
    let lastAction: DetectedBook | null = null;

    async function onAction(action: 'share' | 'shelf', book: DetectedBook) {
      lastAction = book;
      try {
        const res = await sendToBackground('requestBookAction', { action, book });
        if (!res.panelOpened) chip?.showResult('needs-panel');
      } catch (err) {
        chip?.showResult('error', err instanceof Error ? err.message : String(err));
      }
    }

    function detect() {
      const url = location.href;
      const signature = productSignature(document, url);
      if (signature === lastSignature) return;
      lastSignature = signature;
      const book = detectBook(document, url);
      if ((book?.isbn13 ?? null) === lastIsbn && book) return;
      lastIsbn = book?.isbn13 ?? null;
      sendToBackground('bookDetected', { url, book }).catch(() => {});
      if (book) {
        if (chip) chip.update(book);
        else chip = mountChip(book, onAction);
      } else {
        chip?.remove();
        chip = null;
      }
    }
    flag.__chaekbangContent = { detect };

    // The one message this script receives (from the background): the outcome of the reader's action.
    // Checked by hand to keep Zod out of the content script; only the extension itself can send it.
    browser.runtime.onMessage.addListener((msg: unknown) => {
      const m = msg as { protocol?: unknown; type?: unknown; data?: { status?: unknown; detail?: unknown } } | null;
      if (m?.protocol !== CONTENT_PROTOCOL || m.type !== 'bookActionResult') return undefined;
      const status = m.data?.status;
      if (!(ACTION_STATUSES as readonly unknown[]).includes(status))
        return Promise.resolve({ ok: false, error: 'invalid bookActionResult' });
      const detail = typeof m.data?.detail === 'string' ? m.data.detail.slice(0, 300) : undefined;
      if (lastAction) chip?.showResult(status as ActionStatus, detail);
      return Promise.resolve({ ok: true, value: null });
    });

    const site = matchSite(location.href);
    sendToBackground('pageVisited', { url: location.href, site: site?.detector.id ?? null }).catch(() => {});
    detect();

    // Single-page sites (Kyobo, NL Korea's hash routing) change the product without a page load: re-detect
    // on navigation, and watch the DOM for a few seconds after each one while the product area renders.
    let watchUntil = Date.now() + WATCH_FOR_MS;
    const recheck = () => {
      if (Date.now() < watchUntil) detect();
    };
    ctx.addEventListener(window, 'wxt:locationchange', () => {
      watchUntil = Date.now() + WATCH_FOR_MS;
      detect();
    });
    ctx.addEventListener(window, 'hashchange', () => {
      watchUntil = Date.now() + WATCH_FOR_MS;
      detect();
    });
    ctx.setInterval(recheck, RECHECK_MS);
  }
}
