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

/** The switches of e2e/harness.ts without the extension-loading ones. */
export const PLAIN_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
];

/** Fake camera and microphone, autoplay, WebRTC over loopback (as e2e/harness.ts). */
export const MEDIA_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--allow-loopback-in-peer-connection',
];
