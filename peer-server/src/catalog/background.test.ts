import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inBackground, isBackground } from './background';
import { createCatalog } from './catalog';
import { ManualClock } from './clock';
import { loadCatalogConfig } from './config';
import { FAKE_KEY, type FakeUpstream, startFakeUpstream } from './testing/fake-upstream';
import { SYNTHETIC_BOOKS } from './testing/synthetic-books';

// The server's own lookups (record verification, list warming) never drain a source's rate: a reader asking at the
// same moment still gets an answer from it (catalog.emu's ISBN search failed in full runs, while the start-up
// verification backlog took every token).
let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.resetCalls());

const ONLY_YES24 = {
  CATALOG_NL_KEY: '',
  CATALOG_YES24_KEY: FAKE_KEY,
  CATALOG_KAKAO_KEY: '',
  CATALOG_DATA4LIBRARY_KEY: '',
  CATALOG_GOOGLE_BOOKS: 'off',
  CATALOG_OPEN_LIBRARY: 'off',
};
/** ISBNs the fake does not know (each a miss, so each a call to the source). */
const unknown = Array.from({ length: 8 }, (_, i) => `97911990${String(90000 + i).padStart(5, '0')}`);
const known = SYNTHETIC_BOOKS[0]?.isbn13 ?? '';

describe('background catalog work', () => {
  it('is marked through awaits, and only inside inBackground', async () => {
    expect(isBackground()).toBe(false);
    await inBackground(async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(isBackground()).toBe(true);
    });
    expect(isBackground()).toBe(false);
  });

  it("stops at the readers' reserve of a source's rate; a reader's lookup right after still reaches the source", async () => {
    const catalog = createCatalog(loadCatalogConfig(fake.env(ONLY_YES24)), { clock: new ManualClock() });
    // YES24: 5 requests/s, a burst of 5, a reserve of 2.5.
    for (const isbn of unknown) await inBackground(() => catalog.book(isbn).catch(() => null));
    expect(fake.callCount('yes24')).toBe(2);
    await expect(catalog.book(known)).resolves.toMatchObject({ isbn13: known });
    expect(fake.callCount('yes24')).toBe(3);
  });

  it('without the mark, the same lookups take the whole burst and the reader is refused (what the reserve prevents)', async () => {
    const catalog = createCatalog(loadCatalogConfig(fake.env(ONLY_YES24)), { clock: new ManualClock() });
    for (const isbn of unknown) await catalog.book(isbn).catch(() => null);
    expect(fake.callCount('yes24')).toBe(5);
    await expect(catalog.book(known)).rejects.toThrow();
  });
});
