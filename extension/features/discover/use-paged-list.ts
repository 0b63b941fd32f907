import { useEffect, useRef, useState } from 'preact/hooks';
import type { CatalogAttribution } from '../../../shared/schemas/catalog';
import { isAbort } from './catalog-client';
import { catalogErrorText } from './catalog-errors';

/** One page of a catalog list as the server gave it: the next page is asked for by number, never by offset. */
export type Page<T> = { items: T[]; page: number; hasMore: boolean; sources: CatalogAttribution[] };

export type PagedList<T> = {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: T[];
  sources: CatalogAttribution[];
  hasMore: boolean;
  /** The error in the reader's language (first page or "more"). */
  error: string | null;
  loadingMore: boolean;
  loadMore(): void;
  retry(): void;
};

/**
 * A paginated catalog list for `key` (null: nothing to show). A new key cancels whatever the old one was
 * still waiting for (AbortController), so a slow answer to an old query never replaces a newer one.
 * "More" asks the server for the page after the last one it sent and drops books already shown.
 */
export function usePagedList<T>(
  key: string | null,
  fetchPage: (page: number, signal: AbortSignal) => Promise<Page<T>>,
  idOf: (item: T) => string,
): PagedList<T> {
  const [state, setState] = useState<Omit<PagedList<T>, 'loadMore' | 'retry'> & { page: number }>({
    status: 'idle',
    items: [],
    sources: [],
    hasMore: false,
    error: null,
    loadingMore: false,
    page: 0,
  });
  const [attempt, setAttempt] = useState(0);
  const controller = useRef<AbortController | null>(null);
  const latest = useRef({ fetchPage, idOf, key });
  latest.current = { fetchPage, idOf, key };

  useEffect(() => {
    controller.current?.abort();
    controller.current = null;
    if (key === null) {
      setState({ status: 'idle', items: [], sources: [], hasMore: false, error: null, loadingMore: false, page: 0 });
      return;
    }
    const ctrl = new AbortController();
    controller.current = ctrl;
    setState((s) => ({ ...s, status: 'loading', error: null, loadingMore: false }));
    latest.current.fetchPage(1, ctrl.signal).then(
      (first) => {
        if (ctrl.signal.aborted) return;
        setState({
          status: 'ready',
          items: dedupe([], first.items, latest.current.idOf),
          sources: first.sources,
          hasMore: first.hasMore,
          error: null,
          loadingMore: false,
          page: first.page,
        });
      },
      (err) => {
        if (ctrl.signal.aborted || isAbort(err)) return;
        setState({
          status: 'error',
          items: [],
          sources: [],
          hasMore: false,
          error: catalogErrorText(err),
          loadingMore: false,
          page: 0,
        });
      },
    );
    return () => ctrl.abort();
  }, [key, attempt]);

  function loadMore() {
    const ctrl = controller.current;
    if (!ctrl || state.status !== 'ready' || !state.hasMore || state.loadingMore) return;
    const next = state.page + 1;
    setState((s) => ({ ...s, loadingMore: true, error: null }));
    latest.current.fetchPage(next, ctrl.signal).then(
      (more) => {
        if (ctrl.signal.aborted) return;
        setState((s) => ({
          ...s,
          items: dedupe(s.items, more.items, latest.current.idOf),
          sources: mergeSources(s.sources, more.sources),
          hasMore: more.hasMore,
          loadingMore: false,
          page: more.page,
        }));
      },
      (err) => {
        if (ctrl.signal.aborted || isAbort(err)) return;
        setState((s) => ({ ...s, loadingMore: false, error: catalogErrorText(err) }));
      },
    );
  }

  const { page: _page, ...visible } = state;
  return { ...visible, loadMore, retry: () => setAttempt((n) => n + 1) };
}

function dedupe<T>(have: T[], more: T[], idOf: (item: T) => string): T[] {
  const seen = new Set(have.map(idOf));
  const out = [...have];
  for (const item of more) {
    const id = idOf(item);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(item);
  }
  return out;
}

function mergeSources(a: CatalogAttribution[], b: CatalogAttribution[]): CatalogAttribution[] {
  const out = [...a];
  for (const s of b) if (!out.some((x) => x.provider === s.provider)) out.push(s);
  return out;
}

/** `value` once it has stayed the same for `ms` (typing settles before a search is sent). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
