/**
 * Debian Chromium for the benches: where it is, its version, and the flags e2e/harness.ts uses (minus the
 * extension ones), so a plain page and an extension panel run under the same switches.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  for (const p of ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(p)) return p;
  }
  throw new Error('Chromium not found: install Debian chromium (apt-get install chromium) or set CHROMIUM_PATH.');
}

export function chromiumVersion(path = chromiumPath()): string {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim().split('\n').pop() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export { MEDIA_ARGS, PLAIN_ARGS } from '../../e2e/chromium-args';
