import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS, INTEREST_IDS } from '../../shared/categories';
import { SHELF_STATUSES } from '../../shared/reading';

// The security rules repeat lists from shared/: keep them equal (rules cannot import TypeScript).
const rules = readFileSync(join(import.meta.dirname, '..', '..', 'firebase', 'firestore.rules'), 'utf8');

function listIn(fn: string): string[] {
  const match = new RegExp(`function ${fn}\\(\\) \\{\\s*return \\[([^\\]]*)\\];`).exec(rules);
  if (!match?.[1]) throw new Error(`function ${fn}() with a list not found in firestore.rules`);
  return [...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
}

describe('firestore.rules mirrors shared/', () => {
  it('category ids', () => {
    expect(listIn('categoryIds')).toEqual([...CATEGORY_IDS]);
    expect(listIn('interestIds')).toEqual([...INTEREST_IDS]);
  });
  it('shelf statuses', () => {
    expect(rules).toContain(`data.status in [${SHELF_STATUSES.map((s) => `'${s}'`).join(', ')}]`);
  });
});
