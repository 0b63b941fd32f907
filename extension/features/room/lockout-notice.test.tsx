// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GetRoomResponse } from '../../../shared/schemas/rooms-api';

vi.mock('../../i18n', () => ({
  t: (key: string, subs?: string | string[]) => [key, ...(subs === undefined ? [] : [subs].flat())].join('|'),
  uiLocale: () => 'en',
}));
vi.mock('./room-store', () => ({ roomsClientFor: () => null, roomUser: () => null }));
const { GUARD_POLL_MS, LockoutNotice, useRoomInfo } = await import('./lockout-notice');

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const room = { code: 'ABC234', name: null, capacity: 6, memberCount: 2, hasPasscode: true, createdAt: 1 };

describe('LockoutNotice (the room host, in the call)', () => {
  it('shows nothing without wrong attempts, or to someone who is not the host', () => {
    expect(render(<LockoutNotice guard={undefined} />).container.textContent).toBe('');
    expect(
      render(<LockoutNotice guard={{ failedAttempts: 0, lockedUntil: null, retryAfterSeconds: null }} />).container.textContent,
    ).toBe('');
  });

  it('counts wrong attempts before a lock', () => {
    const { getByTestId } = render(<LockoutNotice guard={{ failedAttempts: 3, lockedUntil: null, retryAfterSeconds: null }} />);
    expect(getByTestId('lockout-notice').textContent).toBe('roomLockoutAttempts|3');
    expect(getByTestId('lockout-notice').dataset.locked).toBe('false');
  });

  it('says how long new joins are paused, counting down between polls', () => {
    vi.useFakeTimers();
    const { getByTestId } = render(<LockoutNotice guard={{ failedAttempts: 5, lockedUntil: 9, retryAfterSeconds: 90 }} />);
    const notice = getByTestId('lockout-notice');
    expect(notice.dataset.locked).toBe('true');
    expect(notice.textContent).toBe('roomLockoutActive|5|waitMinutes|2');
    act(() => void vi.advanceTimersByTime(45_000));
    expect(getByTestId('lockout-notice').textContent).toBe('roomLockoutActive|5|waitSeconds|45');
    act(() => void vi.advanceTimersByTime(46_000));
    expect(getByTestId('lockout-notice').textContent).toBe('roomLockoutAttempts|5');
  });
});

describe('useRoomInfo', () => {
  function Probe({ api }: { api: { get(code: string): Promise<GetRoomResponse> } }) {
    const info = useRoomInfo('ABC234', api);
    return <p data-testid="info">{info ? `${info.room.hasPasscode}:${info.passcodeGuard?.failedAttempts ?? '-'}` : 'none'}</p>;
  }

  it('keeps polling for the host (who gets the guard) and stops for anyone else', async () => {
    vi.useFakeTimers();
    const hostAnswers: GetRoomResponse[] = [
      { room, members: null, passcodeGuard: { failedAttempts: 0, lockedUntil: null, retryAfterSeconds: null } },
      { room, members: null, passcodeGuard: { failedAttempts: 2, lockedUntil: null, retryAfterSeconds: null } },
    ];
    let hostCalls = 0;
    const host = { get: async () => hostAnswers[Math.min(hostCalls++, 1)] as GetRoomResponse };
    const a = render(<Probe api={host} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(a.getByTestId('info').textContent).toBe('true:0');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(GUARD_POLL_MS);
    });
    expect(a.getByTestId('info').textContent).toBe('true:2');
    expect(hostCalls).toBe(2);
    cleanup();

    let memberCalls = 0;
    const member = {
      get: async () => {
        memberCalls++;
        return { room, members: null } as GetRoomResponse;
      },
    };
    const b = render(<Probe api={member} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(GUARD_POLL_MS * 3);
    });
    expect(b.getByTestId('info').textContent).toBe('true:-');
    expect(memberCalls).toBe(1);
  });
});
