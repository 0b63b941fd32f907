/**
 * Character limits shown before anything is cut. Counted in UTF-16 code units, the same unit as an input's
 * `maxLength` and `String.prototype.slice`, so the number shown is the number the limit applies to.
 */
export type CharCountState = {
  count: number;
  max: number;
  /** Show the "n / max" counter (from 80% of the limit, or within 20 characters of it). */
  visible: boolean;
  level: 'ok' | 'near' | 'at' | 'over';
  /** How many characters past the limit (0 when within it). */
  over: number;
};

export function charCountState(value: string, max: number): CharCountState {
  const count = value.length;
  const threshold = Math.max(0, Math.min(Math.floor(max * 0.8), max - 20));
  const level = count > max ? 'over' : count === max ? 'at' : count >= threshold && count > 0 ? 'near' : 'ok';
  return { count, max, visible: level !== 'ok', level, over: Math.max(0, count - max) };
}

/** True when the text fits the limit (a form may submit it as it is, nothing is cut). */
export function withinLimit(value: string, max: number): boolean {
  return value.length <= max;
}
