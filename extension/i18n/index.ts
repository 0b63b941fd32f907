import { browser } from 'wxt/browser';
import type en from '../public/_locales/en/messages.json';

/** Every user-facing string goes through here; keys are checked against the English catalogue. */
export type MessageKey = keyof typeof en;

export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The UI language Chrome or Firefox shows the extension in ("ko" or "en"), for dates and numbers. */
export function uiLocale(): string {
  return browser.i18n.getUILanguage?.() || 'en';
}
