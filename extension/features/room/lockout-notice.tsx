import { useEffect, useState } from 'preact/hooks';
import type { GetRoomResponse, PasscodeGuardView } from '../../../shared/schemas/rooms-api';
import { t } from '../../i18n';
import { waitText } from './room-errors';
import { roomsClientFor, roomUser } from './room-store';
import type { RoomsApi } from './rooms-client';

/** How often the host's panel asks the server about wrong-passcode attempts during the call. */
export const GUARD_POLL_MS = 10_000;

/**
 * The room as the server tells this reader: whether it has a passcode (for the invite text) and, for the
 * room's host, the passcode guard. Polled while the host is in the call; for anyone else one answer is
 * all there is to know (the guard is never shown to them), so polling stops.
 */
export function useRoomInfo(code: string | null, api?: Pick<RoomsApi, 'get'>): GetRoomResponse | null {
  const [info, setInfo] = useState<GetRoomResponse | null>(null);
  useEffect(() => {
    setInfo(null);
    if (!code) return;
    // The reader who joined the room (never Firebase's SDK: the web room's guests reach the call without it).
    const user = api ? null : roomUser();
    const client = api ?? (user ? roomsClientFor(user) : null);
    if (!client) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let again = true;
      try {
        const next = await client.get(code);
        if (stopped) return;
        setInfo(next);
        again = next.passcodeGuard !== undefined;
      } catch {
        // Offline for a moment: keep what we knew and ask again later.
      }
      if (!stopped && again) timer = setTimeout(poll, GUARD_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [code, api]);
  return info;
}

/** Counts down locally between polls, so the host sees the wait shrink. */
function useSecondsLeft(guard: PasscodeGuardView | null | undefined): number | null {
  const [left, setLeft] = useState<number | null>(guard?.retryAfterSeconds ?? null);
  useEffect(() => {
    const total = guard?.retryAfterSeconds ?? null;
    setLeft(total);
    if (total === null) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = total - Math.floor((Date.now() - started) / 1000);
      setLeft(remaining > 0 ? remaining : null);
      if (remaining <= 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [guard?.retryAfterSeconds, guard?.lockedUntil]);
  return left;
}

/**
 * For the room's host, in the call: someone has been trying wrong passcodes. While the room is locked
 * the notice says for how long new joins are paused; before that, how many wrong tries there were.
 */
export function LockoutNotice({ guard }: { guard: PasscodeGuardView | null | undefined }) {
  const left = useSecondsLeft(guard);
  if (!guard || guard.failedAttempts === 0) return null;
  const count = String(guard.failedAttempts);
  return (
    <p class="banner lockout-notice" role="status" data-testid="lockout-notice" data-locked={left !== null ? 'true' : 'false'}>
      {left !== null ? t('roomLockoutActive', [count, waitText(left)]) : t('roomLockoutAttempts', count)}
    </p>
  );
}
