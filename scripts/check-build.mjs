#!/usr/bin/env node
// Build the production Chrome MV3 and Firefox packages (zips) and fail on any WXT warning or a manifest
// that lacks what the extension relies on (side panel / sidebar, locales, icons).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/emulators.mjs';
import { webRoomFirstLoad } from './lib/web-room-size.mjs';

const wxt = join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs');
const problems = [];
for (const args of [['zip'], ['zip', '-b', 'firefox']]) {
  const res = spawnSync(process.execPath, [wxt, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const out = `${res.stdout}\n${res.stderr}`;
  if (res.status !== 0) problems.push(`wxt ${args.join(' ')} failed:\n${out}`);
  for (const line of out.split('\n')) if (/\bWARN\b/.test(line)) problems.push(`wxt ${args.join(' ')}: ${line.trim()}`);
}
// The web room (/r/<CODE>): built beside the zips, first load under 200 KB gzipped (scripts/lib/web-room-size.mjs).
{
  const res = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web-room.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  if (res.status !== 0) problems.push(`web room build failed:\n${res.stdout}\n${res.stderr}`);
  else {
    const size = webRoomFirstLoad(join(ROOT, '.output', 'web-room'));
    if (!size.ok) problems.push(`web room: first load ${size.total} B gzipped, over ${size.limit} B`);
  }
}
const manifest = (dir) => JSON.parse(readFileSync(join(ROOT, '.output', dir, 'manifest.json'), 'utf8'));
const chrome = manifest('chrome-mv3');
const firefox = manifest('firefox-mv3');
if (chrome.manifest_version !== 3) problems.push('chrome: not MV3');
if (chrome.side_panel?.default_path !== 'sidepanel.html') problems.push('chrome: no side_panel');
if (!chrome.permissions?.includes('sidePanel')) problems.push('chrome: no sidePanel permission');
if (firefox.sidebar_action?.default_panel !== 'sidepanel.html') problems.push('firefox: no sidebar_action');
for (const [name, m] of [
  ['chrome', chrome],
  ['firefox', firefox],
]) {
  if (m.default_locale !== 'en') problems.push(`${name}: default_locale is not en`);
  if (!m.content_scripts?.length) problems.push(`${name}: no content scripts`);
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
for (const browser of ['chrome', 'firefox']) {
  const zip = join(ROOT, '.output', `chaekbang-${pkg.version}-${browser}.zip`);
  if (!existsSync(zip)) problems.push(`missing ${zip}`);
}
if (problems.length > 0) {
  console.error(`✗ build check failed:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(
  '✓ Chrome MV3 and Firefox MV3 zips built with no warnings; manifests declare the side panel / sidebar; the web room is built, first load under 200 KB gzipped.',
);
