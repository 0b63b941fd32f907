import { useEffect, useRef, useState } from 'preact/hooks';

/** How long a write may wait on the server before the shelf says it is only saved on this device. */
export const SLOW_SYNC_MS = 2000;

/**
 * The entries whose writes are really waiting on the network: all pending ones while the browser is
 * offline; online, only those still unsent after `SLOW_SYNC_MS` (a normal write reaches the server in
 * well under that, and a notice that flashes for a moment says nothing true).
 */
export function slowPending(
  pending: ReadonlySet<string>,
  since: ReadonlyMap<string, number>,
  now: number,
  online: boolean,
  thresholdMs = SLOW_SYNC_MS,
): Set<string> {
  if (!online) return new Set(pending);
  return new Set([...pending].filter((id) => now - (since.get(id) ?? now) >= thresholdMs));
}

/** `slowPending` kept current: re-checks when a write passes the threshold and when the network changes. */
export function useSlowPending(pending: ReadonlySet<string>, thresholdMs = SLOW_SYNC_MS): ReadonlySet<string> {
  const since = useRef(new Map<string, number>());
  const [online, setOnline] = useState(() => navigator.onLine);
  const [tick, setTick] = useState(0);

  const now = Date.now();
  for (const id of [...since.current.keys()]) if (!pending.has(id)) since.current.delete(id);
  for (const id of pending) if (!since.current.has(id)) since.current.set(id, now);

  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);

  useEffect(() => {
    if (pending.size === 0 || !online) return;
    const started = Date.now();
    const due = Math.min(...[...pending].map((id) => (since.current.get(id) ?? started) + thresholdMs - started));
    if (due <= 0) return;
    const timer = setTimeout(() => setTick((n) => n + 1), due);
    return () => clearTimeout(timer);
  }, [pending, online, tick, thresholdMs]);

  return slowPending(pending, since.current, now, online && navigator.onLine, thresholdMs);
}
