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

/** The app the small entry imports at once (main.tsx → start.tsx): named first, so it comes before the call's. */
const FIRST_PAINT = [/web\/room\/start\.tsx$/];
/** The modules whose chunks a guest needs right after Join: fetched with the page (modulepreload), not after it. */
const CALL_PATH = [/web\/room\/call-stage\.tsx$/, /features\/room\/room-session\.ts$/, /peerjs\/dist\//];
/** What main.tsx (the entry) imports itself: their own small chunk, so the entry never waits for the lobby's code. */
const BOOT =
  /features[\\/]room[\\/]media\.ts$|web[\\/]room[\\/]web-room-state\.ts$|shared[\\/]room-code\.ts$|vite[\\/]preload-helper|rolldown[\\/]runtime/;
/** What a guest's call must never pull in (the panel's Firestore views load on their own, for readers). */
const NOT_IN_CALL = /[\\/]@?firebase[\\/]firestore[\\/]/;

/**
 * After the bundle is written: (1) the app's chunks (FIRST_PAINT), then the call's (CALL_PATH), each with their static
 * imports, are named in index.html as <link rel="modulepreload"> at the end of <body> (after the entry and the
 * catalogue the server names in <head>, so the first paint's files come first), so they are fetched and compiled
 * while the guest reads the lobby;
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
      const find = (list: RegExp[], what: string) => {
        const found = list.flatMap((re) => chunks.filter((c) => c.moduleIds.some((id) => re.test(id))).slice(0, 1));
        if (found.length < list.length)
          this.error(`web room: expected ${what} (${list.join(', ')}), found ${found.map((c) => c.fileName).join(', ')}`);
        return found;
      };
      const first = [...closure(find(FIRST_PAINT, "the app's chunk"))].filter((f) => !entry.has(f));
      const roots = find(CALL_PATH, "the call's chunks");
      const call = [...closure(roots)].filter((f) => !entry.has(f) && !first.includes(f));
      for (const f of call) {
        const firestore = byFile.get(f)?.moduleIds.find((id) => NOT_IN_CALL.test(id));
        if (firestore) this.error(`web room: the guest's call pulls in Firestore (${firestore} in ${f})`);
      }
      const html = bundle['index.html'];
      if (html?.type !== 'asset' || typeof html.source !== 'string') return this.error('web room: no index.html');
      const links = [...first, ...call].map((f) => `    <link rel="modulepreload" crossorigin href="/web-room/${f}">\n`).join('');
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
    resolve: {
      // A plain web page: Firebase Auth's browser build (the extension's shared modules import its web-extension
      // build, which has no localStorage persistence; the web room keeps its session there, see keepAuthIn).
      alias: [{ find: /^firebase\/auth\/web-extension$/, replacement: 'firebase/auth' }],
    },
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
        output: {
          // Few files, in the order the guest needs them (the browser fetches at most six at a time from one host over
          // HTTP/1.1, and a module runs only once all its static imports are here): the entry's own helpers (boot), the
          // lobby (app: Preact, the lobby, the camera check), the call (the guest's session, the room engine, PeerJS, zod).
          // Each group takes its module's static imports too, unless a group above already took them.
          codeSplitting: {
            groups: [
              { name: 'boot', priority: 40, test: BOOT },
              { name: 'app', priority: 30, test: /web[\\/]room[\\/]start\.tsx$/ },
              {
                name: 'call',
                priority: 10,
                test: /web[\\/]room[\\/]call-stage\.tsx$|features[\\/]room[\\/]room-session\.ts$|[\\/]peerjs[\\/]dist[\\/]/,
              },
              // Firebase Auth's SDK, loaded once the call is up (the guest's way there uses guest-session.ts): last, so
              // what it shares with the call (the config, zod) stays in the call's chunk.
              { name: 'auth', priority: 5, test: /web[\\/]room[\\/]guest-auth\.ts$/ },
            ],
          },
        },
        // The extension's panel imports some data modules both ways; in the web room those chunks are simply shared.
        checks: { ineffectiveDynamicImport: false },
      },
    },
  };
});
