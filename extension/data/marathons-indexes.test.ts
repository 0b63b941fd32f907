import { collection, type Query, query, where } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { hasIndex, type NeededIndex, neededIndex, offlineDb } from '../../firebase/tests/query-indexes';
import { marathonQueries } from './marathons-repository';

// Every query the marathon code runs has its composite index in firebase/firestore.indexes.json: the test reads the
// very query objects the repository builds (marathonQueries) and works out the index each one needs.
const db = offlineDb('marathon-index-test');
const built: [string, Query][] = [
  ['leaderboard', marathonQueries.leaderboard(db, 'm1')],
  ['rank (count of readers above)', marathonQueries.rank(db, 'm1', 120)],
  ['club marathons', marathonQueries.club(db, 'c1')],
  ['club marathon running', marathonQueries.clubRunning(db, 'c1', new Date())],
  ['own logs', marathonQueries.logs(db, 'm1', 'u1')],
];

describe('marathon query indexes', () => {
  it.each(built)('%s has its composite index in firestore.indexes.json', (_name, q) => {
    const needed = neededIndex(q);
    expect(needed, 'every marathon query filters and sorts on two fields').not.toBeNull();
    expect(hasIndex(needed as NeededIndex), JSON.stringify(needed)).toBe(true);
  });

  it('the rank count sorts like the leaderboard, so one index (hidden ASC, pages DESC) serves both', () => {
    expect(neededIndex(marathonQueries.rank(db, 'm1', 5))).toEqual(neededIndex(marathonQueries.leaderboard(db, 'm1')));
  });

  it('the check itself fails for a query without its index (a range filter sorting ascending)', () => {
    // What the rank query was before: hidden == false, pages > N, no orderBy → pages ascending, which no index has.
    const before = query(collection(db, 'marathons', 'm1', 'participants'), where('hidden', '==', false), where('pages', '>', 5));
    const needed = neededIndex(before);
    expect(needed).toEqual({ collectionGroup: 'participants', equality: ['hidden'], order: [['pages', 'ASCENDING']] });
    expect(hasIndex(needed as NeededIndex)).toBe(false);
  });
});
