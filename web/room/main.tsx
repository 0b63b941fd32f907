import { getLocalMedia } from '../../extension/features/room/media';
import { mark } from '../../extension/utils/perf-mark';
import '../../extension/entrypoints/sidepanel/style.css';
import './web-room.css';
import type { EarlyWork } from './web-room-app';
import { codeOfPath } from './web-room-state';

/**
 * The web room's entry, kept small so it runs as soon as the page has it (the app, Preact and the catalogue follow
 * in their own chunks, already on their way as modulepreload). It starts what a guest's way to the call needs first,
 * before anything is painted: the camera and microphone (the browser's prompt shows as the page appears, as on the
 * best meeting pages; the lobby's preview and its permission errors take it from here), the token-free room look-up
 * (no account is made on page load). None for an invalid link; no camera while the extension offers its side
 * panel. The extension's content script
 * marks <html> before this runs.
 */
function startEarly(code: string | null, extensionInstalled: boolean): EarlyWork {
  if (!code) return { media: null, status: null };
  const status = fetch(`/api/rooms/${encodeURIComponent(code)}/status`, { cache: 'no-store' })
    .then((res) => (res.ok ? (res.json() as Promise<unknown>) : null))
    .catch(() => null);
  if (extensionInstalled) return { media: null, status };
  const media = getLocalMedia({ audio: true, video: true }).then(
    (stream) => {
      mark('camera-ready');
      return stream;
    },
    () => null,
  );
  return { media, status };
}

const extensionInstalled = document.documentElement.dataset.chaekbangExtension === '1';
const early = startEarly(codeOfPath(location.pathname), extensionInstalled);
void import('./start').then((m) => m.start(early, extensionInstalled));
