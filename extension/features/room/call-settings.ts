import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import type { StorageArea } from '../../platform/platform';

/**
 * The reader's call settings, on this device: storage.local in the extension (kept across browser
 * restarts), localStorage in an ordinary page (the web room). A malformed record reads as the defaults.
 */
export const CALL_SETTINGS_KEY = 'callSettings';

export const CallSettingsSchema = z.strictObject({
  /**
   * "Always relay (strict networks)": every call goes through the TURN relay (iceTransportPolicy 'relay'),
   * for corporate and school networks and hotspots where a direct connection never works. It also keeps
   * the reader's IP address from the other readers.
   */
  alwaysRelay: z.boolean(),
});
export type CallSettings = z.infer<typeof CallSettingsSchema>;
export const DEFAULT_CALL_SETTINGS: CallSettings = { alwaysRelay: false };

/** localStorage as a StorageArea (pages outside the extension). */
function pageArea(): StorageArea | null {
  const ls = (globalThis as { localStorage?: Storage }).localStorage;
  if (!ls) return null;
  return {
    get: async (key) => {
      const raw = ls.getItem(key);
      if (raw === null) return {};
      try {
        return { [key]: JSON.parse(raw) };
      } catch {
        return {};
      }
    },
    set: async (items) => {
      for (const [key, value] of Object.entries(items)) ls.setItem(key, JSON.stringify(value));
    },
    remove: async (key) => ls.removeItem(key),
  };
}

/** Where the settings live here: the extension's storage.local, else the page's localStorage. */
export function callSettingsArea(): StorageArea | null {
  const local = (browser as { storage?: { local?: StorageArea } } | undefined)?.storage?.local;
  return local ?? pageArea();
}

const listeners = new Set<(s: CallSettings) => void>();

export async function loadCallSettings(area: StorageArea | null = callSettingsArea()): Promise<CallSettings> {
  if (!area) return DEFAULT_CALL_SETTINGS;
  try {
    const raw = (await area.get(CALL_SETTINGS_KEY))[CALL_SETTINGS_KEY];
    const parsed = CallSettingsSchema.safeParse(raw);
    return parsed.success ? parsed.data : DEFAULT_CALL_SETTINGS;
  } catch {
    return DEFAULT_CALL_SETTINGS;
  }
}

export async function saveCallSettings(settings: CallSettings, area: StorageArea | null = callSettingsArea()) {
  const valid = CallSettingsSchema.parse(settings);
  if (area) await area.set({ [CALL_SETTINGS_KEY]: valid });
  for (const l of listeners) l(valid);
}

/** The settings, live: [settings (null while loading), save]. */
export function useCallSettings(): [CallSettings | null, (next: CallSettings) => Promise<void>] {
  const [settings, setSettings] = useState<CallSettings | null>(null);
  useEffect(() => {
    let alive = true;
    loadCallSettings().then((s) => alive && setSettings(s));
    const listener = (s: CallSettings) => setSettings(s);
    listeners.add(listener);
    return () => {
      alive = false;
      listeners.delete(listener);
    };
  }, []);
  return [settings, saveCallSettings];
}
