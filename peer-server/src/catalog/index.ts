/**
 * The catalog's public surface for the server (create-server wires it; routes come later):
 * - `loadCatalogConfig(env)` / `catalogConfigSchema` — keys and base URLs from the environment;
 * - `createCatalog(config, deps)` — search, book, bestsellers, newBooks, popular, libraries, availability,
 *   providersStatus (for /health), warm / scheduleWarming;
 * - `toReaderError(error)` — what a route answers when the catalog fails;
 * - `normalizeResponse(provider, endpoint, body)` — the pure parsing seam our own checks call;
 * - `LocalBookIndex`, `ClubPopularity`, `catalogBookFromRecord` — our own data ( the embedded default).
 * Tests, e2e and the bench import `startFakeUpstream` from `./testing/fake-upstream` (not exported here).
 */
export { type Catalog, type CatalogDeps, createCatalog, type LocalBook, type LocalPopular, type LocalSearch } from './catalog';
export { type Clock, systemClock } from './clock';
export { type CatalogConfig, catalogConfigSchema, loadCatalogConfig } from './config';
export { CatalogUnavailableError, CatalogUpstreamError, toReaderError } from './errors';
export { ClubPopularity, catalogBookFromRecord, LocalBookIndex } from './local-index';
export { normalizeResponse } from './normalize';
