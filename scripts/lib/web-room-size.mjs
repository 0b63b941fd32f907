// The web room's first load: what a guest's browser fetches before any media starts — index.html, the entry
// chunk and its static imports, its CSS, every chunk the page names as modulepreload (the lobby's app and the
// guest's call path, fetched with the page), and the larger of the two catalogues (one is loaded).
// Computed from Vite's manifest of the build in `dir`, gzipped at level 9 (as a server would send it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIRST_LOAD_LIMIT_BYTES = 200 * 1024;

/** @returns {{ files: { file: string, gzip: number }[], total: number, limit: number, ok: boolean }} */
export function webRoomFirstLoad(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8'));
  const entry = manifest['index.html'];
  if (!entry) throw new Error(`${dir}: the Vite manifest has no index.html entry`);
  const files = new Set(['index.html']);
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imp of chunk.imports ?? []) visit(imp);
  };
  visit('index.html');
  // The chunks index.html names as modulepreload (the build's callPathPreload), with their own imports.
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
  for (const [, href] of html.matchAll(/<link rel="modulepreload"[^>]*href="\/web-room\/([^"]+)"/g)) {
    const key = byFile.get(href);
    if (key) visit(key);
    else files.add(href);
  }
  files.delete(undefined);
  // The page always loads exactly one catalogue before its first paint: count the larger.
  const catalogues = Object.entries(manifest)
    .filter(([key]) => /_locales\/(en|ko)\/messages\.json$/.test(key))
    .map(([, chunk]) => chunk.file);
  const gz = (file) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  const rows = [...files].map((file) => ({ file, gzip: gz(file) }));
  if (catalogues.length > 0) {
    const largest = catalogues.map((file) => ({ file, gzip: gz(file) })).sort((a, b) => b.gzip - a.gzip)[0];
    rows.push(largest);
  }
  const total = rows.reduce((sum, r) => sum + r.gzip, 0);
  return { files: rows, total, limit: FIRST_LOAD_LIMIT_BYTES, ok: total <= FIRST_LOAD_LIMIT_BYTES };
}
