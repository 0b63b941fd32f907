import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { BackgroundMessages } from '../../messaging/background-protocol';
import { BACKGROUND_PROTOCOL } from '../../messaging/names';
import { protocolSender } from '../../messaging/send';
import { createInviteButton, type InviteButton } from './button';
import { INVITE_PLACEHOLDER_MATCH, parseInviteUrl } from './invite-url';

declare const __CHAEKBANG_CONFIG__: { peerServerUrl?: unknown };

const SLOT_ID = 'chaekbang-extension-slot';
const sendToBackground = protocolSender<BackgroundMessages>(BACKGROUND_PROTOCOL);

// Invite links (issue 15): on the configured peer-server's /r/<CODE> pages (wxt.config.ts replaces the placeholder
// with that server's pattern), before the page's own scripts run: mark <html> so the web room does not join by
// itself, then put "Open in the side panel" in the slot the page shows. The click opens the side panel (a tab when
// the browser refuses) on that room. Nothing else: no detection, no Firebase, no peer-server calls from here.
export default defineContentScript({
  matches: [INVITE_PLACEHOLDER_MATCH],
  runAt: 'document_start',
  main: runInviteContent,
});

export function runInviteContent() {
  const server = typeof __CHAEKBANG_CONFIG__.peerServerUrl === 'string' ? __CHAEKBANG_CONFIG__.peerServerUrl : '';
  const code = parseInviteUrl(location.href, server);
  // Not an invite page of our server, or a code that cannot be one: leave the page alone (it says what is wrong).
  if (!code) return;
  document.documentElement.dataset.chaekbangExtension = '1';

  let button: InviteButton | null = null;
  const open = () => {
    if (!button) return;
    const b = button;
    b.setBusy(true);
    b.showStatus('');
    sendToBackground('openInvite', { code }).then(
      ({ openedIn }) => {
        b.setBusy(false);
        b.showStatus(browser.i18n.getMessage(openedIn === 'side-panel' ? 'inviteOpenedInPanel' : 'inviteOpenedInTab'));
      },
      () => {
        b.setBusy(false);
        b.showStatus(browser.i18n.getMessage('inviteOpenFailed'), true);
      },
    );
  };

  // The web room renders the slot when it has read the mark (and again if the reader comes back to that choice).
  const place = () => {
    const slot = document.getElementById(SLOT_ID);
    if (!slot) return;
    button ??= createInviteButton(open);
    if (button.host.parentElement !== slot) slot.replaceChildren(button.host);
  };
  new MutationObserver(place).observe(document, { childList: true, subtree: true });
  place();
}
