/** Text helpers shared by every boundary: page text is only ever text, and always bounded. */

// Control characters, zero-width and bidi marks, line/paragraph separators and BOM.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]+/g;

/** Collapse whitespace, strip control characters and cap the length (by code points). */
export function cleanText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  const collapsed = value.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(collapsed);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : collapsed;
}

/** An absolute http(s) URL, or null. Anything else (javascript:, data:, relative junk) is refused. */
export function safeHttpUrl(value: unknown, base?: string): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return null;
  try {
    const url = new URL(value.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}
