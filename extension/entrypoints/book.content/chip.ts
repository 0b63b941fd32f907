import { browser } from 'wxt/browser';
import type { DetectedBook } from '../../../shared/schemas/detected-book';
import type { ActionStatus, BookAction } from '../../utils/book-action';
import { guardVisibility } from './visibility';

/**
 * The on-page chip: a closed shadow root so the page's CSS cannot restyle it and ours cannot leak out.
 * Every page-derived string is set with textContent; nothing from the page becomes markup.
 *
 * The host element itself is in the page's DOM, so the page's CSS could style it (opacity, transform,
 * clip-path ...) and hide the chip under the reader's cursor. Its inline style resets every property with
 * `!important` (inline !important beats any page rule), and is put back if the page changes it. What a host
 * cannot reset (styles on its ancestors, something painted over it) is caught at click time by
 * ./visibility.ts: a click on a chip the reader cannot see does nothing.
 */
const STYLE = `
.chip { box-sizing: border-box; max-width: 320px;
  display: flex; flex-direction: column; gap: 8px; padding: 12px; border-radius: 12px; background: #fbf7f0; color: #2b2118;
  border: 1px solid #e6dccd; box-shadow: 0 6px 24px rgba(0,0,0,.18);
  font: 13px/1.4 system-ui, -apple-system, 'Apple SD Gothic Neo', 'Noto Sans KR', 'Malgun Gothic', sans-serif; }
.top { display: flex; gap: 8px; align-items: flex-start; }
.brand { font-weight: 700; color: #7a4b2a; font-size: 11px; letter-spacing: .04em; }
.title { font-weight: 600; overflow-wrap: anywhere; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.authors { color: #7b6a5a; font-size: 12px; }
.text { flex: 1; min-width: 0; display: flex; flex-direction: column; gap: 2px; }
.actions { display: flex; gap: 6px; }
button { font: inherit; cursor: pointer; border-radius: 8px; padding: 6px 10px; border: 1px solid #e6dccd; background: #fff; color: #2b2118; }
button.primary { background: #7a4b2a; border-color: #7a4b2a; color: #fff; font-weight: 600; }
button.close { border: none; background: none; padding: 0 4px; font-size: 16px; line-height: 1; color: #7b6a5a; }
.status { font-size: 12px; color: #3d6b35; }
.status.warn { color: #8a5a00; }
.status.error { color: #a8322d; }
`;

const HOST_STYLE = [
  'all: initial',
  'position: fixed',
  'right: 16px',
  'bottom: 16px',
  'left: auto',
  'top: auto',
  'z-index: 2147483647',
  'display: block',
  'width: auto',
  'height: auto',
  'max-width: calc(100vw - 32px)',
  'margin: 0',
  'padding: 0',
  'opacity: 1',
  'visibility: visible',
  'transform: none',
  'translate: none',
  'rotate: none',
  'scale: none',
  'filter: none',
  'backdrop-filter: none',
  'clip-path: none',
  'mask: none',
  'mix-blend-mode: normal',
  'isolation: isolate',
  'pointer-events: auto',
  'content-visibility: visible',
  'zoom: 1',
]
  .map((d) => `${d} !important`)
  .join('; ');

const msg = (key: Parameters<typeof browser.i18n.getMessage>[0], sub?: string) => browser.i18n.getMessage(key, sub);

export type Chip = { update(book: DetectedBook): void; showResult(status: ActionStatus, detail?: string): void; remove(): void };

export function mountChip(book: DetectedBook, onAction: (action: BookAction, book: DetectedBook) => void): Chip {
  const host = document.createElement('chaekbang-chip');
  host.setAttribute('data-chaekbang', 'chip');
  host.setAttribute('style', HOST_STYLE);
  // The page may rewrite the host's style or add a popover/hidden attribute: put the reset back at once
  // (mutation callbacks run before the next paint).
  const keepStyle = new MutationObserver(() => {
    if (host.getAttribute('style') !== HOST_STYLE) host.setAttribute('style', HOST_STYLE);
    for (const name of ['hidden', 'popover', 'inert']) if (host.hasAttribute(name)) host.removeAttribute(name);
  });
  keepStyle.observe(host, { attributes: true });
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const box = document.createElement('div');
  box.className = 'chip';
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', msg('extName'));
  // The chip is in the reader's UI language, whatever the page's; the book's title and authors keep the page's.
  box.setAttribute('lang', browser.i18n.getUILanguage().startsWith('ko') ? 'ko' : 'en');
  const top = document.createElement('div');
  top.className = 'top';
  const text = document.createElement('div');
  text.className = 'text';
  const brand = document.createElement('span');
  brand.className = 'brand';
  brand.textContent = msg('extName');
  const title = document.createElement('span');
  title.className = 'title';
  const authors = document.createElement('span');
  authors.className = 'authors';
  const pageLang = document.documentElement.lang;
  title.setAttribute('lang', pageLang);
  authors.setAttribute('lang', pageLang);
  text.append(brand, title, authors);
  const close = document.createElement('button');
  close.className = 'close';
  close.type = 'button';
  close.textContent = '×';
  close.title = msg('chipClose');
  close.setAttribute('aria-label', msg('chipClose'));
  top.append(text, close);
  const actions = document.createElement('div');
  actions.className = 'actions';
  const share = document.createElement('button');
  share.type = 'button';
  share.className = 'primary';
  share.textContent = msg('chipShare');
  share.dataset.action = 'share';
  const shelf = document.createElement('button');
  shelf.type = 'button';
  shelf.textContent = msg('chipShelf');
  shelf.dataset.action = 'shelf';
  actions.append(share, shelf);
  const status = document.createElement('div');
  status.className = 'status';
  status.setAttribute('role', 'status');
  box.append(top, actions, status);
  root.append(style, box);

  let current = book;
  const render = () => {
    title.textContent = current.title;
    authors.textContent = current.authors.join(', ');
  };
  render();
  // Only a person's click on a chip they can see counts: a page script calling .click() (isTrusted false), or
  // a real click on a chip the page made invisible or covered, cannot push the book anywhere.
  document.documentElement.append(host);
  const guard = guardVisibility(host, root, box);
  const onClick = (action: BookAction, button: HTMLElement) => (e: MouseEvent) => {
    if (!e.isTrusted) return;
    if (!guard.allows(e, button)) {
      status.textContent = msg('chipObscured');
      status.className = 'status warn';
      return;
    }
    onAction(action, current);
  };
  share.addEventListener('click', onClick('share', share));
  shelf.addEventListener('click', onClick('shelf', shelf));
  const removeHost = () => {
    keepStyle.disconnect();
    guard.disconnect();
    host.remove();
  };
  close.addEventListener('click', removeHost);

  return {
    update(next) {
      current = next;
      status.textContent = '';
      render();
      if (!host.isConnected) {
        document.documentElement.append(host);
        keepStyle.observe(host, { attributes: true });
        guard.reconnect();
      }
    },
    showResult(result, detail) {
      const text: Record<ActionStatus, string> = {
        shared: msg('chipShared'),
        added: msg('chipAdded'),
        'already-on-shelf': msg('chipAlreadyOnShelf'),
        'no-room': msg('chipNoRoom'),
        'needs-sign-in': msg('chipNeedsSignIn'),
        // Firefox opens its sidebar only from the toolbar button (the chip's click does not carry over), so say where.
        'needs-panel': msg(import.meta.env.FIREFOX ? 'chipOpenPanelFirefox' : 'chipOpenPanel'),
        error: msg('chipFailed', detail ?? ''),
      };
      status.textContent = text[result];
      status.className = `status${result === 'error' ? ' error' : result === 'shared' || result === 'added' || result === 'already-on-shelf' ? '' : ' warn'}`;
    },
    remove() {
      removeHost();
    },
  };
}
