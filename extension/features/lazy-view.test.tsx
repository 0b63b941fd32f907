// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import type { FunctionComponent } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../i18n', () => ({ t: (key: string) => key, uiLocale: () => 'en' }));
const { lazyView } = await import('./lazy-view');

afterEach(cleanup);

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const Hello: FunctionComponent<{ name: string }> = ({ name }) => <p data-testid="hello">hello {name}</p>;

describe('lazyView (a panel view whose code loads on first show)', () => {
  it("shows the view's frame (title, busy) until its code is there, then the view with its props", async () => {
    const code = deferred<FunctionComponent<{ name: string }>>();
    const View = lazyView(() => code.promise, 'shelfTitle');
    const { findByTestId, getByTestId, queryByTestId } = render(<View name="Minji" />);
    expect(getByTestId('view-frame').textContent).toBe('shelfTitleloading');
    expect(getByTestId('view-frame').getAttribute('aria-busy')).toBe('true');
    await act(async () => code.resolve(Hello));
    expect((await findByTestId('hello')).textContent).toBe('hello Minji');
    expect(queryByTestId('view-frame')).toBeNull();
  });

  it('loads once: preload before the first render, and later renders show the view at once', async () => {
    const load = vi.fn(async () => Hello);
    const View = lazyView(load, 'shelfTitle');
    await View.preload();
    await View.preload();
    const { getByTestId } = render(<View name="Jiho" />);
    expect(getByTestId('hello').textContent).toBe('hello Jiho'); // no frame flash once loaded
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a module that cannot load says so with a retry, and the retry loads it again', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let fail = true;
    const load = vi.fn(async () => {
      if (fail) throw new Error('Failed to fetch dynamically imported module');
      return Hello;
    });
    const View = lazyView(load, 'navRoom');
    const { findByTestId, getByRole, getByTestId } = render(<View name="Hana" />);
    const note = await findByTestId('view-load-failed');
    expect(note.textContent).toContain('viewLoadFailed');
    expect(getByTestId('view-frame').getAttribute('aria-busy')).toBeNull();
    fail = false;
    await act(async () => {
      fireEvent.click(getByRole('button', { name: 'viewLoadRetry' }));
    });
    expect((await findByTestId('hello')).textContent).toBe('hello Hana');
    expect(load).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('without a title nothing shows while loading (helpers that render nothing)', () => {
    const View = lazyView(() => new Promise<FunctionComponent<{ name: string }>>(() => {}));
    expect(render(<View name="x" />).container.innerHTML).toBe('');
  });
});
