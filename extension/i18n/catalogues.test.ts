import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', 'public', '_locales');
type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string): Catalogue => JSON.parse(readFileSync(join(dir, lang, 'messages.json'), 'utf8'));

describe('locale catalogues', () => {
  const en = load('en');
  const ko = load('ko');

  it('Korean and English have exactly the same keys', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
  });

  it('every message uses the placeholders it declares, in both languages', () => {
    for (const [key, entry] of Object.entries({ ...en })) {
      for (const cat of [en, ko]) {
        const msg = cat[key];
        expect(msg?.message, key).toBeTruthy();
        const declared = Object.keys(msg?.placeholders ?? {}).map((p) => p.toUpperCase());
        const used = [...(msg?.message.matchAll(/\$([A-Z_]+)\$/g) ?? [])].map((m) => m[1]);
        expect(used.sort(), `${key} placeholders`).toEqual(declared.sort());
      }
      expect(Object.keys(ko[key]?.placeholders ?? {})).toEqual(Object.keys(entry.placeholders ?? {}));
    }
  });

  it('Korean strings are translated, not copied', () => {
    const untranslated = Object.keys(en).filter(
      // Placeholders ($COUNT$) are not words: "$COUNT$ / $MAX$" reads the same in every language.
      (k) => en[k]?.message === ko[k]?.message && /[a-z]{3}/i.test((en[k]?.message ?? '').replace(/\$[A-Z0-9_]+\$/gi, '')),
    );
    expect(untranslated).toEqual([]);
  });
});
