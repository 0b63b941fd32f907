import { describe, expect, it } from 'vitest';
import { LAST_ROOM_KEY, loadLastRoom, saveLastRoom } from '../../extension/features/room/last-room';
import { sessionStorageArea, webPlatform } from './web-platform';

/** The Web Storage interface over a Map (happy-dom is not needed for this). */
function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => {
      data.delete(k);
    },
    setItem: (k, v) => {
      data.set(k, String(v));
    },
  };
}

describe('web platform', () => {
  it('messages come from the bundled catalogue; the permission prompt is the page’s own', () => {
    const p = webPlatform({ roomCode: { message: 'Room $CODE$', placeholders: { code: { content: '$1' } } } }, 'ko', null);
    expect(p.kind).toBe('web');
    expect(p.message('roomCode', 'ABC-234')).toBe('Room ABC-234');
    expect(p.message('missing')).toBe('');
    expect(p.uiLanguage()).toBe('ko');
    expect(p.openPermissionPage).toBeNull();
    expect(p.sessionArea()).toBeNull();
  });

  it('the rejoin record (last-room.ts) round-trips through sessionStorage; junk reads as no offer and is removed', async () => {
    const store = memoryStorage();
    const area = sessionStorageArea(store);
    const now = Date.now();
    const record = { uid: 'guest-uid', code: 'K7P2QX', name: null, seenAt: now };
    await saveLastRoom(area, record);
    expect(JSON.parse(store.getItem(LAST_ROOM_KEY) ?? 'null')).toEqual(record);
    expect(await loadLastRoom(area, 'guest-uid', now)).toEqual(record);
    expect(await loadLastRoom(area, 'someone-else', now)).toBeNull();
    store.setItem(LAST_ROOM_KEY, '{not json');
    expect(await loadLastRoom(area, 'guest-uid', now)).toBeNull();
    expect(store.getItem(LAST_ROOM_KEY)).toBeNull();
    await area.set({ a: 1 });
    await area.remove('a');
    expect(await area.get('a')).toEqual({});
  });
});
