import { describe, expect, it } from 'vitest';
import { BOOK_LIMITS, type CheckedBook, checkDetectedBook } from './book-fields';
import { type DetectedBook, DetectedBookSchema } from './schemas/detected-book';

// Compile-time: the hand-written result type and the schema's type are the same shape.
const toSchemaType = (b: CheckedBook): DetectedBook => b;
const toCheckedType = (b: DetectedBook): CheckedBook => b;
void toSchemaType;
void toCheckedType;

const base: Record<string, unknown> = {
  isbn13: '9791171711673',
  isbn10: '897012345X',
  title: '하루 한 장 나의 어휘력을 위한 필사 노트',
  authors: ['유선경'],
  publisher: '위즈덤하우스',
  pubDate: '2024-03-28',
  pages: 372,
  coverUrl: 'https://image.yes24.com/goods/125557465/xl',
  price: 21420,
  categoryPath: '인문 > 글쓰기',
  kdc: '802.07',
  url: 'https://www.yes24.com/product/goods/125557465',
  site: 'yes24',
  extractor: 'json-ld',
};

const s = (n: number) => 'x'.repeat(n);
/** Field values that sit on, just inside and just outside each rule, plus wrong types. */
const VARIANTS: Record<string, unknown[]> = {
  isbn13: ['9781234567897', '978123456789', '97812345678901', '9771234567890', 978123, '', undefined, null],
  isbn10: ['123456789X', '123456789x', '12345678', 123456789, undefined, null],
  title: ['', 'a', s(BOOK_LIMITS.title), s(BOOK_LIMITS.title + 1), 42, undefined, ['a']],
  authors: [
    [],
    [''],
    [s(BOOK_LIMITS.author)],
    [s(BOOK_LIMITS.author + 1)],
    Array(BOOK_LIMITS.authors).fill('a'),
    Array(BOOK_LIMITS.authors + 1).fill('a'),
    'a',
    undefined,
    [1],
  ],
  publisher: ['', s(BOOK_LIMITS.publisher), s(BOOK_LIMITS.publisher + 1), 3, null, undefined],
  pubDate: ['2024', '2024-03', '2024-3-1', '20240328', '', 2024, undefined],
  pages: [
    1,
    0,
    -1,
    1.5,
    BOOK_LIMITS.maxPages,
    BOOK_LIMITS.maxPages + 1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '372',
    undefined,
    null,
  ],
  coverUrl: [
    'http://a.b/c.jpg',
    'javascript:alert(1)',
    'data:image/png;base64,AA',
    `https://a.b/${s(BOOK_LIMITS.url)}`,
    '',
    undefined,
    5,
  ],
  price: [0, -1, 0.5, BOOK_LIMITS.maxPrice, BOOK_LIMITS.maxPrice + 1, Number.NaN, Number.POSITIVE_INFINITY, '100', undefined],
  categoryPath: ['', s(BOOK_LIMITS.categoryPath), s(BOOK_LIMITS.categoryPath + 1), undefined, 7],
  kdc: ['813', '813.7', '81', '813.', 'abc', undefined, 813],
  url: ['http://x.y/', 'https://x.y/a', 'ftp://x.y/', '//x.y', '', `https://x.y/${s(BOOK_LIMITS.url)}`, undefined],
  site: ['', 'a', s(BOOK_LIMITS.site), s(BOOK_LIMITS.site + 1), undefined, 1],
  extractor: ['json-ld', 'meta', 'cover-url', 'nope', '', undefined, 3],
};

function cases(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [base, { ...base, extra: 'dropped', __proto__x: 1 }];
  for (const [key, values] of Object.entries(VARIANTS)) {
    for (const value of values) {
      const c = { ...base };
      if (value === undefined) delete c[key];
      else c[key] = value;
      out.push(c);
    }
  }
  // Pairs of changes, so rules are also checked together.
  const keys = Object.keys(VARIANTS);
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const a = VARIANTS[keys[i]!]![1];
      const b = VARIANTS[keys[j]!]![2];
      out.push({ ...base, [keys[i]!]: a, [keys[j]!]: b });
    }
  }
  return out;
}

describe('checkDetectedBook agrees with DetectedBookSchema', () => {
  const all = cases();
  it(`gives the schema's verdict and value on ${all.length} boundary and hostile candidates`, () => {
    let accepted = 0;
    for (const candidate of all) {
      const schema = DetectedBookSchema.safeParse(candidate);
      const checked = checkDetectedBook(candidate);
      expect(checked === null, JSON.stringify(candidate).slice(0, 200)).toBe(!schema.success);
      if (schema.success) {
        accepted++;
        expect(checked).toEqual(schema.data);
      }
    }
    // Both outcomes are exercised.
    expect(accepted).toBeGreaterThan(20);
    expect(all.length - accepted).toBeGreaterThan(40);
  });
});
