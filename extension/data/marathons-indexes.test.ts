import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARATHON_QUERY_INDEXES } from './marathons-repository';

// Every composite query the marathon code builds has its index (the emulator does not enforce them; a
// deployed project refuses such a query without one).
type IndexEntry = { collectionGroup: string; queryScope: string; fields: { fieldPath: string; order?: string }[] };
const file = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'firebase', 'firestore.indexes.json'), 'utf8')) as {
  indexes: IndexEntry[];
};

describe('marathon query indexes', () => {
  it('each query shape (leaderboard, rank, club list, own logs) is in firestore.indexes.json', () => {
    for (const wanted of MARATHON_QUERY_INDEXES) {
      const found = file.indexes.some(
        (ix) =>
          ix.collectionGroup === wanted.collectionGroup &&
          ix.queryScope === 'COLLECTION' &&
          ix.fields.map((f) => `${f.fieldPath}:${f.order}`).join(',') === wanted.fields.join(','),
      );
      expect(found, `${wanted.collectionGroup} ${wanted.fields.join(', ')}`).toBe(true);
    }
  });
});
