import { describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', () => ({ browser: {} }));
const { HOME_LIBRARIES_KEY, readHomeLibraries, saveHomeLibraries } = await import('./home-libraries');

function memoryArea(initial: Record<string, unknown> = {}) {
  const data = { ...initial };
  return {
    data,
    get: async (key: string) => (key in data ? { [key]: data[key] } : {}),
    set: async (items: Record<string, unknown>) => void Object.assign(data, items),
  };
}

const lib = (n: number) => ({ libCode: `11100${n}`, name: `도서관 ${n}`, region: '11' as const });

describe('home libraries (storage.sync)', () => {
  it('keeps up to three and reads them back', async () => {
    const area = memoryArea();
    await saveHomeLibraries([lib(1), lib(2), lib(3)], area);
    expect(await readHomeLibraries(area)).toEqual([lib(1), lib(2), lib(3)]);
  });

  it('refuses a fourth library or a bad code, and leaves what was stored', async () => {
    const area = memoryArea({ [HOME_LIBRARIES_KEY]: [lib(1)] });
    await expect(saveHomeLibraries([lib(1), lib(2), lib(3), lib(4)], area)).rejects.toThrow();
    await expect(saveHomeLibraries([{ ...lib(1), libCode: '../x' }], area)).rejects.toThrow();
    expect(await readHomeLibraries(area)).toEqual([lib(1)]);
  });

  it('something unreadable in storage counts as no choice yet', async () => {
    expect(await readHomeLibraries(memoryArea({ [HOME_LIBRARIES_KEY]: 'junk' }))).toEqual([]);
    expect(await readHomeLibraries(memoryArea())).toEqual([]);
  });
});
