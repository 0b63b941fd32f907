/**
 * Plain values out of upstream fields (pure): markup stripped, entities decoded, numbers read from strings,
 * dates in the forms the sources use, https URLs. Nothing here throws on odd input; it returns null.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  middot: '·',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
};

export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
    }
    return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** A tag starts with an ASCII letter or "/", so "<반지의 제왕>" (a Korean title in brackets) survives. */
const TAG = /<\/?[a-z][^<>]*>/gi;
const BLOCK_BREAK = /<(?:br|\/p|\/div|\/li|\/h[1-6])\b[^<>]*>/gi;
const DROPPED_ELEMENTS = /<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** HTML (or text with highlight markup, escaped or not) → plain text; paragraphs kept as line breaks. */
export function htmlToText(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  let text = value.replace(DROPPED_ELEMENTS, ' ').replace(BLOCK_BREAK, '\n').replace(TAG, '');
  // Escaped markup ("&lt;b&gt;…") shows up once decoded: a second pass removes it.
  text = decodeEntities(text).replace(DROPPED_ELEMENTS, ' ').replace(BLOCK_BREAK, '\n').replace(TAG, '');
  text = text
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text.length === 0) return null;
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** One line of plain text (markup stripped, whitespace collapsed), capped; null when empty. */
export function plainLine(value: unknown, max: number): string | null {
  const text = htmlToText(value, Number.MAX_SAFE_INTEGER);
  if (text === null) return null;
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length === 0) return null;
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line;
}

/** A non-negative integer from a number or a string such as "48000", "48,000원" or "1,856"; null otherwise. */
export function toInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?\s*(?:원|won|KRW)?\s*$/i.exec(value);
  if (!match?.[1]) return null;
  const n = Number(match[1].replace(/,/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}

/** A page count from 803, "803", "803 p.", "xii, 803 p.", "803쪽" or "491 p. :"; null for 0 or nothing. */
export function toPages(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 && value <= 100_000 ? value : null;
  if (typeof value !== 'string') return null;
  const labelled = /(\d{1,3}(?:,\d{3})*|\d+)\s*(?:p\b|pp\b|쪽|페이지|pages?\b|면)/i.exec(value);
  const n = labelled?.[1] ? Number(labelled[1].replace(/,/g, '')) : toInt(value);
  return n !== null && n > 0 && n <= 100_000 ? n : null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDate(year: string, month?: string, day?: string): string | null {
  const y = Number(year);
  if (y < 1000 || y > 2999) return null;
  if (month === undefined) return year;
  const m = Number(month);
  if (m < 1 || m > 12) return year;
  const mm = String(m).padStart(2, '0');
  if (day === undefined) return `${year}-${mm}`;
  const d = Number(day);
  if (d < 1 || d > 31) return `${year}-${mm}`;
  return `${year}-${mm}-${String(d).padStart(2, '0')}`;
}

/**
 * A publication date as YYYY, YYYY-MM or YYYY-MM-DD from the forms sources send: "20250227", "202502",
 * "2025-02-27", "2019-10-03T00:00:00+02:00" (the date as written, not moved across time zones), "1996",
 * "November 2006", "2019 (2020 9刷)", "2025.02.27", "2025년 2월".
 */
export function toPubDate(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return toPubDate(String(value));
  if (typeof value !== 'string') return null;
  const text = value.trim();
  let m = /^(\d{4})(\d{2})(\d{2})?$/.exec(text);
  if (m?.[1]) return isoDate(m[1], m[2], m[3]);
  m = /^(\d{4})(?:\s*[-./년]\s*(\d{1,2})(?:\s*[-./월]\s*(\d{1,2}))?)?/.exec(text);
  if (m?.[1]) return isoDate(m[1], m[2], m[3]);
  m = /\b([a-z]{3})[a-z]*\.?\s+(?:\d{1,2},?\s+)?(\d{4})\b/i.exec(text);
  if (m?.[1] && m[2]) {
    const month = MONTHS.indexOf(m[1].toLowerCase());
    return month >= 0 ? isoDate(m[2], String(month + 1)) : isoDate(m[2]);
  }
  m = /\b(\d{4})\b/.exec(text);
  return m?.[1] ? isoDate(m[1]) : null;
}

/** An https URL (http upgraded; relative resolved against `base`), or null for anything else. */
export function toHttpsUrl(value: unknown, base?: string): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.length === 0 || text.length > 2048) return null;
  try {
    const url = new URL(text.startsWith('//') ? `https:${text}` : text, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    url.protocol = 'https:';
    return url.href.length <= 2048 ? url.href : null;
  } catch {
    return null;
  }
}

/** A KDC class ("813.7", "005.133") from a field that may carry more ("813.7 (KDC6)", " 325 "); else null. */
export function toKdc(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /(?:^|[^\d.])(\d{3}(?:\.\d+)?)(?![\d])/.exec(` ${value}`);
  return m?.[1] ?? null;
}

/** Strip a UTF-8 byte-order mark (and leading whitespace) from raw text. */
export function stripBom(text: string): string {
  return text.replace(/^\ufeff/, '');
}
