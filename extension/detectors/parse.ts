/** Small pure parsers shared by the cascade and the site detectors. Page text is untrusted. */
import { BOOK_LIMITS } from '../../shared/book-fields';
import { cleanText, safeHttpUrl } from '../../shared/text';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(value: string): string {
  // Most page text has no entity: skip the pattern (its first use costs more than the call).
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6}|#39);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x') || lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[lower] ?? whole;
  });
}

/**
 * Plain, bounded text from an untrusted string: entities decoded, tags removed, whitespace collapsed,
 * capped at `max` code points. Never returns markup.
 */
export function clip(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  const head = value.length > max * 8 + 64 ? value.slice(0, max * 8 + 64) : value;
  const decoded = decodeEntities(head);
  // Text from the DOM (textContent) has no tags; only strings from JSON-LD and meta may carry markup.
  const text = decoded.includes('<')
    ? decoded.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<\/?[a-z!?][^>]*>?/gi, ' ')
    : decoded;
  return cleanText(text, max);
}

/** Text of an element (textContent, so never markup), bounded. */
export function elementText(el: Element | null | undefined, max = 2000): string {
  if (!el) return '';
  const raw = el.textContent ?? '';
  return cleanText(raw.length > max * 4 ? raw.slice(0, max * 4) : raw, max);
}

export function clipTitle(value: unknown): string | undefined {
  return clip(value, BOOK_LIMITS.title) || undefined;
}

export function clipPublisher(value: unknown): string | undefined {
  return clip(value, BOOK_LIMITS.publisher) || undefined;
}

/** An absolute http(s) URL (resolved against the page), or undefined. */
export function httpUrl(value: unknown, base: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const url = safeHttpUrl(decodeEntities(value.trim()), base);
  return url && url.length <= BOOK_LIMITS.url ? url : undefined;
}

/** Hangul syllables. */
export const HANGUL = /[\uac00-\ud7a3]/;

/** Role words after a name ("지음", "옮김", "editor"); plus "외", "외 2명". */
const ROLE_WORDS =
  '지은이|지음|저자|저|글|그림|글·그림|글/그림|옮긴이|옮김|역자|역|번역|엮은이|엮음|편저|편역|편자|편|감수|해설|사진|기획|원작|' +
  'author|authors|editor|translator|illustrator|contributor|foreword|introduction|narrator';
const ROLE = `(?:${ROLE_WORDS}|외(?:\\s*\\d+\\s*(?:명|인))?)`;
const ROLE_SUFFIX = new RegExp(`(?:\\s+|\\s*[(\\[])${ROLE}(?:\\s*[,·]\\s*${ROLE})*\\s*[)\\]]?\\s*$`, 'i');
const ROLE_PREFIX = /^(?:지은이|저자|글|그림|옮긴이|역자|엮은이|편자|저자명|by)\s*[:：]\s*|^by\s+/i;
const ROLE_ENDINGS = [...ROLE_WORDS.split('|'), '외', '명', '인'];

/** Whether `value` may end with a role (most names do not): the suffix pattern's first use costs 0.4 ms. */
function mayEndWithRole(value: string): boolean {
  let tail = value.trimEnd();
  if (tail.endsWith(')') || tail.endsWith(']')) tail = tail.slice(0, -1).trimEnd();
  tail = tail.slice(-16).toLowerCase();
  return ROLE_ENDINGS.some((word) => tail.endsWith(word));
}

/** "히가시노 게이고 (지음)" → "히가시노 게이고"; "지은이: 한강" → "한강". */
export function stripRole(name: string): string {
  let value = name.trim();
  if (value.includes(':') || value.includes('：') || value.slice(0, 2).toLowerCase() === 'by') {
    value = value.replace(ROLE_PREFIX, '');
  }
  for (let i = 0; i < 3 && mayEndWithRole(value); i += 1) {
    const next = value.replace(ROLE_SUFFIX, '').trim();
    if (next === value || next.length === 0) break;
    value = next;
  }
  return value.replace(/^[,;:·\s]+|[,;:·\s]+$/g, '');
}

/**
 * Split an author line into names: "A 지음 | B 번역", "A 지음 ; B 옮김", "A 저/B 역", "A, B 공저".
 * Commas split only in Hangul text (Western "Last, First" stays whole).
 */
export function splitAuthors(value: unknown, { commas = false }: { commas?: boolean } = {}): string[] {
  const text = clip(value, 2000);
  if (!text) return [];
  const splitter = commas || HANGUL.test(text) ? /\s*[|;／/,]\s*/ : /\s*[|;／/]\s*/;
  return cleanAuthors(text.split(splitter));
}

/** Role-stripped, capped, de-duplicated author names (at most BOOK_LIMITS.authors). */
export function cleanAuthors(names: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const raw of names) {
    if (out.length >= BOOK_LIMITS.authors) break;
    const name = stripRole(clip(raw, BOOK_LIMITS.author * 2));
    const capped = clip(name, BOOK_LIMITS.author);
    if (capped && !/^\d+$/.test(capped) && !out.includes(capped)) out.push(capped);
  }
  return out;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function isoDate(year: number, month?: number, day?: number): string | undefined {
  if (year < 1400 || year > 2100) return undefined;
  const y = String(year);
  if (month === undefined || month < 1 || month > 12) return y;
  const m = String(month).padStart(2, '0');
  if (day === undefined || day < 1 || day > 31) return `${y}-${m}`;
  return `${y}-${m}-${String(day).padStart(2, '0')}`;
}

/** "2024-03-28", "20170331", "2024년 03월 28일", "2005.1.15", "7 April 2016", "April 7, 2016", "2005" → ISO. */
export function normalizeDate(value: unknown): string | undefined {
  const text = clip(typeof value === 'number' ? String(value) : value, 200);
  if (!text) return undefined;
  let m = /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31) {
    return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  m = /(?<!\d)(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})(?!\d)/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /(?<!\d)(\d{1,2})\.?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})(?!\d)/i.exec(text);
  if (m?.[2] && MONTHS[m[2].toLowerCase()]) return isoDate(Number(m[3]), MONTHS[m[2].toLowerCase()], Number(m[1]));
  m = /\b([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)/i.exec(text);
  if (m?.[1] && MONTHS[m[1].toLowerCase()]) return isoDate(Number(m[3]), MONTHS[m[1].toLowerCase()], Number(m[2]));
  m = /(?<!\d)(\d{4})\s*[-./년]\s*(\d{1,2})(?!\d)/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]));
  m = /(?<!\d)(1[4-9]\d{2}|20\d{2})(?!\d)/.exec(text);
  return m ? isoDate(Number(m[1])) : undefined;
}

/** "368쪽 | 580g", "436 p. ; 23 cm", "176 pages", 372 → a page count. */
export function parsePages(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 && value <= 100_000 ? value : undefined;
  const text = clip(value, 300);
  const m =
    /(?<![\d.])(\d{1,3}(?:,\d{3})|\d{1,5})\s*(?:쪽|면|페이지|p\b|p\.|pp\.?|pages?|ページ|页|Seiten|páginas|pagine)/i.exec(text) ??
    /^\s*(\d{1,5})\s*$/.exec(text);
  if (!m?.[1]) return undefined;
  const pages = Number(m[1].replace(/,/g, ''));
  return pages > 0 && pages <= 100_000 ? pages : undefined;
}

/** "17,820원", "21420", 21420 → a price. */
export function parsePrice(value: unknown): number | undefined {
  if (typeof value === 'number') return value >= 0 && value <= 100_000_000 ? value : undefined;
  const text = clip(value, 200);
  if (!text) return undefined;
  const m = /(\d{1,3}(?:,\d{3})+|\d+(?:\.\d{1,2})?)/.exec(text);
  if (!m?.[1]) return undefined;
  const price = Number(m[1].replace(/,/g, ''));
  return Number.isFinite(price) && price >= 0 && price <= 100_000_000 ? price : undefined;
}

/** "813.7", "KDC 813.62" → "813.7"; anything else undefined. */
export function parseKdc(value: unknown): string | undefined {
  const text = clip(value, 200);
  return text ? /(?<![\d.])(\d{3}(?:\.\d{1,6})?)(?![\d])/.exec(text)?.[1] : undefined;
}

/** "파주 : 한울, 2005" (KORMARC 260) → { publisher: "한울", pubDate: "2005" }. */
export function parseImprint(value: unknown): { publisher?: string; pubDate?: string } {
  const text = clip(value, 300);
  if (!text) return {};
  const pubDate = normalizeDate(text);
  const afterPlace = text.includes(':') ? text.slice(text.indexOf(':') + 1) : text;
  const publisher = clipPublisher(afterPlace.split(/\s*[,;]\s*|\s+\d{4}/)[0]);
  return { publisher, pubDate };
}

/** The first non-empty value. */
export function firstOf<T>(...values: (T | undefined | null | '')[]): T | undefined {
  for (const value of values) if (value !== undefined && value !== null && value !== '') return value as T;
  return undefined;
}
