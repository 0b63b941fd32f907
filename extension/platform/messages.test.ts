import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalogue, formatMessage, pickLanguage } from './messages';

const load = (lang: string): Catalogue =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'public', '_locales', lang, 'messages.json'), 'utf8'));

describe('formatMessage: browser.i18n.getMessage for the web room', () => {
  const catalogue: Catalogue = {
    plain: { message: 'Hello' },
    one: { message: 'Code $CODE$', placeholders: { code: { content: '$1' } } },
    two: { message: '$NAME$ shared $Title$', placeholders: { name: { content: '$1' }, title: { content: '“$2”' } } },
    dollar: { message: 'Costs $$5 for $WHO$', placeholders: { who: { content: '$1' } } },
    direct: { message: 'Page $1 of $2' },
  };

  it('fills named placeholders (any case) from the substitutions, as Chrome does', () => {
    expect(formatMessage(catalogue, 'plain')).toBe('Hello');
    expect(formatMessage(catalogue, 'one', 'K7P-2QX')).toBe('Code K7P-2QX');
    expect(formatMessage(catalogue, 'two', ['Minji', '채식주의자'])).toBe('Minji shared “채식주의자”');
    expect(formatMessage(catalogue, 'direct', ['3', '9'])).toBe('Page 3 of 9');
    expect(formatMessage(catalogue, 'dollar', 'you')).toBe('Costs $5 for you');
  });

  it('never reads a substituted value again (a name with "$1" or "$CODE$" stays text)', () => {
    expect(formatMessage(catalogue, 'two', ['$2 $CODE$', 'x'])).toBe('$2 $CODE$ shared “x”');
  });

  it('missing substitutions are empty; an unknown key or a prototype name is ""', () => {
    expect(formatMessage(catalogue, 'two', ['Minji'])).toBe('Minji shared “”');
    expect(formatMessage(catalogue, 'nope')).toBe('');
    expect(formatMessage(catalogue, 'constructor')).toBe('');
    expect(formatMessage(catalogue, '__proto__')).toBe('');
  });

  it('the real catalogues: the invite text carries the code and the link in both languages', () => {
    for (const lang of ['en', 'ko']) {
      const text = formatMessage(load(lang), 'roomInviteText', ['K7P-2QX', 'https://peer.example.org/r/K7P-2QX']);
      expect(text).toContain('K7P-2QX');
      expect(text).toContain('https://peer.example.org/r/K7P-2QX');
      expect(text).not.toMatch(/\$[A-Z0-9]/);
    }
    expect(formatMessage(load('ko'), 'roomGuestMark')).toBe('게스트');
    expect(formatMessage(load('en'), 'webAccountDone', ['a@b.test', 'Hana'])).toBe(
      'Your account is ready: a@b.test, still named Hana.',
    );
  });
});

describe('pickLanguage', () => {
  it('takes the first of Korean or English in the browser’s order, else English', () => {
    expect(pickLanguage(['ko-KR', 'en-US'])).toBe('ko');
    expect(pickLanguage(['en-GB', 'ko'])).toBe('en');
    expect(pickLanguage(['ja-JP', 'ko-KR'])).toBe('ko');
    expect(pickLanguage(['fr-FR'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});
