import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addCompileHints, COMPILE_HINT } from './compile-hints.mjs';

describe('addCompileHints (V8 eager compilation for the chunks on the way into a call)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chaekbang-hints-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, code: string) => writeFileSync(join(dir, name), code);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');

  it('puts the hint on the first line of the matching .js files only, once, and keeps the code', () => {
    file('call-AbC123.js', 'import{a}from"./boot-x.js";export const b=()=>a;');
    file('app-Zz9.js', 'export function f(){}');
    file('auth-Q1.js', 'export const sdk=1;');
    file('call-AbC123.js.gz', 'not js');
    file('call-style.css', 'a{}');

    expect(addCompileHints(dir, /^(app|call)-/)).toEqual(['app-Zz9.js', 'call-AbC123.js']);
    expect(read('call-AbC123.js')).toBe(`${COMPILE_HINT}\nimport{a}from"./boot-x.js";export const b=()=>a;`);
    expect(read('app-Zz9.js').split('\n')[0]).toBe('//# allFunctionsCalledOnLoad');
    // Everything else as it was.
    expect(read('auth-Q1.js')).toBe('export const sdk=1;');
    expect(read('call-AbC123.js.gz')).toBe('not js');
    expect(read('call-style.css')).toBe('a{}');

    // A second pass (wxt zip after wxt build, a rebuilt folder) adds nothing.
    expect(addCompileHints(dir, /^(app|call)-/)).toEqual(['app-Zz9.js', 'call-AbC123.js']);
    expect(read('call-AbC123.js').split(COMPILE_HINT)).toHaveLength(2);
  });
});
