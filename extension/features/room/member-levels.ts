import type { Firestore } from 'firebase/firestore';
import { levelFor } from '../../../shared/levels';
import { statsRepository } from '../../data/stats-repository';
import type { LevelSource } from './room-session';

type StatsWatch = Pick<ReturnType<typeof statsRepository>, 'watch'>;

/**
 * Room-mates' levels from their own stats documents (which the rules guard), never from what a member
 * claims in `hello`. One live listener per member while they are in the room; an unreadable or failed
 * read shows no level rather than a wrong one.
 */
export function memberLevels(db: Firestore, stats: StatsWatch = statsRepository(db)): LevelSource {
  return {
    watch(uid, onLevel) {
      let live = true;
      const stop = stats.watch(
        uid,
        (s) => {
          if (live) onLevel(levelFor(s.booksRead, s.pagesRead).level);
        },
        () => {
          if (live) onLevel(null);
        },
      );
      return () => {
        live = false;
        stop();
      };
    },
  };
}
