import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Work the server does for itself (verifying readers' book records, warming lists), as opposed to a reader's
 * request: its calls to a source take a token only while the bucket keeps its reserve for readers
 * (TokenBucket.reserve); past that they count as over quota at once, as any call over a source's rate does.
 * Marked by context, so every source call made inside `fn` (through the cache, the source chain and retries) is
 * background.
 */
const background = new AsyncLocalStorage<true>();

export function inBackground<T>(fn: () => Promise<T>): Promise<T> {
  return background.run(true, fn);
}

export function isBackground(): boolean {
  return background.getStore() === true;
}
