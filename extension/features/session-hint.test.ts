import { describe, expect, it, vi } from 'vitest';

// session.ts reaches the room store (its production wiring replaced as in room-store.test.ts).
vi.mock('../data/config', () => ({ config: { peerServerUrl: 'http://127.0.0.1:1' } }));
const { READER_HINT_KEY, readerHint, rememberReader } = await import('./session');

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('the signed-in reader hint (tabs before Auth answers)', () => {
  it('remembers the reader Auth reported, and forgets on sign-out (Auth reporting no reader)', () => {
    const storage = memoryStorage();
    expect(readerHint(storage)).toBeNull();
    rememberReader('uidMinji123', storage);
    expect(readerHint(storage)).toBe('uidMinji123');
    rememberReader('uidJiho456', storage); // another reader signed in: the hint follows Auth
    expect(readerHint(storage)).toBe('uidJiho456');
    rememberReader(null, storage);
    expect(readerHint(storage)).toBeNull();
    expect(storage.data.has(READER_HINT_KEY)).toBe(false);
  });

  it('holds the uid only: no name, email or other data of the reader', () => {
    const storage = memoryStorage();
    rememberReader('uidMinji123', storage);
    expect([...storage.data.entries()]).toEqual([[READER_HINT_KEY, 'uidMinji123']]);
  });

  it('ignores a malformed hint and survives storage that throws', () => {
    expect(readerHint(memoryStorage({ [READER_HINT_KEY]: '<script>' }))).toBeNull();
    expect(readerHint(memoryStorage({ [READER_HINT_KEY]: '' }))).toBeNull();
    expect(readerHint(memoryStorage({ [READER_HINT_KEY]: 'x'.repeat(500) }))).toBeNull();
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readerHint(broken)).toBeNull();
    expect(() => rememberReader('uidMinji123', broken)).not.toThrow();
    expect(() => rememberReader(null, broken)).not.toThrow();
    expect(readerHint(null)).toBeNull();
  });
});
