import { browser } from 'wxt/browser';
import type { Platform, StorageArea } from './types';

/** The extension's pages: browser.i18n, storage.session and the extension's permission page in a tab. */
export const extensionPlatform: Platform = {
  kind: 'extension',
  message: (key, substitutions) => browser.i18n.getMessage(key as never, substitutions) || '',
  uiLanguage: () => browser.i18n.getUILanguage?.() || 'en',
  // Absent outside an extension page (e.g. unit tests of the store).
  sessionArea: () => (browser?.storage?.session as StorageArea | undefined) ?? null,
  openPermissionPage: () => {
    browser.tabs.create({ url: browser.runtime.getURL('/permission.html') });
  },
};
