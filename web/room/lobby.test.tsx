// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The lobby is the panel's Prejoin with the web room's fields: its camera and permission helpers are replaced here
// (no devices in happy-dom); everything else is the real component.
vi.mock('../../extension/i18n', () => ({
  t: (key: string, subs?: string | string[]) => [key, ...(subs === undefined ? [] : [subs].flat())].join('|'),
  uiLocale: () => 'en',
}));
vi.mock('../../extension/platform/platform', () => ({ platform: () => ({ openPermissionPage: null }) }));
const media = vi.hoisted(() => ({
  getLocalMedia: vi.fn<() => Promise<unknown>>(),
}));
vi.mock('../../extension/features/room/media', () => {
  class MediaError extends Error {
    constructor(
      readonly problem: string,
      message: string,
    ) {
      super(message);
    }
  }
  return {
    MediaError,
    PERM_TEXT: { ask: 'permAsk', denied: 'permDenied', page: 'permPageBody' },
    getLocalMedia: media.getLocalMedia,
    listDevices: async () => ({ audio: [], video: [] }),
    queryPermission: async () => 'granted',
    watchPermissions: async () => () => {},
    silentStream: () => fakeStream('silent'),
  };
});
const { Lobby } = await import('./lobby');
const { MediaError } = await import('../../extension/features/room/media');

/** A stream with an audio track only (the preview shows the avatar: no <video> in happy-dom). */
function fakeStream(id: string) {
  return { id, getTracks: () => [{ stop() {} }], getVideoTracks: () => [] } as unknown as MediaStream;
}
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
const lobby = (over: Record<string, unknown> = {}) =>
  ({ step: 'lobby', code: 'K7P2QX', room: 'open', askPasscode: false, busy: false, error: null, ...over }) as const;

afterEach(() => {
  cleanup();
  media.getLocalMedia.mockReset();
});

function show(props: Partial<Parameters<typeof Lobby>[0]> = {}) {
  const onJoin = vi.fn();
  const view = render(
    <Lobby
      state={lobby()}
      name=""
      passcode=""
      error={null}
      earlyStream={null}
      onName={() => {}}
      onPasscode={() => {}}
      onJoin={onJoin}
      {...props}
    />,
  );
  const join = () => view.getByTestId('join-now') as HTMLButtonElement;
  return { ...view, onJoin, join };
}
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));

describe('the web room lobby (one screen: preview, name, Join)', () => {
  it('Join waits for a name; with one it is enabled even while the camera is still starting', async () => {
    const early = deferred<MediaStream | null>();
    const empty = show({ earlyStream: early.promise });
    expect(empty.join().disabled).toBe(true);
    cleanup();
    const named = show({ name: 'Hana', earlyStream: early.promise });
    await settle();
    expect(named.join().disabled).toBe(false);
    expect(named.join().textContent).toBe('prejoinJoinNow|K7P-2QX');
  });

  it('Join pressed before the preview joins as soon as the camera is there, once, with that stream', async () => {
    const early = deferred<MediaStream | null>();
    const { join, onJoin, getByTestId } = show({ name: 'Hana', earlyStream: early.promise });
    await settle();
    fireEvent.click(join());
    await settle();
    expect(onJoin).not.toHaveBeenCalled();
    expect(join().textContent).toBe('roomJoining');
    expect(join().disabled).toBe(true);
    const camera = fakeStream('camera');
    await act(async () => early.resolve(camera));
    await settle();
    expect(onJoin).toHaveBeenCalledTimes(1);
    expect(onJoin).toHaveBeenCalledWith(camera);
    expect(getByTestId('prejoin').tagName).toBe('FORM');
  });

  it('the camera fails while Join waits: no join, the problem shows (with listen-only), Join is disabled', async () => {
    const early = deferred<MediaStream | null>();
    media.getLocalMedia.mockRejectedValue(new MediaError('denied', 'Permission denied'));
    const { join, onJoin, getByTestId } = show({ name: 'Hana', earlyStream: early.promise });
    await settle();
    fireEvent.click(join());
    await act(async () => early.resolve(null));
    await settle();
    expect(onJoin).not.toHaveBeenCalled();
    expect(getByTestId('perm-problem').dataset.problem).toBe('denied');
    expect(join().disabled).toBe(true);
    expect(join().textContent).toBe('prejoinJoinNow|K7P-2QX');
    // Listening without a camera is still one tap away.
    fireEvent.click(getByTestId('listen-only'));
    expect(onJoin).toHaveBeenCalledTimes(1);
  });

  it('Enter in the name field joins (the screen is one form)', async () => {
    const camera = fakeStream('camera');
    const { onJoin, getByTestId } = show({ name: 'Hana', earlyStream: Promise.resolve(camera) });
    await settle();
    fireEvent.submit(getByTestId('web-name-input').closest('form')!);
    expect(onJoin).toHaveBeenCalledWith(camera);
  });

  it('a passcode room asks for it before Join; what the look-up said shows above the name', async () => {
    const camera = Promise.resolve(fakeStream('camera'));
    const asked = show({ name: 'Hana', state: lobby({ askPasscode: true }), earlyStream: camera });
    await settle();
    expect(asked.getByTestId('web-passcode-input')).toBeTruthy();
    expect(asked.join().disabled).toBe(true);
    cleanup();
    const typed = show({ name: 'Hana', passcode: 'reading-9', state: lobby({ askPasscode: true }), earlyStream: camera });
    await settle();
    expect(typed.join().disabled).toBe(false);
    cleanup();
    const gone = show({ name: 'Hana', state: lobby({ room: 'not_found' }), earlyStream: camera });
    expect(gone.getByTestId('web-room-status').textContent).toBe('webRoomNotFound');
    expect(gone.queryByTestId('web-passcode-input')).toBeNull();
    // No Back button: there is nothing to go back to.
    expect(gone.queryByText('prejoinBack')).toBeNull();
  });
});
