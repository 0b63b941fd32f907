import { useEffect, useState } from 'preact/hooks';
import { CameraOffIcon } from '../../components/icons';
import { t } from '../../i18n';
import { getLocalMedia, listDevices, MediaError, type MediaProblem, PERM_TEXT } from './media';
import type { RoomSession } from './room-session';

/**
 * A camera that ends mid-call (unplugged, permission withdrawn, taken by the system): the reader is told,
 * the room hears "camera off" (so nobody stares at a frozen or black tile), and the reader can pick a camera
 * again; the new track replaces the old one in every call without redialling. The watch lives as long as
 * the call, not the view, so an unplug while the Shelf tab shows is caught too.
 */
type CameraState = { stream: MediaStream; ended: boolean };
let state: CameraState | null = null;
/** Per call stream: how to watch a track put in later (a camera picked again). */
const watchers = new WeakMap<MediaStream, (track: MediaStreamTrack) => void>();
const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};

/** Watch the call's local video tracks; called once per call by the room store. */
export function watchLocalCamera(session: Pick<RoomSession, 'setCameraOff'>, stream: MediaStream) {
  state = { stream, ended: false };
  const watch = (track: MediaStreamTrack) => {
    const onEnded = () => {
      if (state?.stream !== stream || !stream.getVideoTracks().includes(track)) return;
      state = { stream, ended: true };
      session.setCameraOff(true);
      notify();
    };
    // (Optional call: the store's unit tests hand in plain track-like objects.)
    track.addEventListener?.('ended', onEnded, { once: true });
    // Ended before we looked (the view was not there to see it).
    if (track.readyState === 'ended') onEnded();
  };
  for (const track of stream.getVideoTracks()) watch(track);
  watchers.set(stream, watch);
  notify();
}

const PROBLEM_KEYS = {
  denied: PERM_TEXT.denied,
  'no-device': 'roomCameraNone',
  'in-use': 'permInUse',
  unknown: 'permInUse',
} as const;

export type CameraRecoveryState = {
  ended: boolean;
  busy: boolean;
  problem: MediaProblem | null;
  cameras: MediaDeviceInfo[];
  cameraId: string | undefined;
  pick(id: string | undefined): void;
  restart(): void;
};

export function useCameraEnded(
  session: Pick<RoomSession, 'setCameraOff' | 'replaceVideoTrack'>,
  stream: MediaStream,
): CameraRecoveryState {
  const [, setTick] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MediaProblem | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [cameraId, setCameraId] = useState<string | undefined>();
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  const ended = state?.stream === stream && state.ended;
  useEffect(() => {
    if (!ended) return;
    listDevices().then((d) => setCameras(d.video));
  }, [ended]);

  async function restart() {
    setBusy(true);
    setProblem(null);
    try {
      const fresh = await getLocalMedia({ audio: false, video: true, videoId: cameraId });
      const track = fresh.getVideoTracks()[0];
      if (!track) throw new MediaError('no-device', 'no video track');
      await session.replaceVideoTrack(track);
      watchers.get(stream)?.(track);
      state = { stream, ended: false };
      session.setCameraOff(false);
      notify();
    } catch (err) {
      setProblem(err instanceof MediaError ? err.problem : 'unknown');
      listDevices().then((d) => setCameras(d.video));
    } finally {
      setBusy(false);
    }
  }

  return { ended, busy, problem, cameras, cameraId, pick: setCameraId, restart: () => void restart() };
}

/** The notice in the call when the camera has ended: what happened, and a way back. */
export function CameraRecovery({ camera }: { camera: CameraRecoveryState }) {
  if (!camera.ended) return null;
  return (
    <div class="notice camera-ended" role="alert" data-testid="camera-ended">
      <p class="camera-ended-text">
        <CameraOffIcon />
        <span>{t('roomCameraEnded')}</span>
      </p>
      {camera.problem && <p class="error">{t(PROBLEM_KEYS[camera.problem])}</p>}
      <div class="row">
        {camera.cameras.length > 1 && (
          <select
            aria-label={t('prejoinCamera')}
            value={camera.cameraId ?? ''}
            onChange={(e) => camera.pick(e.currentTarget.value)}
          >
            {camera.cameras.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || t('roomCameraNumber', String(i + 1))}
              </option>
            ))}
          </select>
        )}
        <button type="button" class="primary" data-testid="camera-restart" disabled={camera.busy} onClick={camera.restart}>
          {t('roomCameraRestart')}
        </button>
      </div>
    </div>
  );
}
