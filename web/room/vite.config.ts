import { join } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig, type UserConfig } from 'vite';
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

export default defineConfig((): UserConfig => {
  const config = clientConfig();
  return {
    root: import.meta.dirname,
    base: '/web-room/',
    publicDir: false,
    plugins: [preact()],
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
