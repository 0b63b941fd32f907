import { browser } from 'wxt/browser';
import type { DetectedBook } from '../../../shared/schemas/detected-book';
import type { ActionStatus, BookAction } from '../../utils/book-action';

/**
 * The on-page chip: a closed shadow root so the page's CSS cannot restyle it and ours cannot leak out.
 * Every page-derived string is set with textContent; nothing from the page becomes markup.
 */
const STYLE = `
:host { all: initial; }
.chip { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; max-width: 320px; box-sizing: border-box;
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

const msg = (key: Parameters<typeof browser.i18n.getMessage>[0], sub?: string) => browser.i18n.getMessage(key, sub);

export type Chip = { update(book: DetectedBook): void; showResult(status: ActionStatus, detail?: string): void; remove(): void };

export function mountChip(book: DetectedBook, onAction: (action: BookAction, book: DetectedBook) => void): Chip {
  const host = document.createElement('chaekbang-chip');
  host.setAttribute('data-chaekbang', 'chip');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const box = document.createElement('div');
  box.className = 'chip';
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', msg('extName'));
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
  // Only a person's click counts: a page script calling .click() (isTrusted false) cannot push the book anywhere.
  share.addEventListener('click', (e) => e.isTrusted && onAction('share', current));
  shelf.addEventListener('click', (e) => e.isTrusted && onAction('shelf', current));
  close.addEventListener('click', () => host.remove());
  document.documentElement.append(host);

  return {
    update(next) {
      current = next;
      status.textContent = '';
      render();
      if (!host.isConnected) document.documentElement.append(host);
    },
    showResult(result, detail) {
      const text: Record<ActionStatus, string> = {
        shared: msg('chipShared'),
        added: msg('chipAdded'),
        'no-room': msg('chipNoRoom'),
        'needs-sign-in': msg('chipNeedsSignIn'),
        'needs-panel': msg('chipOpenPanel'),
        error: msg('chipFailed', detail ?? ''),
      };
      status.textContent = text[result];
      status.className = `status${result === 'error' ? ' error' : result === 'shared' || result === 'added' ? '' : ' warn'}`;
    },
    remove() {
      host.remove();
    },
  };
}
