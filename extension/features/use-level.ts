import { useEffect, useState } from 'preact/hooks';
import { levelFor } from '../../shared/levels';
import { firebase } from '../data/firebase-app';
import { statsRepository } from '../data/stats-repository';

/** The reader's level, live from their one stats document (null until known). */
export function useReaderLevel(uid: string): number | null {
  const [level, setLevel] = useState<number | null>(null);
  useEffect(
    () =>
      statsRepository(firebase().db).watch(
        uid,
        (stats) => setLevel(levelFor(stats.booksRead, stats.pagesRead).level),
        // Keep the last known level on a listener error rather than blanking the room tile.
        (err) => console.warn('Chaekbang: stats listener failed; keeping the last known level', err),
      ),
    [uid],
  );
  return level;
}
