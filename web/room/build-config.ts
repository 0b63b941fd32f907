import type { ClientConfig } from '../../shared/config/client-config';

declare const __CHAEKBANG_CONFIG__: ClientConfig;

/**
 * The build's client configuration as the build injected it: validated there (vite.config.ts, the same
 * `loadClientConfig` as the extension's), read here without extension/data/config.ts's zod re-check, which lives in
 * the call's chunk. For what the guest's way to the call needs before that chunk has run: the sign-up and the early
 * join.
 */
export function buildConfig(): ClientConfig {
  return __CHAEKBANG_CONFIG__;
}
