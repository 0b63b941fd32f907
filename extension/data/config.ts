import { type ClientConfig, ClientConfigSchema } from '../../shared/config/client-config';

declare const __CHAEKBANG_CONFIG__: unknown;

/** The build-time configuration injected by wxt.config.ts (validated there, re-checked here). */
export const config: ClientConfig = ClientConfigSchema.parse(__CHAEKBANG_CONFIG__);
