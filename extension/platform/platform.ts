import { extensionPlatform } from './extension-platform';
import type { Platform } from './types';

export type { Platform, StorageArea } from './types';

/**
 * The few browser-API-specific things the room (and every `t()`) needs, behind one seam: the extension's
 * side panel runs on `extensionPlatform` (browser.i18n, storage.session, the permission page); the web room
 * (`web/room/`) installs `webPlatform` before it renders, so the same components and the same room engine
 * run in an ordinary page. Everything else stays where it is: each feature keeps one home.
 */
let current: Platform = extensionPlatform;

export function platform(): Platform {
  return current;
}

/** Called once by an entry point before anything renders (the web room; tests). Returns the previous one. */
export function installPlatform(next: Platform): Platform {
  const previous = current;
  current = next;
  return previous;
}
