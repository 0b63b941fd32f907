import { render } from 'preact';
import { getLocalMedia } from '../../extension/features/room/media';
import type { Catalogue } from '../../extension/platform/messages';
import { pickLanguage } from '../../extension/platform/messages';
import { installPlatform } from '../../extension/platform/platform';
import '../../extension/entrypoints/sidepanel/style.css';
import './web-room.css';
import { webPlatform } from './web-platform';
import { type EarlyWork, WebRoomApp } from './web-room-app';
import { codeOfPath } from './web-room-state';

/**
 * What a guest's way to the call needs first, started before the catalogue loads and the page paints: the camera and
 * microphone (the browser's prompt shows as the page appears, as on the best meeting pages; the lobby's preview and
 * its permission errors take it from here) and the token-free room look-up (no account is made on page load).
 * Neither for an invalid link; no camera while the extension offers its side panel.
 */
function startEarly(code: string | null, extensionInstalled: boolean): EarlyWork {
  if (!code) return { media: null, status: null };
  const status = fetch(`/api/rooms/${encodeURIComponent(code)}/status`, { cache: 'no-store' })
    .then((res) => (res.ok ? (res.json() as Promise<unknown>) : null))
    .catch(() => null);
  const media = extensionInstalled ? null : getLocalMedia({ audio: true, video: true }).catch(() => null);
  return { media, status };
}

/**
 * The web room's entry: the early work above, the page's language (?lang=ko|en, else the browser's), its catalogue
 * (one language, its own chunk), the web platform seam, then the app. The extension's content script marks <html>
 * before this runs.
 */
async function start() {
  const extensionInstalled = document.documentElement.dataset.chaekbangExtension === '1';
  const early = startEarly(codeOfPath(location.pathname), extensionInstalled);
  const asked = new URLSearchParams(location.search).get('lang');
  const lang = asked === 'ko' || asked === 'en' ? asked : pickLanguage(navigator.languages ?? [navigator.language]);
  const catalogue = (
    lang === 'ko'
      ? await import('../../extension/public/_locales/ko/messages.json')
      : await import('../../extension/public/_locales/en/messages.json')
  ).default as Catalogue;
  let store: Storage | null = null;
  try {
    store = sessionStorage;
  } catch {
    // Storage blocked (private mode in some browsers): no rejoin offer, the rest works.
  }
  installPlatform(webPlatform(catalogue, lang, store));
  document.documentElement.lang = lang;
  const root = document.getElementById('app');
  if (root) render(<WebRoomApp pathname={location.pathname} extensionInstalled={extensionInstalled} early={early} />, root);
}

void start();
