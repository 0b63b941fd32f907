import type { ComponentChildren, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, t } from '../i18n';

/**
 * A view whose code loads on first use (a dynamic `import()`, its own chunk): Firebase, Firestore and PeerJS
 * come with the views that need them, so the panel's tabs paint before any of it has loaded. Until the module
 * is there the view's frame shows (its title and "Loading…"); a module that cannot load (e.g. the extension
 * was updated under an open panel) says so, with a way to try again, instead of a blank panel.
 */
export type LazyView<P> = FunctionComponent<P> & {
  /** Start loading now (e.g. while the session is still being restored); resolves when it is there. */
  preload(): Promise<FunctionComponent<P>>;
};

export function lazyView<P extends object>(
  load: () => Promise<FunctionComponent<P>>,
  /** The view's title while it loads; without one nothing shows (for helpers that render nothing). */
  title?: MessageKey,
): LazyView<P> {
  let loaded: FunctionComponent<P> | null = null;
  let pending: Promise<FunctionComponent<P>> | null = null;
  const preload = () => {
    pending ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (err: unknown) => {
        pending = null; // the next attempt loads again
        throw err;
      },
    );
    return pending;
  };
  function Lazy(props: P) {
    const [component, setComponent] = useState<{ C: FunctionComponent<P> } | null>(() => (loaded ? { C: loaded } : null));
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (component) return;
      let live = true;
      preload().then(
        (C) => live && setComponent({ C }),
        (err: unknown) => {
          console.warn('Chaekbang: a panel view could not be loaded', err);
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [attempt]);
    if (component) return <component.C {...props} />;
    if (!title) return null;
    return (
      <ViewFrame title={title} busy={!failed}>
        {failed ? (
          <p class="error" role="alert" data-testid="view-load-failed">
            {t('viewLoadFailed')}{' '}
            <button
              type="button"
              class="link"
              onClick={() => {
                setFailed(false);
                setAttempt((n) => n + 1);
              }}
            >
              {t('viewLoadRetry')}
            </button>
          </p>
        ) : (
          <p class="muted">{t('loading')}</p>
        )}
      </ViewFrame>
    );
  }
  return Object.assign(Lazy, { preload });
}

/** A view's frame before its content: the card with its title (what the first paint shows of the view). */
export function ViewFrame({ title, busy = true, children }: { title: MessageKey; busy?: boolean; children?: ComponentChildren }) {
  return (
    <section class="card" data-testid="view-frame" aria-busy={busy ? 'true' : undefined}>
      <h2>{t(title)}</h2>
      {children ?? <p class="muted">{t('loading')}</p>}
    </section>
  );
}
