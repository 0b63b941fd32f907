import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasIndex as hasIndexFor, type NeededIndex, neededIndex, offlineDb } from '../../firebase/tests/query-indexes';
import type { CategoryId } from '../../shared/categories';
import { allQuerySpecs, boardQuery, boardQuerySpec, bookReviewsFilter, type IndexSpec, postQueries } from './posts-repository';

// The emulator does not enforce composite indexes, so production would be the first to refuse a query
// without one. Every query shape the board code builds (every filter combination the board offers) must
// have its index in firebase/firestore.indexes.json.
type IndexFile = {
  indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string; order?: string }[] }[];
  fieldOverrides: { collectionGroup: string; fieldPath: string; indexes: unknown[] }[];
};
const file: IndexFile = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'firebase', 'firestore.indexes.json'), 'utf8'),
);

function hasIndex(spec: IndexSpec): boolean {
  const needsComposite = spec.equality.length + spec.order.length > 1;
  if (!needsComposite) return true;
  return file.indexes.some((ix) => {
    if (ix.collectionGroup !== spec.collectionGroup || ix.queryScope !== 'COLLECTION') return false;
    const eq = ix.fields.slice(0, spec.equality.length);
    const rest = ix.fields.slice(spec.equality.length);
    return (
      eq.length === spec.equality.length &&
      eq.every((f) => f.order === 'ASCENDING' && spec.equality.includes(f.fieldPath)) &&
      new Set(eq.map((f) => f.fieldPath)).size === spec.equality.length &&
      rest.length === spec.order.length &&
      rest.every((f, i) => f.fieldPath === spec.order[i]?.[0] && f.order === spec.order[i]?.[1])
    );
  });
}

describe('board queries have their composite indexes', () => {
  it('every query shape the board code builds has an index', () => {
    const missing = allQuerySpecs().filter((s) => !hasIndex(s));
    expect(missing).toEqual([]);
    expect(allQuerySpecs().length).toBeGreaterThanOrEqual(20);
  });
  it('the check itself fails for a query with no index', () => {
    expect(
      hasIndex({ collectionGroup: 'posts', equality: ['status', 'clubId', 'bookTitle'], order: [['createdAt', 'DESCENDING']] }),
    ).toBe(false);
    expect(hasIndex({ collectionGroup: 'posts', equality: ['status', 'clubId'], order: [['createdAt', 'ASCENDING']] })).toBe(
      false,
    );
  });
  it('a book filter leaves the category out; "most discussed" is this week only', () => {
    const spec = boardQuerySpec({ clubId: null, categories: ['novel'], kind: null, isbn13: '9788936434120', sort: 'discussed' });
    expect(spec.equality).toEqual(['status', 'clubId', 'isbn13', 'week']);
    expect(spec.order).toEqual([['commentCount', 'DESCENDING']]);
  });
  it("the room card's reviews of one book (public reviews, newest first) is listed and has its index", () => {
    const spec = boardQuerySpec(bookReviewsFilter('9791171711673'));
    expect(spec.equality).toEqual(['status', 'clubId', 'isbn13', 'kind']);
    expect(spec.order).toEqual([['createdAt', 'DESCENDING']]);
    expect(allQuerySpecs()).toContainEqual(spec);
    expect(hasIndex(spec)).toBe(true);
  });
  it('long text fields are exempt from indexing', () => {
    for (const group of ['posts', 'comments'])
      expect(
        file.fieldOverrides.some((o) => o.collectionGroup === group && o.fieldPath === 'body' && o.indexes.length === 0),
      ).toBe(true);
  });
});

describe('the query objects the board code builds have their indexes', () => {
  const db = offlineDb('posts-index-test');
  const check = (name: string, q: Parameters<typeof neededIndex>[0]) => {
    const needed = neededIndex(q);
    return needed && !hasIndexFor(needed) ? [`${name}: ${JSON.stringify(needed)}`] : [];
  };
  it('every board filter and sort (boardQuery), the room card reviews, recommended to me, my posts and comments', () => {
    const missing: string[] = [];
    for (const sort of ['newest', 'liked', 'discussed'] as const)
      for (const isbn13 of [null, '9788936434120'])
        for (const categories of [[], ['novel'], ['novel', 'science']] as CategoryId[][])
          for (const kind of [null, 'review'] as const)
            for (const clubId of [null, 'club-1'])
              missing.push(...check(`board ${sort}`, boardQuery(db, { clubId, categories, kind, isbn13, sort })));
    missing.push(...check('room card reviews', boardQuery(db, bookReviewsFilter('9788936434120'))));
    missing.push(...check('recommended to me', postQueries.recommendedTo(db, 'u1')));
    missing.push(...check('my posts', postQueries.byAuthor(db, 'u1')));
    missing.push(...check('comments', postQueries.comments(db, 'p1')));
    expect(missing).toEqual([]);
  });
  it('each of those needs a composite index (the check is not vacuous)', () => {
    for (const q of [postQueries.recommendedTo(db, 'u1'), postQueries.byAuthor(db, 'u1'), postQueries.comments(db, 'p1')])
      expect(neededIndex(q)).not.toBeNull();
    const needed = neededIndex(
      boardQuery(db, { clubId: null, categories: [], kind: null, isbn13: null, sort: 'liked' }),
    ) as NeededIndex;
    expect(needed).toEqual({ collectionGroup: 'posts', equality: ['status', 'clubId'], order: [['likeCount', 'DESCENDING']] });
    expect(hasIndexFor({ ...needed, order: [['likeCount', 'ASCENDING']] })).toBe(false);
  });
});
