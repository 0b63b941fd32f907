import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../../extension/components/error-note';
import { CallView } from '../../extension/features/room/call-view';
import { ROOM_ERROR_KEYS, roomErrorText } from '../../extension/features/room/room-errors';
import type { LevelSource } from '../../extension/features/room/room-session';
import {
  currentRoom,
  discardWarmPeer,
  enterRoom,
  leaveRoom,
  prewarmPeer,
  roomsClientFor,
  useCurrentRoom,
  useRoomSnapshot,
} from '../../extension/features/room/room-store';
import { RoomsApiError } from '../../extension/features/room/rooms-client';
import { t } from '../../extension/i18n';
import { type EarlyJoin, withEarlyJoin } from './early-join';
import {
  blockedMedia,
  cameraTrack,
  type Facing,
  hasSeveralCameras,
  keepCallAlive,
  lockedScreenAudio,
  otherFacing,
} from './phone';
import type { WebRoomEvent } from './web-room-state';

type User = Parameters<typeof prewarmPeer>[0];

/** Guests see no levels: they come from Firestore, which the web room leaves out of the call (size, and no account). */
const noLevels: LevelSource = { watch: () => () => {} };

/**
 * Open the signalling socket as soon as the guest is signed in (while they type), as the side panel does on its
 * camera check (room-store.ts), so Join costs the rooms API join and the calls only.
 */
export function prewarm(user: User, code: string): void {
  prewarmPeer(user, code);
}

/** The lobby went away without joining (the page stays): close the early socket. */
export function dropWarm(): void {
  if (!currentRoom()) discardWarmPeer();
}

export type JoinOutcome =
  | { ok: true }
  /** `passcode`: refused for the passcode (none given, a wrong one, or the room's attempts paused). */
  | { ok: false; text: string; passcode: boolean };

/**
 * Join `code` with `stream`: the rooms API join and the calls (room-store's enterRoom, the panel's own). On a refusal
 * the stream's tracks are stopped (enterRoom does), so the lobby passes a clone and keeps its preview.
 */
export async function joinCall(
  user: User,
  name: string,
  stream: MediaStream,
  code: string,
  passcode: string | null,
  /** The same join, already sent by the page (early-join.ts): its answer is the engine's. */
  early: EarlyJoin | null = null,
): Promise<JoinOutcome> {
  try {
    const rooms = roomsClientFor(user, withEarlyJoin(early));
    await enterRoom(user, { uid: user.uid, displayName: name, level: null }, stream, code, passcode ?? undefined, {
      levels: noLevels,
      rooms,
    });
    return { ok: true };
  } catch (err) {
    const refusedFor = err instanceof RoomsApiError ? err.code : null;
    const passcodeRefused = refusedFor === 'wrong_passcode' || refusedFor === 'room_locked';
    // No passcode given to a room that needs one: say so plainly (not "wrong passcode").
    const text = refusedFor === 'wrong_passcode' && !passcode ? t('errPasscodeRequired') : roomErrorText(err);
    // The socket opened ahead went with the failed session: open another for the next try.
    prewarmPeer(user, code);
    return { ok: false, text, passcode: passcodeRefused };
  }
}

/** The call for a guest: the side panel's CallView, with the phone's extras. */
export function WebCall({ name, dispatch }: { name: string; dispatch(e: WebRoomEvent): void }) {
  return <InCall name={name} dispatch={dispatch} />;
}

function InCall({ name, dispatch }: { name: string; dispatch(e: WebRoomEvent): void }) {
  const current = useCurrentRoom();
  const snap = useRoomSnapshot(current?.session ?? null);
  const [, setFacingVersion] = useState(0);
  const [ended, setEnded] = useState<string | null>(null);
  // Left (the Leave button) or ended by the room (replaced in another tab, refused): the page says so.
  useEffect(() => {
    if (!current) dispatch({ type: 'left' });
  }, [current]);
  useEffect(() => {
    if (snap?.phase === 'error') {
      setEnded(snap.error ? t(ROOM_ERROR_KEYS[snap.error]) : t('errServerUnreachable'));
      void leaveRoom();
    }
  }, [snap?.phase]);
  useEffect(() => keepCallAlive(t('webTitle'), () => void leaveRoom()), []);
  if (ended) return <ErrorNote message={ended} />;
  if (!current || !snap) return null;
  return (
    <>
      <SoundGate />
      {lockedScreenAudio(navigator.userAgent, navigator.maxTouchPoints) === 'may-stop' && (
        <p class="notice" role="note" data-testid="web-lock-notice">
          {t('webLockNotice')}
        </p>
      )}
      <CallView
        session={current.session}
        snap={snap}
        localStream={current.stream}
        selfName={name}
        selfLevel={null}
        onAddCard={null}
        guest
        extraControls={
          <FacingToggle
            stream={current.stream}
            replace={(track) => current.session.replaceVideoTrack(track)}
            onFlipped={() => setFacingVersion((n) => n + 1)}
          />
        }
      />
    </>
  );
}

/** Front ↔ back camera, only where the device has more than one camera and the guest sends video. */
function FacingToggle({
  stream,
  replace,
  onFlipped,
}: {
  stream: MediaStream;
  replace(track: MediaStreamTrack): Promise<void>;
  onFlipped(): void;
}) {
  const [several, setSeveral] = useState(false);
  const [facing, setFacing] = useState<Facing>('user');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    hasSeveralCameras().then(setSeveral);
  }, []);
  if (!several || stream.getVideoTracks().length === 0) return null;
  const next = otherFacing(facing);
  return (
    <button
      type="button"
      data-testid="web-flip-camera"
      data-facing={facing}
      disabled={busy}
      aria-label={`${t('webFlipCamera')}: ${t(next === 'user' ? 'webFlipCameraFront' : 'webFlipCameraBack')}`}
      onClick={async () => {
        setBusy(true);
        try {
          // The old track is stopped first: many phones cannot open both cameras at once.
          for (const tr of stream.getVideoTracks()) tr.stop();
          const track = await cameraTrack(next);
          if (track) {
            await replace(track);
            setFacing(next);
            onFlipped();
          }
        } catch {
          // The other camera could not start: try the one we had.
          const back = await cameraTrack(facing).catch(() => null);
          if (back) await replace(back);
          onFlipped();
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('webFlipCamera')}
    </button>
  );
}

/**
 * Safari (and any browser's autoplay policy without a gesture on the page) keeps remote audio paused until a tap:
 * a button that plays every paused remote <video>, shown only while one is blocked.
 */
function SoundGate() {
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    const id = setInterval(() => setBlocked(blockedMedia().length > 0), 1000);
    return () => clearInterval(id);
  }, []);
  if (!blocked) return null;
  return (
    <button
      type="button"
      class="primary sound-gate"
      data-testid="web-tap-for-sound"
      onClick={() => {
        for (const v of blockedMedia()) v.play().catch(() => {});
        setBlocked(false);
      }}
    >
      {t('webTapForSound')}
    </button>
  );
}
