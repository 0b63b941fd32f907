import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNote } from '../../components/error-note';
import { t } from '../../i18n';
import { platform } from '../../platform/platform';
import {
  getLocalMedia,
  listDevices,
  MediaError,
  type MediaProblem,
  PERM_TEXT,
  queryPermission,
  silentStream,
  watchPermissions,
} from './media';
import { Video } from './video';

type Props = {
  code: string;
  busy: boolean;
  error: string | null;
  onJoin(stream: MediaStream): void;
  /** Back to the lobby (the panel); without it there is no Back button (the web room's one screen). */
  onBack?: () => void;
  /**
   * A camera + microphone request already under way (the web room starts it with the guest's Continue, beside the
   * sign-in): its stream is the first preview. If it failed, the usual checks run and say why.
   */
  earlyStream?: Promise<MediaStream | null> | null;
  /**
   * The web room's one screen (name, passcode): shown beside the preview, and the card becomes a form whose submit
   * (Enter in a field, or Join) joins. The panel passes none and keeps its camera check as it was.
   */
  fields?: ComponentChildren;
  /** The card's heading (default: the camera check's). */
  title?: string;
  /** Join stays disabled (e.g. no name yet) besides while busy or the camera is still starting. */
  joinDisabled?: boolean;
};

const PROBLEM_KEYS = {
  denied: PERM_TEXT.denied,
  'no-device': 'permNoCamera',
  'in-use': 'permInUse',
  unknown: 'permInUse',
} as const;

/**
 * Pre-join: camera and microphone preview with device pickers. The side panel cannot show the browser's
 * permission prompt, so when permission is still "prompt" we open the extension's permission page in a tab
 * and pick the grant up live when it changes.
 */
export function Prejoin({ code, busy, error, onJoin, onBack, earlyStream = null, fields, title, joinDisabled = false }: Props) {
  const [wantVideo, setWantVideo] = useState(true);
  const [wantAudio, setWantAudio] = useState(true);
  const [videoId, setVideoId] = useState<string | undefined>();
  const [audioId, setAudioId] = useState<string | undefined>();
  const [devices, setDevices] = useState<{ audio: MediaDeviceInfo[]; video: MediaDeviceInfo[] }>({ audio: [], video: [] });
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<MediaProblem | null>(null);
  const [needsPrompt, setNeedsPrompt] = useState(false);
  const [cameraOnlyBlocked, setCameraOnlyBlocked] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const streamRef = useRef<MediaStream | null>(null);
  const early = useRef(earlyStream);

  // Pick up a grant made in the permission tab without any click here.
  useEffect(() => {
    let stop = () => {};
    watchPermissions(() => setAttempt((n) => n + 1)).then((s) => {
      stop = s;
    });
    return () => stop();
  }, []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      setProblem(null);
      // The first preview may already be on its way (taken once: a device change asks again).
      const pending = early.current;
      early.current = null;
      const ready = pending ? await pending.catch(() => null) : null;
      if (ready && ready.getTracks().length > 0) {
        if (cancelled) {
          // A newer run (e.g. the permission change this very request caused) takes it.
          early.current = Promise.resolve(ready);
          return;
        }
        streamRef.current = ready;
        setStream(ready);
        setDevices(await listDevices());
        return;
      }
      const [cam, mic] = await Promise.all([queryPermission('camera'), queryPermission('microphone')]);
      // An ordinary tab (the web room) asks in place: getUserMedia shows the browser's prompt.
      const prompt =
        platform().openPermissionPage !== null && ((wantVideo && cam === 'prompt') || (wantAudio && mic === 'prompt'));
      setNeedsPrompt(prompt);
      if (prompt) return;
      // Known to be blocked: say so (and how to unblock) without asking the browser for a stream.
      if ((wantVideo && cam === 'denied') || (wantAudio && mic === 'denied')) {
        setCameraOnlyBlocked(cam === 'denied' && mic !== 'denied');
        setProblem('denied');
        return;
      }
      try {
        const next = await getLocalMedia({ audio: wantAudio, video: wantVideo, audioId, videoId });
        if (cancelled) {
          for (const tr of next.getTracks()) tr.stop();
          return;
        }
        for (const tr of streamRef.current?.getTracks() ?? []) tr.stop();
        streamRef.current = next;
        setStream(next);
        setDevices(await listDevices());
      } catch (err) {
        if (!cancelled) setProblem(err instanceof MediaError ? err.problem : 'unknown');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [wantVideo, wantAudio, videoId, audioId, attempt]);

  // Stop the preview when this screen goes away without joining.
  useEffect(
    () => () => {
      const s = streamRef.current;
      if (s && !joinedRef.current) for (const tr of s.getTracks()) tr.stop();
      // An early stream nobody took (the screen left before it arrived): stopped too.
      early.current?.then((e) => {
        if (e && e !== streamRef.current) for (const tr of e.getTracks()) tr.stop();
      });
    },
    [],
  );
  const joinedRef = useRef(false);

  function join(s: MediaStream) {
    joinedRef.current = true;
    onJoin(s);
  }

  const streamReady = stream !== null || (!wantAudio && !wantVideo);
  // The one screen (fields): Join may be pressed while the camera is still starting; it joins as soon as the
  // preview is there (or stops if the camera fails, and the problem shows). The panel's check waits for the preview.
  const [joinPending, setJoinPending] = useState(false);
  const canJoin = !busy && !joinDisabled && !joinPending && (streamReady || (fields !== undefined && !problem));
  const joinWith = () => join(stream && stream.getTracks().length > 0 ? stream : silentStream());
  useEffect(() => {
    if (!joinPending) return;
    if (streamReady) {
      setJoinPending(false);
      joinWith();
    } else if (problem) setJoinPending(false);
  }, [joinPending, streamReady, problem]);
  const preview = (
    <>
      <div class="preview">
        {stream && stream.getVideoTracks().length > 0 ? <Video stream={stream} muted mirrored /> : <div class="avatar">🎧</div>}
      </div>
      {needsPrompt && (
        <div class="notice" data-testid="perm-needed">
          <p>{t(PERM_TEXT.ask)}</p>
          <button type="button" class="primary" onClick={() => platform().openPermissionPage?.()}>
            {t('permAllow')}
          </button>
        </div>
      )}
      {problem && (
        <div class="notice" data-testid="perm-problem" data-problem={problem}>
          <ErrorNote message={t(PROBLEM_KEYS[problem])} />
          {(problem === 'no-device' || (problem === 'denied' && cameraOnlyBlocked)) && wantVideo && (
            <button type="button" onClick={() => setWantVideo(false)}>
              {t('permMicOnly')}
            </button>
          )}
          <button type="button" data-testid="listen-only" onClick={() => join(silentStream())}>
            {t('permListenOnly')}
          </button>
        </div>
      )}
    </>
  );
  const deviceControls = (
    <>
      <label class="inline">
        <input type="checkbox" checked={wantVideo} onChange={(e) => setWantVideo(e.currentTarget.checked)} />
        {t('prejoinUseCamera')}
      </label>
      {devices.video.length > 1 && (
        <label>
          {t('prejoinCamera')}
          <select value={videoId} onChange={(e) => setVideoId(e.currentTarget.value)}>
            {devices.video.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || d.deviceId.slice(0, 8)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="inline">
        <input type="checkbox" checked={wantAudio} onChange={(e) => setWantAudio(e.currentTarget.checked)} />
        {t('prejoinUseMicrophone')}
      </label>
      {devices.audio.length > 1 && (
        <label>
          {t('prejoinMicrophone')}
          <select value={audioId} onChange={(e) => setAudioId(e.currentTarget.value)}>
            {devices.audio.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || d.deviceId.slice(0, 8)}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
  const actions = (
    <>
      <ErrorNote message={error} />
      <div class="row">
        {onBack && (
          <button type="button" onClick={onBack}>
            {t('prejoinBack')}
          </button>
        )}
        <button
          type={fields ? 'submit' : 'button'}
          class="primary"
          data-testid="join-now"
          disabled={!canJoin}
          onClick={fields ? undefined : joinWith}
        >
          {busy || joinPending ? t('roomJoining') : t('prejoinJoinNow', `${code.slice(0, 3)}-${code.slice(3)}`)}
        </button>
      </div>
    </>
  );
  if (fields === undefined) {
    return (
      <section class="card prejoin" data-testid="prejoin">
        <h2>{title ?? t('prejoinTitle')}</h2>
        {preview}
        {deviceControls}
        {actions}
      </section>
    );
  }
  // One screen (the web room): the preview beside the fields (on a phone: the preview, the name, Join, then the
  // device settings); Enter in a field or Join submits.
  return (
    <form
      class="card prejoin prejoin-lobby"
      data-testid="prejoin"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!canJoin) return;
        if (streamReady) joinWith();
        else setJoinPending(true);
      }}
    >
      <h2>{title ?? t('prejoinTitle')}</h2>
      <div class="prejoin-media">{preview}</div>
      <div class="prejoin-side">
        {fields}
        {actions}
      </div>
      <div class="prejoin-devices">{deviceControls}</div>
    </form>
  );
}
