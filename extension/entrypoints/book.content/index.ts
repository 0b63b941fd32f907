import { defineContentScript } from 'wxt/utils/define-content-script';
import { backgroundProtocol } from '../../messaging/background-protocol';
import { BOOK_SITE_MATCHES } from './matches';

// Runs only on the supported book sites (see matches.ts). It detects and offers; it never talks to
// Firebase or the peer-server.
export default defineContentScript({
  matches: [...BOOK_SITE_MATCHES],
  runAt: 'document_idle',
  async main() {
    await backgroundProtocol.send('pageVisited', { url: location.href, site: null }).catch(() => {});
  },
});
