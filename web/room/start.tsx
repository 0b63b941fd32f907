import { render } from 'preact';
import type { Catalogue } from '../../extension/platform/messages';
import { pickLanguage } from '../../extension/platform/messages';
import { installPlatform } from '../../extension/platform/platform';
import { webPlatform } from './web-platform';
import { type EarlyWork, WebRoomApp } from './web-room-app';

/**
 * The web room's app, after main.tsx's early work: the page's language (?lang=ko|en, else the browser's), its
 * catalogue (one language, its own chunk, named in the HTML by the server), the web platform seam, then the app.
 */
export async function start(early: EarlyWork, extensionInstalled: boolean) {
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
