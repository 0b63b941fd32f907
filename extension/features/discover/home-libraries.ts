import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { CATALOG_LIMITS, LibraryCodeSchema, LibraryRegionSchema } from '../../../shared/schemas/catalog';

/** The reader's home libraries (at most 3), kept with the reader in browser.storage.sync. */
export const HOME_LIBRARIES_KEY = 'homeLibraries';

export const HomeLibrarySchema = z.strictObject({
  libCode: LibraryCodeSchema,
  name: z.string().trim().min(1).max(120),
  region: LibraryRegionSchema,
});
export type HomeLibrary = z.infer<typeof HomeLibrarySchema>;
export const HomeLibrariesSchema = z.array(HomeLibrarySchema).max(CATALOG_LIMITS.homeLibraries);

type StorageArea = {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
};
const syncArea = (): StorageArea => browser.storage.sync as unknown as StorageArea;

/** What is stored, or [] when nothing (or something unreadable) is. */
export async function readHomeLibraries(area: StorageArea = syncArea()): Promise<HomeLibrary[]> {
  const parsed = HomeLibrariesSchema.safeParse((await area.get(HOME_LIBRARIES_KEY))[HOME_LIBRARIES_KEY]);
  return parsed.success ? parsed.data : [];
}

/** Store the choice (refused past 3 libraries or with a bad code: the picker never sends one). */
export async function saveHomeLibraries(libraries: HomeLibrary[], area: StorageArea = syncArea()): Promise<HomeLibrary[]> {
  const checked = HomeLibrariesSchema.parse(libraries);
  await area.set({ [HOME_LIBRARIES_KEY]: checked });
  return checked;
}

/** The reader's home libraries, live across the reader's browsers (storage.sync). null until read. */
export function useHomeLibraries(): [HomeLibrary[] | null, (next: HomeLibrary[]) => Promise<void>] {
  const [libs, setLibs] = useState<HomeLibrary[] | null>(null);
  useEffect(() => {
    readHomeLibraries().then(setLibs, () => setLibs([]));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'sync' || !(HOME_LIBRARIES_KEY in changes)) return;
      const parsed = HomeLibrariesSchema.safeParse(changes[HOME_LIBRARIES_KEY]?.newValue);
      setLibs(parsed.success ? parsed.data : []);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  return [
    libs,
    async (next) => {
      setLibs(await saveHomeLibraries(next));
    },
  ];
}
