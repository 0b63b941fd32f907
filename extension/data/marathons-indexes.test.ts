import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initializeApp } from 'firebase/app';
import { collection, getFirestore, type Query, query, where } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { marathonQueries } from './marathons-repository';

// Every query the marathon code runs has its composite index in firebase/firestore.indexes.json. The emulator does
// not enforce indexes, so a deployed project would be the first to refuse a query without one. The test reads the
// very query objects the repository builds (marathonQueries) and works out the index each one needs the way
// Firestore does: equality filters first (any order), then the sort fields in order with their direction, an
// inequality field the query does not sort by appended ascending; a query on one field needs no composite index.
type IndexEntry = { collectionGroup: string; queryScope: string; fields: { fieldPath: string; order?: string }[] };
const file = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'firebase', 'firestore.indexes.json'), 'utf8')) as {
  indexes: IndexEntry[];
};

type Needed = { collectionGroup: string; equality: string[]; order: [string, 'ASCENDING' | 'DESCENDING'][] };

/** The SDK's own description of a built query (its internal `_query`: path, filters, explicit order). */
type CoreQuery = {
  path: { lastSegment(): string };
  filters: { field?: { canonicalString(): string }; op?: string }[];
  explicitOrderBy: { field: { canonicalString(): string }; dir: 'asc' | 'desc' }[];
};

const EQUALITY = new Set(['==', 'in', 'array-contains', 'array-contains-any']);

/** The composite index a built query needs, or null when single-field indexes serve it. */
function neededIndex(q: Query): Needed | null {
  const core = (q as unknown as { _query: CoreQuery })._query;
  const order: Needed['order'] = core.explicitOrderBy
    .map((o) => [o.field.canonicalString(), o.dir === 'desc' ? 'DESCENDING' : 'ASCENDING'] as [string, Needed['order'][0][1]])
    .filter(([f]) => f !== '__name__');
  for (const f of core.filters) {
    const field = f.field?.canonicalString();
    if (!field || !f.op) throw new Error('a filter this test does not understand (composite or/and?)');
    if (!EQUALITY.has(f.op) && !order.some(([o]) => o === field)) order.push([field, 'ASCENDING']);
  }
  const equality = [
    ...new Set(
      core.filters
        .filter((f) => EQUALITY.has(f.op ?? ''))
        .map((f) => f.field?.canonicalString() ?? '')
        .filter((f) => !order.some(([o]) => o === f)),
    ),
  ];
  if (order.length === 0 || equality.length + order.length <= 1) return null;
  return { collectionGroup: core.path.lastSegment(), equality, order };
}

function hasIndex(needed: Needed): boolean {
  return file.indexes.some((ix) => {
    if (ix.collectionGroup !== needed.collectionGroup || ix.queryScope !== 'COLLECTION') return false;
    const eq = ix.fields.slice(0, needed.equality.length);
    const rest = ix.fields.slice(needed.equality.length);
    return (
      eq.every((f) => f.order === 'ASCENDING' && needed.equality.includes(f.fieldPath)) &&
      new Set(eq.map((f) => f.fieldPath)).size === needed.equality.length &&
      rest.length === needed.order.length &&
      rest.every((f, i) => f.fieldPath === needed.order[i]?.[0] && f.order === needed.order[i]?.[1])
    );
  });
}

// A Firestore instance that never connects: building queries needs no network.
const db = getFirestore(initializeApp({ projectId: 'demo-index-test', apiKey: 'x' }, 'marathon-index-test'));
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
    expect(hasIndex(needed as Needed), JSON.stringify(needed)).toBe(true);
  });

  it('the rank count sorts like the leaderboard, so one index (hidden ASC, pages DESC) serves both', () => {
    expect(neededIndex(marathonQueries.rank(db, 'm1', 5))).toEqual(neededIndex(marathonQueries.leaderboard(db, 'm1')));
  });

  it('the check itself fails for a query without its index (a range filter sorting ascending)', () => {
    // What the rank query was before: hidden == false, pages > N, no orderBy → pages ascending, which no index has.
    const before = query(collection(db, 'marathons', 'm1', 'participants'), where('hidden', '==', false), where('pages', '>', 5));
    const needed = neededIndex(before);
    expect(needed).toEqual({ collectionGroup: 'participants', equality: ['hidden'], order: [['pages', 'ASCENDING']] });
    expect(hasIndex(needed as Needed)).toBe(false);
  });
});
