#!/usr/bin/env node
// Render extension/public/icon.svg to the PNG sizes the manifest uses, with Chromium (run when the SVG changes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './lib/emulators.mjs';
import { findChromium } from './lib/system.mjs';

const svg = readFileSync(join(ROOT, 'extension', 'public', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: join(ROOT, 'extension', 'public', 'icon', `${size}.png`), omitBackground: true });
  await page.close();
}
await browser.close();
console.log('icons written to extension/public/icon/');
