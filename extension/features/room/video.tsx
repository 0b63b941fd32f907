import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A <video> bound to a MediaStream (srcObject cannot be set as an attribute). `hidden` keeps it playing
 * (a remote stream carries the voice too) but out of sight and out of the layout, e.g. with the camera off.
 * `onFirstFrame` is called once the element has the stream's current frame (`loadeddata`: readyState ≥ 2),
 * which is what the call view waits for before doing anything the call itself does not need (join-settle.ts).
 */
export function Video({
  stream,
  muted = false,
  mirrored = false,
  hidden = false,
  testId,
  onFirstFrame,
}: {
  stream: MediaStream | null;
  muted?: boolean;
  mirrored?: boolean;
  hidden?: boolean;
  testId?: string;
  onFirstFrame?: () => void;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  const firstFrame = useRef(onFirstFrame);
  firstFrame.current = onFirstFrame;
  // Attached as the element is committed, not after the next paint (useEffect waits for a frame, up to
  // 35 ms, and longer on a busy main thread): the first remote frame can be decoded that much sooner.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (!stream) return;
    el.play().catch(() => {});
    const shown = () => firstFrame.current?.();
    if (el.readyState >= 2) {
      shown();
      return;
    }
    el.addEventListener('loadeddata', shown, { once: true });
    return () => el.removeEventListener('loadeddata', shown);
  }, [stream]);
  const classes = [mirrored && 'mirrored', hidden && 'offstage'].filter(Boolean).join(' ');
  return (
    <video
      ref={ref}
      autoPlay
      playsInline
      muted={muted}
      class={classes || undefined}
      aria-hidden={hidden || undefined}
      data-testid={testId}
    />
  );
}
