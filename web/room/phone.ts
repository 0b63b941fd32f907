/**
 * Phones: the camera facing toggle, sound that keeps playing with the screen locked where the browser allows,
 * and the gesture Safari (and other autoplay policies) need before a call's audio plays.
 */

export type Facing = 'user' | 'environment';

/** Whether to offer the facing toggle: only where the device has more than one camera. */
export async function hasSeveralCameras(
  devices: Pick<MediaDevices, 'enumerateDevices'> = navigator.mediaDevices,
): Promise<boolean> {
  const all = await devices.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
  return all.filter((d) => d.kind === 'videoinput').length > 1;
}

/** A video track from the other camera (front ↔ back), by facingMode (ideal: a desktop with two webcams switches too). */
export async function cameraTrack(
  facing: Facing,
  media: Pick<MediaDevices, 'getUserMedia'> = navigator.mediaDevices,
): Promise<MediaStreamTrack | null> {
  const stream = await media.getUserMedia({
    video: { facingMode: { ideal: facing }, width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } },
  });
  return stream.getVideoTracks()[0] ?? null;
}

export const otherFacing = (facing: Facing): Facing => (facing === 'user' ? 'environment' : 'user');

/**
 * What this browser does with a call's sound when the screen locks. iOS Safari (and iOS browsers, which are all
 * WebKit) suspend a page's WebRTC audio in the background; Android Chrome keeps playing media that is playing.
 * `keeps`: say nothing; `may-stop`: tell the guest to keep the screen on (we still ask for a wake lock).
 */
export function lockedScreenAudio(userAgent: string, maxTouchPoints: number): 'keeps' | 'may-stop' {
  const iOS = /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
  return iOS ? 'may-stop' : 'keeps';
}

/**
 * Keep the call going on a phone: a screen wake lock while the page is visible (re-taken when it comes back),
 * and a Media Session entry so the lock screen shows the room and its controls hang up. Returns a stop function.
 */
export function keepCallAlive(title: string, onHangUp: () => void): () => void {
  let lock: { release(): Promise<void> } | null = null;
  const wakeLock = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } })
    .wakeLock;
  const take = () => {
    if (!wakeLock || document.visibilityState !== 'visible') return;
    wakeLock.request('screen').then(
      (l) => {
        lock = l;
      },
      () => {},
    );
  };
  take();
  document.addEventListener('visibilitychange', take);
  const session = 'mediaSession' in navigator ? navigator.mediaSession : null;
  if (session) {
    try {
      session.metadata = new MediaMetadata({ title, artist: 'Chaekbang' });
      session.setActionHandler('hangup' as MediaSessionAction, onHangUp);
    } catch {
      // Older browsers: no metadata or no "hangup" action; the call goes on.
    }
  }
  return () => {
    document.removeEventListener('visibilitychange', take);
    lock?.release().catch(() => {});
    if (session) {
      try {
        session.setActionHandler('hangup' as MediaSessionAction, null);
        session.metadata = null;
      } catch {}
    }
  };
}

/** True when some remote <video> on the page is paused by the autoplay policy (Safari: no gesture yet). */
export function blockedMedia(root: ParentNode = document): HTMLVideoElement[] {
  return [...root.querySelectorAll('video')].filter((v) => v.paused && v.srcObject !== null && !v.muted);
}
