import { describe, expect, it } from 'vitest';
import type { StorageArea } from '../../platform/platform';
import { CALL_SETTINGS_KEY, DEFAULT_CALL_SETTINGS, loadCallSettings, saveCallSettings } from './call-settings';

function memoryArea(initial: Record<string, unknown> = {}): StorageArea & { data: Record<string, unknown> } {
  const data = { ...initial };
  return {
    data,
    get: async (key) => (key in data ? { [key]: data[key] } : {}),
    set: async (items) => {
      Object.assign(data, items);
    },
    remove: async (key) => {
      delete data[key];
    },
  };
}

describe('call settings ("always relay")', () => {
  it('is off until the reader turns it on, and stays on once saved', async () => {
    const area = memoryArea();
    expect(await loadCallSettings(area)).toEqual(DEFAULT_CALL_SETTINGS);
    expect(DEFAULT_CALL_SETTINGS.alwaysRelay).toBe(false);
    await saveCallSettings({ alwaysRelay: true }, area);
    expect(area.data[CALL_SETTINGS_KEY]).toEqual({ alwaysRelay: true });
    expect(await loadCallSettings(area)).toEqual({ alwaysRelay: true });
  });

  it('reads a malformed or foreign record, or an unreadable store, as the defaults', async () => {
    for (const raw of ['yes', null, 1, { alwaysRelay: 'true' }, { alwaysRelay: true, extra: 1 }]) {
      expect(await loadCallSettings(memoryArea({ [CALL_SETTINGS_KEY]: raw }))).toEqual(DEFAULT_CALL_SETTINGS);
    }
    const broken: StorageArea = { get: () => Promise.reject(new Error('gone')), set: async () => {}, remove: async () => {} };
    expect(await loadCallSettings(broken)).toEqual(DEFAULT_CALL_SETTINGS);
    expect(await loadCallSettings(null)).toEqual(DEFAULT_CALL_SETTINGS);
  });

  it('refuses to save anything but the schema', async () => {
    const area = memoryArea();
    await expect(saveCallSettings({ alwaysRelay: 'yes' } as never, area)).rejects.toThrow();
    expect(area.data).toEqual({});
  });
});
