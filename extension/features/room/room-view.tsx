import type { User } from 'firebase/auth/web-extension';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { formatRoomCode, normalizeRoomCode } from '../../../shared/room-code';
import { PASSCODE_LIMITS, passcodeWeakness } from '../../../shared/schemas/rooms-api';
import { ErrorNote } from '../../components/error-note';
import { t } from '../../i18n';
import { addBookToShelf } from '../page/add-to-shelf';
import { CallView, preloadReaderParts } from './call-view';
import { useRequestedRoom } from './club-room';
import type { LastRoom } from './last-room';
import { Prejoin } from './prejoin';
import { RejoinOffer } from './rejoin-offer';
import { PASSCODE_WEAKNESS_KEYS, ROOM_ERROR_KEYS, roomErrorText } from './room-errors';
import {
  currentRoom,
  discardWarmPeer,
  enterRoom,
  prewarmPeer,
  roomsClientFor,
  useCurrentRoom,
  useRoomSnapshot,
} from './room-store';
import { extractRoomCode, RoomsApiError } from './rooms-client';

export type RoomSelf = { displayName: string; level: number | null };

/** Run `task` when the main thread is idle (within a second at the latest); returns a cancel function. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 200);
  return () => clearTimeout(id);
}

function errorText(err: unknown): string {
  return roomErrorText(err);
}

/** Room tab: lobby (create / join by code or invite) → pre-join (camera check) → the call. */
export function RoomView({ user, self, initialCode }: { user: User; self: RoomSelf; initialCode?: string | null }) {
  const current = useCurrentRoom();
  const snap = useRoomSnapshot(current?.session ?? null);
  const [codeInput, setCodeInput] = useState(initialCode ?? '');
  const [passcode, setPasscode] = useState('');
  const [newPasscode, setNewPasscode] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rejoin, setRejoin] = useState<LastRoom | null>(null);

  useEffect(() => {
    if (initialCode) setCodeInput(initialCode);
  }, [initialCode]);
  const passcodeField = useRef<HTMLInputElement>(null);
  // A club's standing room (club-room.ts: the server has checked membership and made the room): its camera check.
  // An invite link's room (`check`): in the join form and checked like a typed code, so a passcode is asked for.
  useRequestedRoom(
    useCallback(
      (code: string, check: boolean) => {
        setError(null);
        setPasscode('');
        if (!check) return setPending(code);
        setPending(null);
        setCodeInput(formatRoomCode(code));
        void checkCode(code, '');
      },
      [user],
    ),
  );
  // On the pre-join screen, open the signaling socket so the join click does not wait for it, and load the
  // call's reader-only parts while the browser is idle (not during the join: they mount once it has settled).
  useEffect(() => {
    if (!pending) return;
    prewarmPeer(user, pending);
    const idle = whenIdle(preloadReaderParts);
    return () => {
      idle();
      if (!currentRoom()) discardWarmPeer();
    };
  }, [pending, user]);

  if (current && snap && snap.phase !== 'left' && snap.phase !== 'error' && snap.phase !== 'idle') {
    return (
      <CallView
        session={current.session}
        snap={snap}
        localStream={current.stream}
        selfName={self.displayName}
        selfLevel={self.level}
        onAddCard={(card) => addBookToShelf(user.uid, card)}
      />
    );
  }

  if (pending) {
    return (
      <Prejoin
        code={pending}
        busy={busy}
        error={error}
        onBack={() => {
          setPending(null);
          setError(null);
          // A passcode that did not work (or belonged to the room just left behind) is not kept.
          setPasscode('');
          setNewPasscode('');
        }}
        onJoin={async (stream) => {
          setBusy(true);
          setError(null);
          try {
            await enterRoom(
              user,
              { uid: user.uid, displayName: self.displayName, level: self.level },
              stream,
              pending,
              passcode || newPasscode || undefined,
              // Rejoining: the kept restore ticket and rejoin grant (never a passcode) go with the join.
              rejoin?.code === pending
                ? {
                    ...(rejoin.restore ? { restore: rejoin.restore } : {}),
                    ...(rejoin.rejoinGrant ? { rejoinGrant: rejoin.rejoinGrant } : {}),
                  }
                : {},
            );
            setPending(null);
            // In the room: the lobby shows empty passcode fields after leaving.
            setPasscode('');
            setNewPasscode('');
          } catch (err) {
            if (err instanceof RoomsApiError && err.code === 'wrong_passcode' && rejoin?.code === pending && !passcode) {
              // The grant no longer holds (e.g. the server restarted): back to the lobby, code filled in, to type the passcode.
              setRejoin(null);
              setPending(null);
              setCodeInput(`${pending.slice(0, 3)}-${pending.slice(3)}`);
              setError(t('errPasscodeRequired'));
            } else setError(errorText(err));
          } finally {
            setBusy(false);
          }
        }}
      />
    );
  }

  async function create() {
    setError(null);
    // The rule the server applies too (CreateRoomRequestSchema), so the form and the server agree.
    const weakness = newPasscode ? passcodeWeakness(newPasscode) : null;
    if (weakness) {
      setError(t(PASSCODE_WEAKNESS_KEYS[weakness]));
      return;
    }
    setBusy(true);
    try {
      const room = await roomsClientFor(user).create(newPasscode ? { passcode: newPasscode } : {});
      setPending(room.code);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  /** Code and passcode are checked with the server before the camera screen (no seat is taken yet). */
  async function join(e: Event) {
    e.preventDefault();
    setError(null);
    const code = normalizeRoomCode(codeInput) ?? extractRoomCode(codeInput);
    if (!code) {
      setError(t('roomCodeInvalid'));
      return;
    }
    await checkCode(code, passcode);
  }

  async function checkCode(code: string, typed: string) {
    const wrongPasscode = () => {
      setPasscode('');
      setError(t('errWrongPasscode'));
    };
    // Shorter than any passcode a room can have: wrong without asking.
    if (typed && typed.length < PASSCODE_LIMITS.min) return wrongPasscode();
    setBusy(true);
    try {
      await roomsClientFor(user).check(code, typed || undefined);
      setPending(code);
    } catch (err) {
      if (err instanceof RoomsApiError && err.code === 'wrong_passcode') {
        if (typed) wrongPasscode();
        else {
          setError(t('errPasscodeRequired'));
          passcodeField.current?.focus();
        }
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="room-lobby" data-testid="room-lobby">
      <RejoinOffer
        uid={user.uid}
        onRejoin={(room) => {
          setError(null);
          setRejoin(room);
          setPasscode('');
          setPending(room.code);
        }}
      />
      <div class="card">
        <h2>{t('roomCreate')}</h2>
        <p class="muted">{t('roomCreateHint')}</p>
        <label>
          {t('roomPasscode')}
          <input
            name="newPasscode"
            type="password"
            value={newPasscode}
            maxLength={64}
            autoComplete="new-password"
            aria-describedby="new-passcode-hint"
            onInput={(e) => setNewPasscode(e.currentTarget.value)}
          />
        </label>
        <p class="muted hint" id="new-passcode-hint">
          {t('roomPasscodeHint')}
        </p>
        <button type="button" class="primary" data-testid="create-room" disabled={busy} onClick={create}>
          {t('roomCreate')}
        </button>
      </div>
      <form class="card" onSubmit={join}>
        <h2>{t('roomJoinByCode')}</h2>
        <input
          name="roomCode"
          value={codeInput}
          placeholder={t('roomCodePlaceholder')}
          aria-label={t('roomJoinByCode')}
          autoComplete="off"
          onInput={(e) => setCodeInput(e.currentTarget.value)}
        />
        <label>
          {t('roomPasscode')}
          <input
            name="passcode"
            ref={passcodeField}
            type="password"
            value={passcode}
            maxLength={64}
            onInput={(e) => setPasscode(e.currentTarget.value)}
          />
        </label>
        <button type="submit" data-testid="join-room" disabled={busy}>
          {t('roomJoin')}
        </button>
      </form>
      <ErrorNote message={error ?? (snap?.phase === 'error' && snap.error ? t(ROOM_ERROR_KEYS[snap.error]) : null)} />
    </section>
  );
}
