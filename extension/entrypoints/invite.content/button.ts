import { browser } from 'wxt/browser';

/**
 * "Open in the side panel" on the web room's page. It must be the extension's own button (only a click in the
 * extension's context may open the side panel), so it lives in a closed shadow root that the page can neither
 * restyle nor click by script; the host element carries data-testid="invite-open-side-panel" for tests. It goes
 * into the page's `#chaekbang-extension-slot` (the web room shows it when it sees <html data-chaekbang-extension>).
 */
const STYLE = `
:host { all: initial; display: block; }
.box { display: flex; flex-direction: column; gap: 8px; align-items: stretch;
  font: 15px/1.4 system-ui, -apple-system, 'Apple SD Gothic Neo', 'Noto Sans KR', 'Malgun Gothic', sans-serif; }
button { font: inherit; font-weight: 600; cursor: pointer; min-height: 44px; padding: 10px 16px; border-radius: 10px;
  border: 1px solid #7a4b2a; background: #7a4b2a; color: #fff; }
button:focus-visible { outline: 3px solid #2b2118; outline-offset: 2px; }
button:disabled { cursor: progress; opacity: .8; }
.status { font-size: 14px; color: #2b2118; }
.status:empty { display: none; }
.status.error { color: #a8322d; }
`;

export type InviteButton = { host: HTMLElement; showStatus(text: string, error?: boolean): void; setBusy(busy: boolean): void };

const msg = (key: Parameters<typeof browser.i18n.getMessage>[0]) => browser.i18n.getMessage(key);

export function createInviteButton(onOpen: () => void): InviteButton {
  const host = document.createElement('chaekbang-invite');
  host.setAttribute('data-testid', 'invite-open-side-panel');
  host.setAttribute('data-chaekbang', 'invite');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const box = document.createElement('div');
  box.className = 'box';
  box.setAttribute('lang', browser.i18n.getUILanguage().startsWith('ko') ? 'ko' : 'en');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = msg('inviteOpenSidePanel');
  const status = document.createElement('div');
  status.className = 'status';
  status.setAttribute('role', 'status');
  box.append(button, status);
  root.append(style, box);
  // Only a person's click counts: a page script's .click() on the host never reaches the button, and a synthetic
  // event (isTrusted false) is ignored.
  button.addEventListener('click', (event) => {
    if (!event.isTrusted || button.disabled) return;
    onOpen();
  });
  return {
    host,
    showStatus(text, error = false) {
      status.textContent = text;
      status.className = error ? 'status error' : 'status';
    },
    setBusy(busy) {
      button.disabled = busy;
    },
  };
}
