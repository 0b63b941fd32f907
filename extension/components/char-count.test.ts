import { describe, expect, it } from 'vitest';
import { charCountState, withinLimit } from './char-count';

describe('charCountState', () => {
  it('stays quiet well below the limit', () => {
    expect(charCountState('', 500)).toMatchObject({ count: 0, visible: false, level: 'ok' });
    expect(charCountState('a'.repeat(399), 500)).toMatchObject({ visible: false, level: 'ok' });
  });

  it('shows the counter from 80% of the limit', () => {
    expect(charCountState('a'.repeat(400), 500)).toMatchObject({ count: 400, max: 500, visible: true, level: 'near' });
  });

  it('shows the counter within 20 characters of a small limit', () => {
    expect(charCountState('a'.repeat(29), 50)).toMatchObject({ visible: false });
    expect(charCountState('a'.repeat(30), 50)).toMatchObject({ visible: true, level: 'near' });
  });

  it('warns at the limit and counts what is over it', () => {
    expect(charCountState('a'.repeat(500), 500)).toMatchObject({ level: 'at', over: 0, visible: true });
    expect(charCountState('a'.repeat(612), 500)).toMatchObject({ level: 'over', over: 112, visible: true });
  });

  it('counts in the same unit as maxLength and slice (UTF-16 code units)', () => {
    expect(charCountState('책'.repeat(10), 10).level).toBe('at');
    expect(charCountState('😀', 1).level).toBe('over');
  });

  it('withinLimit says whether the text may be saved as it is', () => {
    expect(withinLimit('a'.repeat(500), 500)).toBe(true);
    expect(withinLimit('a'.repeat(501), 500)).toBe(false);
  });
});
