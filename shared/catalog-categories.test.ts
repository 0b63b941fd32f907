import { describe, expect, it } from 'vitest';
import {
  CATALOG_CATEGORIES,
  categoryFromKdc,
  interestFromYes24,
  KDC_SHARED_INTERESTS,
  kdcMainClassFor,
  yes24CategoryFor,
} from './catalog-categories';
import { INTEREST_IDS } from './categories';

describe('catalog categories table', () => {
  it('maps every interest category (and only interests) to YES24 ids and KDC classes', () => {
    expect(Object.keys(CATALOG_CATEGORIES).sort()).toEqual([...INTEREST_IDS].sort());
    for (const id of INTEREST_IDS) {
      const row = CATALOG_CATEGORIES[id];
      expect(row.yes24.length, id).toBeGreaterThan(0);
      for (const code of row.yes24) expect(code, id).toMatch(/^001001\d{3}$/);
      expect(row.kdc.length, id).toBeGreaterThan(0);
      for (const kdc of row.kdc) expect(kdc, id).toMatch(/^\d{1,3}(\.\d+)?$/);
    }
  });

  it('gives each YES24 category id to exactly one interest', () => {
    const all = INTEREST_IDS.flatMap((id) => CATALOG_CATEGORIES[id].yes24);
    expect(new Set(all).size).toBe(all.length);
  });

  it("reads each interest's own KDC classes back as that interest (except the audience/format ones)", () => {
    for (const id of INTEREST_IDS) {
      if (KDC_SHARED_INTERESTS.includes(id)) continue;
      for (const kdc of CATALOG_CATEGORIES[id].kdc) {
        const [whole = '', decimals] = kdc.split('.');
        const padded = whole.padEnd(3, '0') + (decimals ? `.${decimals}` : '');
        expect(categoryFromKdc(padded), `${id} ${kdc}`).toBe(id);
      }
    }
  });

  it('finds the interest of a YES24 category and its sub-categories', () => {
    expect(interestFromYes24('001001046')).toBe('novel');
    expect(interestFromYes24('001001046003')).toBe('novel');
    expect(interestFromYes24('001001005')).toBe('kids-teens');
    expect(interestFromYes24('001002001')).toBeNull();
    expect(yes24CategoryFor('tech-it')).toBe('001001003');
    expect(kdcMainClassFor('business')).toBe('3');
    expect(kdcMainClassFor('novel')).toBe('8');
  });
});

describe('categoryFromKdc (as the catalog sources write KDC)', () => {
  it.each([
    ['813.7', 'novel'],
    ['811.6', 'poetry-essay'],
    [' 325.2 ', 'business'],
    ['813.7 (KDC6)', 'novel'],
    ['005.133', 'tech-it'],
    ['004', 'tech-it'],
    ['001', 'other'],
    ['', 'other'],
    ['abc', 'other'],
  ] as const)('%j → %s', (kdc, expected) => {
    expect(categoryFromKdc(kdc)).toBe(expected);
  });

  it('takes null and undefined', () => {
    expect(categoryFromKdc(null)).toBe('other');
    expect(categoryFromKdc(undefined)).toBe('other');
  });
});
