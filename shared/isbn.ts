/**
 * ISBN parsing and validation (pure; no DOM, no Node APIs).
 *
 * Rules (notes/book-sites.md §8b):
 * - ISBN-10: Σ d_i × (10 − i) ≡ 0 (mod 11); a final X counts 10 and is allowed only last.
 * - ISBN-13: weights 1,3,1,3…, Σ ≡ 0 (mod 10), prefix 978 or 979 (979-0 is ISMN, music, refused).
 * - 979 numbers have no ISBN-10.
 * - Korean 5-digit add-on codes (부가기호, "9788936434267 03810") are never glued onto the number:
 *   a candidate must start and end on a separator boundary, so "978893565606693300" is refused.
 */

export type ParsedIsbn = { isbn13: string; isbn10: string | null };

/** A checksum-valid ISBN found in text, with where it was found (indexes into the original text). */
export type IsbnMatch = ParsedIsbn & { index: number; end: number };

const ISBN13_RE = /^97[89]\d{10}$/;
const ISBN10_RE = /^\d{9}[\dX]$/;

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

function isbn10CheckDigit(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(first9[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** The checksum-valid ISBN-13 that starts with these 12 digits. */
export function completeIsbn13(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new Error(`completeIsbn13 needs 12 digits, got "${first12}"`);
  return first12 + isbn13CheckDigit(first12);
}

/** True for a 13-digit ISBN (978/979, not the 979-0 ISMN range) with a correct check digit. */
export function isValidIsbn13(value: string): boolean {
  if (!ISBN13_RE.test(value) || value.startsWith('9790')) return false;
  return isbn13CheckDigit(value.slice(0, 12)) === value[12];
}

/** True for a 10-character ISBN (uppercase X only) with a correct check digit; all-zero bodies refused. */
export function isValidIsbn10(value: string): boolean {
  if (!ISBN10_RE.test(value) || /^0{9}/.test(value)) return false;
  return isbn10CheckDigit(value.slice(0, 9)) === value[9];
}

/** ISBN-10 → ISBN-13 (978 prefix, check digit recomputed). Returns null for an invalid ISBN-10. */
export function isbn10To13(isbn10: string): string | null {
  const value = isbn10.toUpperCase();
  if (!isValidIsbn10(value)) return null;
  const first12 = `978${value.slice(0, 9)}`;
  return first12 + isbn13CheckDigit(first12);
}

/** ISBN-13 → ISBN-10. Only 978 numbers have one; returns null otherwise. */
export function isbn13To10(isbn13: string): string | null {
  if (!isValidIsbn13(isbn13) || !isbn13.startsWith('978')) return null;
  const first9 = isbn13.slice(3, 12);
  return first9 + isbn10CheckDigit(first9);
}

/** Build the normalised pair from a bare 10- or 13-character string, or null when it is not an ISBN. */
export function normalizeIsbn(bare: string): ParsedIsbn | null {
  const value = bare.toUpperCase();
  if (value.length === 13) {
    return isValidIsbn13(value) ? { isbn13: value, isbn10: isbn13To10(value) } : null;
  }
  if (value.length === 10) {
    const isbn13 = isbn10To13(value);
    return isbn13 ? { isbn13, isbn10: value } : null;
  }
  return null;
}

/** Labels are replaced by a hard break so "ISBN 13 978…" never reads "13978…". */
const LABEL_RE = /isbn(?:[\s-]*1[03](?!\d))?\s*[:：]?/gi;
/** Digit runs, optionally ending in X (only valid as an ISBN-10 check digit). */
const TOKEN_RE = /[0-9Xx]+/g;
/** What may sit between two chunks of one ISBN: a single short run of spaces, hyphens, dashes or dots. */
const SEPARATOR_RE = /^[\s\-.\u2010-\u2015\u2212]{1,3}$/;
const CHUNK_RE = /^(?:\d+[Xx]?|[Xx])$/;
/** Bound the work on hostile input: scanning stops after this many characters. */
const MAX_SCAN_CHARS = 200_000;

type Chunk = { text: string; index: number; end: number };

/** Groups of chunks that could belong to one number ("978-89-364-3426-7 03810" is one group of six). */
function chunkGroups(text: string): Chunk[][] {
  const masked = text.slice(0, MAX_SCAN_CHARS).replace(LABEL_RE, (label) => '|'.repeat(label.length));
  const groups: Chunk[][] = [];
  let current: Chunk[] = [];
  for (const match of masked.matchAll(TOKEN_RE)) {
    const token = match[0];
    const index = match.index;
    const previous = current[current.length - 1];
    const joined = previous !== undefined && SEPARATOR_RE.test(masked.slice(previous.end, index));
    if (!joined || previous?.text.match(/[Xx]$/)) {
      if (current.length > 0) groups.push(current);
      current = [];
    }
    if (!CHUNK_RE.test(token)) {
      // "97808264975X3" or a stray word-final x: a hard break.
      if (current.length > 0) groups.push(current);
      current = [];
      continue;
    }
    current.push({ text: token, index, end: index + token.length });
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Candidates inside one group: 13-digit ones first, then 10-character ones in the chunks left over. */
function groupMatches(group: Chunk[]): IsbnMatch[] {
  const found: IsbnMatch[] = [];
  const used = new Array<boolean>(group.length).fill(false);
  for (const length of [13, 10] as const) {
    for (let start = 0; start < group.length; start += 1) {
      if (used[start]) continue;
      // "978-3-641-11542-6": 978 glued onto an ISBN-10 without a new check digit is not an ISBN-10.
      if (length === 10 && start > 0 && /^97[89]$/.test(group[start - 1]?.text ?? '')) continue;
      let digits = '';
      for (let end = start; end < group.length; end += 1) {
        if (used[end]) break;
        const chunk = group[end];
        if (chunk === undefined) break;
        digits += chunk.text;
        if (digits.length > length) break;
        if (digits.length === length) {
          const parsed = normalizeIsbn(digits);
          const first = group[start];
          if (parsed && first) {
            found.push({ ...parsed, index: first.index, end: chunk.end });
            for (let k = start; k <= end; k += 1) used[k] = true;
            start = end;
          }
          break;
        }
      }
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Every checksum-valid ISBN in the text, in order of appearance, with positions. */
export function matchIsbns(text: string): IsbnMatch[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  return chunkGroups(text).flatMap(groupMatches);
}

/** Every checksum-valid ISBN in the text as ISBN-13, in order of appearance (duplicates kept). */
export function findIsbns(text: string): string[] {
  return matchIsbns(text).map((match) => match.isbn13);
}

/** A bare ISBN-13 or ISBN-10 (X in either case), nothing else. */
const BARE_RE = /^(?:\d{13}|\d{9}[\dXx])$/;

/**
 * Parse one ISBN from free text: "ISBN 979-11-86697-02-3 (93000)", "isbn 0-8264-9752-7", "030433376x".
 * Returns the first checksum-valid ISBN, or null.
 */
export function parseIsbn(text: string): ParsedIsbn | null {
  // A bare number ("9788936434267", "030433376x": JSON-LD, meta tags) is its own only candidate: checked
  // directly, without the scanner's patterns (a content script's first detection pays to compile each one).
  const bare = typeof text === 'string' ? text.trim() : '';
  if (BARE_RE.test(bare)) return normalizeIsbn(bare);
  const first = matchIsbns(text)[0];
  return first ? { isbn13: first.isbn13, isbn10: first.isbn10 } : null;
}
