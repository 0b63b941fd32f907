import { type Catalogue, formatMessage } from '../../extension/platform/messages';
import type { Platform, StorageArea } from '../../extension/platform/platform';

/** A `storage.session`-like area over the tab's `sessionStorage` (JSON values; gone when the tab closes). */
export function sessionStorageArea(store: Storage): StorageArea {
  return {
    async get(key) {
      const raw = store.getItem(key);
      if (raw === null) return {};
      try {
        return { [key]: JSON.parse(raw) as unknown };
      } catch {
        return { [key]: raw };
      }
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) store.setItem(k, JSON.stringify(v));
    },
    async remove(key) {
      store.removeItem(key);
    },
  };
}

/**
 * The web room's platform: the bundled catalogue of one language (the one the page picked), the tab's
 * sessionStorage for the rejoin offer (a reload in the tab offers the room again), and no permission page
 * (an ordinary tab shows the camera prompt itself).
 */
export function webPlatform(catalogue: Catalogue, language: string, store: Storage | null): Platform {
  const area = store ? sessionStorageArea(store) : null;
  return {
    kind: 'web',
    message: (key, substitutions) => formatMessage(catalogue, key, substitutions),
    uiLanguage: () => language,
    sessionArea: () => area,
    openPermissionPage: null,
  };
}
