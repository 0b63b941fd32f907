import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initializeApp } from 'firebase/app';
import { type Firestore, getFirestore, type Query } from 'firebase/firestore';

// The emulator does not enforce composite indexes, so a deployed project would be the first to refuse a query without
// one. These helpers let a unit test take the very query objects the repositories build and check each against
// firebase/firestore.indexes.json, working out the index a query needs the way Firestore does: its equality filters
// (any order, ascending), then its sort fields in order with their direction, then an inequality field it does not
// sort by (ascending). A query on one field, or with equality filters only, needs no composite index.

type IndexFile = { indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string; order?: string }[] }[] };
const FILE = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'firestore.indexes.json'), 'utf8')) as IndexFile;

export type NeededIndex = { collectionGroup: string; equality: string[]; order: [string, 'ASCENDING' | 'DESCENDING'][] };

/** The SDK's own description of a built query (its internal `_query`: path, filters, explicit order). */
type CoreQuery = {
  path: { lastSegment(): string };
  collectionGroup: string | null;
  filters: { field?: { canonicalString(): string }; op?: string }[];
  explicitOrderBy: { field: { canonicalString(): string }; dir: 'asc' | 'desc' }[];
};

const EQUALITY = new Set(['==', 'in', 'array-contains', 'array-contains-any']);

/** The composite index a built query needs, or null when single-field indexes serve it. */
export function neededIndex(q: Query): NeededIndex | null {
  const core = (q as unknown as { _query: CoreQuery })._query;
  const order: NeededIndex['order'] = core.explicitOrderBy
    .map((o): [string, 'ASCENDING' | 'DESCENDING'] => [o.field.canonicalString(), o.dir === 'desc' ? 'DESCENDING' : 'ASCENDING'])
    .filter(([f]) => f !== '__name__');
  for (const f of core.filters) {
    const field = f.field?.canonicalString();
    if (!field || !f.op) throw new Error('a filter the index check does not understand (an or/and composite?)');
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
  return { collectionGroup: core.collectionGroup ?? core.path.lastSegment(), equality, order };
}

/** Whether firestore.indexes.json has a collection-scoped index serving `needed`. */
export function hasIndex(needed: NeededIndex): boolean {
  return FILE.indexes.some((ix) => {
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

/** A Firestore instance that never connects (building a query needs no network), one per test file. */
export function offlineDb(name: string): Firestore {
  return getFirestore(initializeApp({ projectId: 'demo-index-test', apiKey: 'x' }, name));
}
