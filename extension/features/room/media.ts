/**
 * Local camera and microphone. A Chrome side panel cannot show the permission prompt (the request is
 * refused without asking), so the panel checks the permission state and, when it is "prompt", opens the
 * extension's permission page in a tab; the grant then holds for the extension's origin and the panel
 * picks it up live through the Permissions API.
 */
export type MediaProblem = 'denied' | 'no-device' | 'in-use' | 'unknown';

/**
 * The permission explanations, pointed at the browser's own places: Firefox has a sidebar (not a side panel),
 * its own settings page, and keeps a grant only for the asking tab unless "Remember this decision" is ticked.
 */
export const PERM_TEXT = import.meta.env.FIREFOX
  ? ({ ask: 'permAskFirefox', denied: 'permDeniedFirefox', page: 'permPageBodyFirefox' } as const)
  : ({ ask: 'permAsk', denied: 'permDenied', page: 'permPageBody' } as const);
export type PermissionState = 'granted' | 'denied' | 'prompt' | 'unknown';

export class MediaError extends Error {
  override name = 'MediaError';
  constructor(
    readonly problem: MediaProblem,
    message: string,
  ) {
    super(message);
  }
}

export function classifyMediaError(err: unknown): MediaProblem {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') return 'no-device';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'in-use';
  return 'unknown';
}

export async function queryPermission(kind: 'camera' | 'microphone'): Promise<PermissionState> {
  try {
    const status = await navigator.permissions.query({ name: kind as PermissionName });
    return status.state;
  } catch {
    return 'unknown';
  }
}

/** Call `onChange` whenever the camera or microphone permission changes (e.g. granted in the permission tab). */
export async function watchPermissions(onChange: () => void): Promise<() => void> {
  const statuses: PermissionStatus[] = [];
  for (const name of ['camera', 'microphone']) {
    try {
      const status = await navigator.permissions.query({ name: name as PermissionName });
      status.addEventListener('change', onChange);
      statuses.push(status);
    } catch {
      // Firefox has no "camera"/"microphone" permission names: the caller falls back to retrying getUserMedia.
    }
  }
  return () => {
    for (const s of statuses) s.removeEventListener('change', onChange);
  };
}

export type DeviceChoice = { audioId?: string | undefined; videoId?: string | undefined; audio: boolean; video: boolean };

export async function getLocalMedia(choice: DeviceChoice): Promise<MediaStream> {
  if (!choice.audio && !choice.video) return new MediaStream();
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: choice.audio ? (choice.audioId ? { deviceId: { exact: choice.audioId } } : true) : false,
      video: choice.video
        ? {
            ...(choice.videoId ? { deviceId: { exact: choice.videoId } } : {}),
            width: { ideal: 640 },
            height: { ideal: 360 },
            frameRate: { ideal: 24 },
          }
        : false,
    });
  } catch (err) {
    throw new MediaError(classifyMediaError(err), err instanceof Error ? err.message : String(err));
  }
}

export async function listDevices(): Promise<{ audio: MediaDeviceInfo[]; video: MediaDeviceInfo[] }> {
  const all = await navigator.mediaDevices.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
  return { audio: all.filter((d) => d.kind === 'audioinput'), video: all.filter((d) => d.kind === 'videoinput') };
}

/**
 * PeerJS needs a stream to place a call. A reader who listens only (no microphone, no camera) sends a
 * silent audio track so the call still carries the others' media back.
 */
export function silentStream(): MediaStream {
  const ctx = new AudioContext();
  const dest = ctx.createMediaStreamDestination();
  const gain = ctx.createGain();
  gain.gain.value = 0;
  const osc = ctx.createOscillator();
  osc.connect(gain).connect(dest);
  osc.start();
  return dest.stream;
}

let sharedContext: AudioContext | null = null;
/** One AudioContext for every meter: creating one per stream is costly just as a call's streams arrive. */
function audioContext(): AudioContext {
  if (!sharedContext || sharedContext.state === 'closed') sharedContext = new AudioContext();
  return sharedContext;
}

/** Audio level (0..1) of a stream's first audio track, sampled on demand, for the active-speaker highlight. */
export function levelMeter(stream: MediaStream): { level(): number; stop(): void } {
  if (stream.getAudioTracks().length === 0) return { level: () => 0, stop: () => {} };
  const ctx = audioContext();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const data = new Uint8Array(analyser.fftSize);
  return {
    level() {
      analyser.getByteTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += ((v - 128) / 128) ** 2;
      return Math.sqrt(sum / data.length);
    },
    stop() {
      source.disconnect();
      analyser.disconnect();
    },
  };
}
