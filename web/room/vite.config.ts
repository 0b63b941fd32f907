import { join } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin, type Rollup, type UserConfig } from 'vite';
import { ConfigError, loadClientConfig } from '../../shared/config/client-config';

/**
 * The web room (/r/<CODE>): a plain Vite build beside WXT's, into <output>/web-room (CHAEKBANG_OUTPUT_DIR, as
 * wxt.config.ts, so parallel test runs never share a build). The same validated client configuration is injected
 * as the extension's (__CHAEKBANG_CONFIG__); assets live under /web-room/ ("ASSETS" would be a valid room code).
 */
const ROOT = join(import.meta.dirname, '..', '..');

function clientConfig() {
  try {
    return loadClientConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** The modules whose chunks a guest needs right after Continue: fetched with the page (modulepreload), not after it. */
const CALL_PATH = [
  /web\/room\/call-stage\.tsx$/,
  /web\/room\/guest-auth\.ts$/,
  /features\/room\/room-session\.ts$/,
  /peerjs\/dist\//,
];
/** What a guest's call must never pull in (the panel's Firestore views load on their own, for readers). */
const NOT_IN_CALL = /[\\/]@?firebase[\\/]firestore[\\/]/;

/**
 * After the bundle is written: (1) the call's chunks (CALL_PATH and their static imports) are named in index.html
 * as <link rel="modulepreload"> at the end of <body> (after the entry and the catalogue the server names in <head>,
 * so the first paint's files come first), so they are fetched and compiled while the guest reads the name form;
 * (2) the build fails if the call's chunks contain Firestore.
 */
export function callPathPreload(): Plugin {
  return {
    name: 'chaekbang-call-path-preload',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (start: Rollup.OutputChunk[]) => {
        const seen = new Set<string>();
        const visit = (c: Rollup.OutputChunk | undefined) => {
          if (!c || seen.has(c.fileName)) return;
          seen.add(c.fileName);
          for (const f of c.imports) visit(byFile.get(f));
        };
        for (const c of start) visit(c);
        return seen;
      };
      const entry = closure(chunks.filter((c) => c.isEntry));
      const roots = CALL_PATH.flatMap((re) => chunks.filter((c) => re.test(c.facadeModuleId ?? '')));
      if (roots.length < CALL_PATH.length)
        this.error(
          `web room: expected the call's chunks (${CALL_PATH.join(', ')}), found ${roots.map((c) => c.fileName).join(', ')}`,
        );
      const call = [...closure(roots)].filter((f) => !entry.has(f));
      for (const f of call) {
        const firestore = byFile.get(f)?.moduleIds.find((id) => NOT_IN_CALL.test(id));
        if (firestore) this.error(`web room: the guest's call pulls in Firestore (${firestore} in ${f})`);
      }
      const html = bundle['index.html'];
      if (html?.type !== 'asset' || typeof html.source !== 'string') return this.error('web room: no index.html');
      const links = call.map((f) => `    <link rel="modulepreload" crossorigin href="/web-room/${f}">\n`).join('');
      html.source = html.source.replace(/\n\s*<\/body>/, `\n${links}  </body>`);
    },
  };
}

export default defineConfig((): UserConfig => {
  const config = clientConfig();
  return {
    root: import.meta.dirname,
    base: '/web-room/',
    publicDir: false,
    plugins: [preact(), callPathPreload()],
    define: {
      __CHAEKBANG_CONFIG__: JSON.stringify(config),
      'import.meta.env.FIREFOX': 'false',
    },
    logLevel: 'warn',
    build: {
      outDir: join(process.env.CHAEKBANG_OUTPUT_DIR || join(ROOT, '.output'), 'web-room'),
      emptyOutDir: true,
      assetsDir: 'assets',
      // The server sends a strict CSP (no inline scripts): no inlined module preload polyfill.
      modulePreload: { polyfill: false },
      chunkSizeWarningLimit: 2048,
      target: 'es2022',
      sourcemap: false,
      manifest: true,
      rolldownOptions: {
        // The extension's panel imports some data modules both ways; in the web room those chunks are simply shared.
        checks: { ineffectiveDynamicImport: false },
      },
    },
  };
});
