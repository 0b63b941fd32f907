/**
 * The plain-text rules every schema shares (zod-free, so a page can check a name before zod has loaded: the web
 * room's Join). shared/schemas/peer-messages.ts builds its schemas on these.
 */

/**
 * One line of plain text: no control characters, line/paragraph separators, zero-width or bidi
 * override characters (which can disguise a name, e.g. "\u202e" reversing what follows).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
export const PLAIN_LINE = /^[^\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]*$/;

/** The longest display name, in Unicode code points (what zod's `max` counts for strings). */
export const DISPLAY_NAME_MAX = 40;

/** A display name as `DisplayNameSchema` accepts it (trimmed), or null: the same rule, without zod. */
export function plainDisplayName(value: string): string | null {
  const name = value.trim();
  const codePoints = [...name].length;
  return codePoints >= 1 && codePoints <= DISPLAY_NAME_MAX && PLAIN_LINE.test(name) ? name : null;
}
