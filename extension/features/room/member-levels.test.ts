import type { Firestore } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { NO_STATS, type StatsView } from '../../data/stats-repository';
import { memberLevels } from './member-levels';

describe('memberLevels', () => {
  it('computes a member’s level from their stats, follows changes, shows none on a failed read, and stops', () => {
    let push: ((s: StatsView) => void) | undefined;
    let fail: ((e: Error) => void) | undefined;
    let stopped = 0;
    const levels = memberLevels({} as Firestore, {
      watch: (_uid, onChange, onError) => {
        push = onChange;
        fail = onError;
        return () => {
          stopped += 1;
        };
      },
    });
    const seen: (number | null)[] = [];
    const stop = levels.watch('bob', (l) => seen.push(l));
    push?.({ ...NO_STATS, booksRead: 3, pagesRead: 0 });
    push?.({ ...NO_STATS, booksRead: 10, pagesRead: 1000 });
    fail?.(new Error('permission-denied'));
    stop();
    push?.({ ...NO_STATS, booksRead: 50 });
    expect(seen).toEqual([3, 5, null]);
    expect(stopped).toBe(1);
  });
});
