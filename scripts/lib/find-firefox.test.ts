import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script module without types
import { FIREFOX_MIN_MAJOR, findFirefox, firefoxMajor, SetupError } from './system.mjs';

/** findFirefox with FIREFOX_PATH pointing at stand-in binaries that answer `--version` as given. */
describe('findFirefox (the Firefox e2e stage)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chaekbang-firefox-'));
  const fake = (name: string, output: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\necho '${output}'\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const saved = process.env.FIREFOX_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.FIREFOX_PATH;
    else process.env.FIREFOX_PATH = saved;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads Debian's firefox-esr version line", () => {
    expect(firefoxMajor(fake('esr', 'Mozilla Firefox 153.8.0esr'))).toBe(153);
    expect(firefoxMajor(fake('junk', 'not a browser'))).toBeNull();
  });

  it('takes FIREFOX_PATH when it is a Firefox new enough for the manifest', () => {
    process.env.FIREFOX_PATH = fake('ok', 'Mozilla Firefox 153.8.0esr');
    expect(findFirefox({ install: false })).toBe(process.env.FIREFOX_PATH);
  });

  it('refuses a Firefox older than the manifest’s strict_min_version, saying what to install', () => {
    process.env.FIREFOX_PATH = fake('old', 'Mozilla Firefox 128.14.0esr');
    expect(() => findFirefox({ install: false })).toThrow(SetupError);
    expect(() => findFirefox({ install: false })).toThrow(
      new RegExp(`Firefox 128; the extension needs Firefox ${FIREFOX_MIN_MAJOR}`),
    );
  });

  it('says so when FIREFOX_PATH does not exist or is not a Firefox', () => {
    process.env.FIREFOX_PATH = join(dir, 'missing');
    expect(() => findFirefox({ install: false })).toThrow(/FIREFOX_PATH=.*does not exist/);
    process.env.FIREFOX_PATH = fake('other', 'Chromium 140.0');
    expect(() => findFirefox({ install: false })).toThrow(/did not answer `--version` like a Firefox/);
  });

  it('matches the minimum the manifest declares (wxt.config.ts)', async () => {
    const { readFileSync } = await import('node:fs');
    const config = readFileSync(join(import.meta.dirname, '..', '..', 'wxt.config.ts'), 'utf8');
    expect(config).toContain(`strict_min_version: '${FIREFOX_MIN_MAJOR}.0'`);
  });
});
