import { type CategoryId, INTEREST_IDS, categoryFromKdc as kdcToCategory } from './categories';

/**
 * One table from our interest categories (shared/categories.ts) to the catalog sources' own categories:
 * YES24 category ids (categoryNumber `001001xxx` under 국내도서 `001`, notes/book-sites.md §8c) for
 * bestsellers and new products, and KDC classes for data4library's `loanItemSrch` (`kdc` = one main class
 * digit) and for the National Library's records. The first YES24 id of a row is the one lists are asked for;
 * the others are the same interest in other shelves (e.g. 어린이 and 청소년).
 */
export type InterestId = Exclude<CategoryId, 'other'>;

export type CatalogCategory = {
  /** YES24 category ids (9 digits), the main one first. */
  yes24: readonly [string, ...string[]];
  /** KDC classes that belong to the interest: a main class ("8"), a division ("32") or a section ("657"). */
  kdc: readonly [string, ...string[]];
};

export const CATALOG_CATEGORIES: Readonly<Record<InterestId, CatalogCategory>> = {
  novel: { yes24: ['001001046'], kdc: ['813', '823', '833', '843'] },
  'poetry-essay': { yes24: ['001001047'], kdc: ['814', '811', '844', '841'] },
  humanities: { yes24: ['001001019', '001001020'], kdc: ['1'] },
  society: { yes24: ['001001022'], kdc: ['3'] },
  business: { yes24: ['001001025'], kdc: ['32'] },
  'self-help': { yes24: ['001001026'], kdc: ['199', '325.2'] },
  history: { yes24: ['001001010'], kdc: ['9'] },
  science: { yes24: ['001001002'], kdc: ['4'] },
  'tech-it': { yes24: ['001001003'], kdc: ['5'] },
  arts: { yes24: ['001001007'], kdc: ['6'] },
  religion: { yes24: ['001001021'], kdc: ['2'] },
  language: { yes24: ['001001004'], kdc: ['7'] },
  travel: { yes24: ['001001009'], kdc: ['98'] },
  'health-hobby': { yes24: ['001001011'], kdc: ['51', '69'] },
  'home-cooking': { yes24: ['001001001'], kdc: ['59'] },
  // KDC has no audience classes: children's books are shelved by subject, mostly literature.
  'kids-teens': { yes24: ['001001016', '001001005', '001001027'], kdc: ['8'] },
  comics: { yes24: ['001001008'], kdc: ['657'] },
  'exam-study': { yes24: ['001001015', '001001044', '001001049', '001001050'], kdc: ['37'] },
};

/** YES24's root category (국내도서), for lists asked without an interest. */
export const YES24_ROOT_CATEGORY = '001';

export function yes24CategoryFor(interest: InterestId): string {
  return CATALOG_CATEGORIES[interest].yes24[0];
}

/** data4library's `loanItemSrch` filters by one KDC main class (0-9): the interest's first class, first digit. */
export function kdcMainClassFor(interest: InterestId): string {
  return CATALOG_CATEGORIES[interest].kdc[0].charAt(0);
}

/** Interests whose KDC classes are shared with another interest (KDC files them by subject, not audience). */
export const KDC_SHARED_INTERESTS: readonly InterestId[] = ['self-help', 'kids-teens'];

/** The interest a YES24 category id belongs to (a sub-category counts: 001001046003 → novel), or null. */
export function interestFromYes24(categoryId: string): InterestId | null {
  let best: { id: InterestId; length: number } | null = null;
  for (const id of INTEREST_IDS) {
    for (const code of CATALOG_CATEGORIES[id].yes24) {
      if (categoryId.startsWith(code) && (!best || code.length > best.length)) best = { id, length: code.length };
    }
  }
  return best?.id ?? null;
}

/**
 * Our category from a KDC class as the catalog sources write it ("813.7", "005.133", "325", "" or junk):
 * the same rules as everywhere else (shared/categories.ts), after trimming what sources add around it.
 */
export function categoryFromKdc(kdc: string | null | undefined): CategoryId {
  if (typeof kdc !== 'string') return 'other';
  const match = /\d{3}(?:\.\d+)?/.exec(kdc);
  if (!match) return 'other';
  // 004 컴퓨터과학 and 005 프로그래밍 sit in 000 총류 but are computing books.
  if (/^00[45]/.test(match[0])) return 'tech-it';
  return kdcToCategory(match[0]);
}
