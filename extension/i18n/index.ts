import { platform } from '../platform/platform';
import type en from '../public/_locales/en/messages.json';

/** Every user-facing string goes through here; keys are checked against the English catalogue. */
export type MessageKey = keyof typeof en;

/** The extension reads `browser.i18n`; the web room its bundled catalogue (extension/platform). */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return platform().message(key, substitutions) || key;
}

/** The UI language the extension (or the web room) shows ("ko" or "en"), for dates and numbers. */
export function uiLocale(): string {
  return platform().uiLanguage() || 'en';
}
