import { describe, expect, it } from 'vitest';
import { plainDisplayName } from './plain-text';
import { DisplayNameSchema } from './schemas/peer-messages';

// The web room checks a name before zod has loaded: its rule must be DisplayNameSchema's, case by case.
const NAMES = [
  '민지',
  '  민지  ',
  'Reader 7',
  '',
  '   ',
  'a'.repeat(40),
  ` ${'a'.repeat(40)} `,
  'a'.repeat(41),
  '가'.repeat(40),
  '😀'.repeat(20),
  '😀'.repeat(21),
  'evil\u202etxt',
  'tab\tname',
  'line\nbreak',
  'zero\u200bwidth',
  'bom\ufeff',
  'del\u007f',
  'c1\u0085',
  'isolate\u2066x',
  'ok-name_1.2',
];

describe('plainDisplayName', () => {
  it.each(NAMES)('agrees with DisplayNameSchema on %j', (name) => {
    const parsed = DisplayNameSchema.safeParse(name);
    expect(plainDisplayName(name)).toBe(parsed.success ? parsed.data : null);
  });
  it('accepts and refuses what the list means to test', () => {
    expect(NAMES.filter((n) => plainDisplayName(n) !== null).length).toBeGreaterThan(5);
    expect(NAMES.filter((n) => plainDisplayName(n) === null).length).toBeGreaterThan(5);
  });
});
