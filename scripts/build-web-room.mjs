#!/usr/bin/env node
// Build the web room (/r/<CODE>, web/room/) with Vite into <CHAEKBANG_OUTPUT_DIR or .output>/web-room, beside the
// extension that `wxt build` / `wxt zip` writes, then check its first load (under 200 KB gzipped) and write the
// origins its Content-Security-Policy must allow (csp.json, read by the peer-server that serves the page).
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { addCompileHints } from './lib/compile-hints.mjs';
import { ROOT } from './lib/emulators.mjs';
import { webRoomFirstLoad } from './lib/web-room-size.mjs';

const outDir = join(process.env.CHAEKBANG_OUTPUT_DIR || join(ROOT, '.output'), 'web-room');
const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const res = spawnSync(process.execPath, [vite, 'build', '--config', join(ROOT, 'web', 'room', 'vite.config.ts')], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
});
if (res.status !== 0) {
  console.error('✗ web room: vite build failed');
  process.exit(res.status ?? 1);
}
copyFileSync(join(ROOT, 'extension', 'public', 'icon.svg'), join(outDir, 'icon.svg'));
// The guest's way into the call (the entry's helpers, the lobby, the call: codeSplitting's groups in vite.config.ts),
// compiled off the main thread as it streams in (scripts/lib/compile-hints.mjs). CHAEKBANG_COMPILE_HINTS (a file-name
// pattern; '^$' for none) is for A/B runs of bench:web-room.
const askedHints = process.env.CHAEKBANG_COMPILE_HINTS;
let hintPattern;
try {
  hintPattern = new RegExp(askedHints ?? '^(boot|app|call)-');
} catch (err) {
  console.error(`✗ CHAEKBANG_COMPILE_HINTS is not a valid regular expression: ${err.message}`);
  process.exit(1);
}
const hinted = addCompileHints(join(outDir, 'assets'), hintPattern);
if (askedHints === undefined && !hinted.some((f) => f.startsWith('call-'))) {
  console.error('✗ web room: no call chunk to give its compile hint (codeSplitting groups changed?)');
  process.exit(1);
}
// Pre-compressed beside each asset (the peer-server sends x.js.gz for x.js to browsers that accept gzip).
for (const name of readdirSync(join(outDir, 'assets'))) {
  if (!/\.(js|css|svg|json)$/.test(name)) continue;
  const file = join(outDir, 'assets', name);
  writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
}

// What the page talks to besides its own origin: Firebase Auth (and, locally, the emulators).
const { loadClientConfig } = await import('../shared/config/client-config.ts').catch(async () => {
  // Plain node cannot import TypeScript: the same check through tsx.
  const { tsImport } = await import('tsx/esm/api');
  return tsImport('../shared/config/client-config.ts', import.meta.url);
});
const config = loadClientConfig(process.env);
const connect = new Set();
if (config.emulators) {
  connect.add(new URL(config.emulators.authUrl).origin);
  connect.add(`http://${config.emulators.firestoreHost}`);
  connect.add(`ws://${config.emulators.firestoreHost}`);
} else {
  for (const host of ['identitytoolkit.googleapis.com', 'securetoken.googleapis.com', 'firestore.googleapis.com'])
    connect.add(`https://${host}`);
}
const peer = new URL(config.peerServerUrl);
connect.add(peer.origin);
connect.add(`${peer.protocol === 'https:' ? 'wss' : 'ws'}://${peer.host}`);
writeFileSync(join(outDir, 'csp.json'), `${JSON.stringify({ connectSrc: [...connect] }, null, 2)}\n`);

const size = webRoomFirstLoad(outDir);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
if (!size.ok) {
  console.error(`✗ web room: first load ${kb(size.total)} gzipped, over the ${kb(size.limit)} budget:`);
  for (const f of size.files) console.error(`    ${f.file}  ${kb(f.gzip)}`);
  process.exit(1);
}
console.log(`✓ web room built into ${outDir}: first load ${kb(size.total)} gzipped (budget ${kb(size.limit)})`);
