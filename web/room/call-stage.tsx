import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../../extension/components/error-note';
import { CallView } from '../../extension/features/room/call-view';
import { Prejoin } from '../../extension/features/room/prejoin';
import { ROOM_ERROR_KEYS, roomErrorText } from '../../extension/features/room/room-errors';
import type { LevelSource } from '../../extension/features/room/room-session';
import {
  currentRoom,
  discardWarmPeer,
  enterRoom,
  leaveRoom,
  prewarmPeer,
  useCurrentRoom,
  useRoomSnapshot,
} from '../../extension/features/room/room-store';
import { RoomsApiError } from '../../extension/features/room/rooms-client';
import { t } from '../../extension/i18n';
import {
  blockedMedia,
  cameraTrack,
  type Facing,
  hasSeveralCameras,
  keepCallAlive,
  lockedScreenAudio,
  otherFacing,
} from './phone';
import type { WebRoomEvent, WebRoomState } from './web-room-state';

type User = Parameters<typeof prewarmPeer>[0];

/** Guests see no levels: they come from Firestore, which the web room leaves out of the call (size, and no account). */
const noLevels: LevelSource = { watch: () => () => {} };

/** The camera check (the side panel's Prejoin) and the call (its CallView) for a guest. */
export function WebCall({
  state,
  user,
  name,
  dispatch,
  takeEarly,
}: {
  state: Extract<WebRoomState, { step: 'prejoin' | 'call' }>;
  user: User;
  name: string;
  dispatch(e: WebRoomEvent): void;
  /** The camera request started with Continue (taken once, by the first camera check). */
  takeEarly(): Promise<MediaStream | null> | null;
}) {
  const [earlyStream] = useState(takeEarly);
  // On the camera check, open the signalling socket ahead of the click, as the side panel does (room-store.ts).
  const prejoin = state.step === 'prejoin';
  useEffect(() => {
    if (!prejoin) return;
    prewarmPeer(user, state.code);
    return () => {
      if (!currentRoom()) discardWarmPeer();
    };
  }, [prejoin, user, state.code]);
  if (state.step === 'prejoin') {
    return (
      <Prejoin
        code={state.code}
        busy={state.busy}
        error={state.error ? ('key' in state.error ? t(state.error.key) : state.error.text) : null}
        earlyStream={earlyStream}
        onBack={() => dispatch({ type: 'back' })}
        onJoin={async (stream) => {
          dispatch({ type: 'joining' });
          try {
            await enterRoom(
              user,
              { uid: user.uid, displayName: name, level: null },
              stream,
              state.code,
              state.passcode ?? undefined,
              {
                levels: noLevels,
              },
            );
            dispatch({ type: 'joined' });
          } catch (err) {
            const passcodeWrong = err instanceof RoomsApiError && (err.code === 'wrong_passcode' || err.code === 'room_locked');
            dispatch({ type: 'join-failed', error: { text: roomErrorText(err) }, passcodeWrong });
          }
        }}
      />
    );
  }
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
