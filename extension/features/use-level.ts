import { useEffect, useState } from 'preact/hooks';
import { levelFor } from '../../shared/levels';

/** The reader's level, live from their one stats document (null until known, and while uid is null). */
export function useReaderLevel(uid: string | null): number | null {
  const [level, setLevel] = useState<number | null>(null);
  useEffect(() => {
    if (!uid) return;
    let live = true;
    let stop: (() => void) | null = null;
    // Firestore loads with the first view that reads it, not before the panel's first paint.
    Promise.all([import('../data/firebase-app'), import('../data/stats-repository')]).then(
      ([{ firebase }, { statsRepository }]) => {
        if (!live) return;
        stop = statsRepository(firebase().db).watch(
          uid,
          (stats) => setLevel(levelFor(stats.booksRead, stats.pagesRead).level),
          // Keep the last known level on a listener error rather than blanking the room tile.
          (err) => console.warn('Chaekbang: stats listener failed; keeping the last known level', err),
        );
      },
      (err: unknown) => console.warn('Chaekbang: the level could not be loaded', err),
    );
    return () => {
      live = false;
      stop?.();
    };
  }, [uid]);
  return level;
}
