import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  completeIsbn13,
  findIsbns,
  isbn10To13,
  isbn13To10,
  isValidIsbn10,
  isValidIsbn13,
  matchIsbns,
  normalizeIsbn,
  parseIsbn,
} from './isbn';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/book-pages');
const vectorsFile = path.join(fixturesDir, 'isbn-vectors.json');
const haveVectors = existsSync(vectorsFile);
if (!haveVectors) {
  console.warn(`[isbn.test] ${vectorsFile} not found: shared ISBN vectors skipped`);
}

type Vector = { input: string; valid: boolean; isbn13: string | null; isbn10: string | null; note: string };

function loadVectors(): Vector[] {
  if (!haveVectors) return [];
  const data = JSON.parse(readFileSync(vectorsFile, 'utf8')) as { vectors: Vector[] };
  return data.vectors;
}

describe.skipIf(!haveVectors)('shared isbn-vectors.json', () => {
  const vectors = loadVectors();
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThan(50);
  });
  it.each(vectors.map((v) => [`${JSON.stringify(v.input)} (${v.note})`, v] as const))('%s', (_name, vector) => {
    const parsed = parseIsbn(vector.input);
    if (vector.valid) {
      expect(parsed).toEqual({ isbn13: vector.isbn13, isbn10: vector.isbn10 });
    } else {
      expect(parsed).toBeNull();
    }
  });
});

describe('parseIsbn (hand-written)', () => {
  it.each([
    ['978-89-364-3426-7 03810', '9788936434267', '8936434268'],
    ['9788936434267 03810', '9788936434267', '8936434268'],
    ['ISBN 979-11-86697-02-3 (93000)', '9791186697023', null],
    ['ISBN-13: 979-11-7171-167-3', '9791171711673', null],
    ['ISBN 10 8935656062', '9788935656066', '8935656062'],
    ['ISBN 13 9788935656066 93300', '9788935656066', '8935656062'],
    ['ISBN：9788936434267', '9788936434267', '8936434268'],
    ['isbn 1338878921', '9781338878929', '1338878921'],
    ['쪽수 263 ISBN 9788936434267', '9788936434267', '8936434268'],
    ['9781807300814 ( 1807300811 )', '9781807300814', '1807300811'],
    ['https://contents.kyobobook.co.kr/sih/fit-in/400x0/pdt/9788936434267.jpg', '9788936434267', '8936434268'],
    ['978\u20118\u2010936434267', '9788936434267', '8936434268'],
    ['978-3-641-11542-6', null, null],
  ])('%s', (input, isbn13, isbn10) => {
    const parsed = parseIsbn(input);
    if (isbn13 === null) expect(parsed).toBeNull();
    else expect(parsed).toEqual({ isbn13, isbn10 });
  });

  it('refuses ISMN (979-0), glued add-on codes, X inside and non-strings', () => {
    expect(parseIsbn('9790260000438')).toBeNull();
    expect(parseIsbn('978893643426703810')).toBeNull();
    expect(parseIsbn('97808264975X3')).toBeNull();
    expect(parseIsbn(undefined as unknown as string)).toBeNull();
  });

  it('is bounded on huge input', () => {
    const huge = `${'12 '.repeat(400_000)}9788936434267`;
    const started = performance.now();
    expect(parseIsbn(huge)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('helpers', () => {
  it('validates checksums', () => {
    expect(isValidIsbn13('9788936434267')).toBe(true);
    expect(isValidIsbn13('9788936434268')).toBe(false);
    expect(isValidIsbn13('4036526651248')).toBe(false);
    expect(isValidIsbn10('030433376X')).toBe(true);
    expect(isValidIsbn10('030433376x')).toBe(false);
    expect(isValidIsbn10('0000000000')).toBe(false);
  });
  it('converts between 10 and 13', () => {
    expect(isbn10To13('8998660237')).toBe('9788998660239');
    expect(isbn10To13('030433376x')).toBe('9780304333769');
    expect(isbn10To13('8998660238')).toBeNull();
    expect(isbn13To10('9788998660239')).toBe('8998660237');
    expect(isbn13To10('9791171711673')).toBeNull();
    expect(normalizeIsbn('9791171711673')).toEqual({ isbn13: '9791171711673', isbn10: null });
    expect(normalizeIsbn('97911717116')).toBeNull();
  });
  it('finds every ISBN in order, 13 and 10 side by side', () => {
    const keywords = 'The History of Statistics, 스티븐 스티글러 저/조재근 역, 한길사, 9788935656066, 8935656062';
    expect(findIsbns(keywords)).toEqual(['9788935656066', '9788935656066']);
    expect(findIsbns('a 9788936434267 b 9791171711673 c 978-89-364-3426-0')).toEqual(['9788936434267', '9791171711673']);
    const [match] = matchIsbns('ISBN: 978-89-364-3426-7');
    expect(match?.index).toBe(6);
    expect(match?.end).toBe(23);
  });
});

describe('completeIsbn13', () => {
  it('appends the check digit of the 12 digits', () => {
    expect(completeIsbn13('978893643426')).toBe('9788936434267');
    expect(completeIsbn13('979119000000')).toMatch(/^979119000000\d$/);
    for (const first12 of ['978000000000', '979110000000', '978899999999'])
      expect(isValidIsbn13(completeIsbn13(first12))).toBe(true);
  });

  it('refuses anything but 12 digits', () => {
    expect(() => completeIsbn13('97889364342')).toThrow(/12 digits/);
    expect(() => completeIsbn13('97889364342X')).toThrow(/12 digits/);
  });
});
