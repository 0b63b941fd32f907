import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README states the lowest Node.js version the project is tested on. Every installed package whose
 * `engines.node` excludes that version makes `npm install` print an EBADENGINE warning: the README must
 * name each such package, so a reader who sees the warning knows it was expected and tested.
 */
const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; optional?: boolean; engines?: { node?: string } | string[] }>;
};

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v
    .replace(/^v/, '')
    .split('.')
    .map((n) => Number.parseInt(n, 10) || 0);
  return [a, b, c];
};
const cmp = (x: Version, y: Version) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];

/** Enough of semver ranges for engines fields: `>=`, `>`, `<`, `<=`, `^`, `~`, exact, `x`, `*`, `||`. */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alternative) =>
    alternative
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((part) => {
        const m = /^(>=|<=|>|<|\^|~|=)?\s*v?([\dx*.]+)$/.exec(part);
        if (!m) return true;
        const [, op = '=', raw = '*'] = m;
        if (raw === '*' || raw === 'x') return true;
        const w = parse(raw);
        if (op === '>=') return cmp(v, w) >= 0;
        if (op === '>') return cmp(v, w) > 0;
        if (op === '<=') return cmp(v, w) <= 0;
        if (op === '<') return cmp(v, w) < 0;
        if (op === '^') return v[0] === w[0] && cmp(v, w) >= 0;
        if (op === '~') return v[0] === w[0] && v[1] === w[1] && cmp(v, w) >= 0;
        const fixed = raw.split('.').filter((p) => /^\d+$/.test(p)).length;
        return v.slice(0, fixed).every((n, i) => n === w[i]);
      }),
  );
}

describe('the README tells the truth about Node.js versions', () => {
  const stated = /Node\.js (\d+\.\d+)\+/.exec(readme)?.[1];

  it('states a minimum Node.js version', () => {
    expect(stated).toMatch(/^\d+\.\d+$/);
  });

  it('names every installed package that declares it needs a newer Node.js (npm warns EBADENGINE for each)', () => {
    const minimum = `${stated}.0`;
    const warned = Object.entries(lock.packages)
      .filter(([path, pkg]) => path.startsWith('node_modules/') && !pkg.optional)
      .filter(([, pkg]) => {
        const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
        return range !== undefined && !satisfies(minimum, range);
      })
      .map(([path, pkg]) => `${path.slice(path.lastIndexOf('node_modules/') + 13)}@${pkg.version}`);
    const unexplained = warned.filter((nameAtVersion) => !readme.includes(nameAtVersion));
    expect(unexplained).toEqual([]);
  });

  it('checks ranges the way npm does for the forms engines fields use', () => {
    expect(satisfies('20.19.0', '>=22')).toBe(false);
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.18.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('20.19.0', '>=18 <21')).toBe(true);
    expect(satisfies('20.19.0', '20.x')).toBe(true);
  });
});
