import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A <video> bound to a MediaStream (srcObject cannot be set as an attribute). `hidden` keeps it playing
 * (a remote stream carries the voice too) but out of sight and out of the layout, e.g. with the camera off.
 */
export function Video({
  stream,
  muted = false,
  mirrored = false,
  hidden = false,
  testId,
}: {
  stream: MediaStream | null;
  muted?: boolean;
  mirrored?: boolean;
  hidden?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  // Attached as the element is committed, not after the next paint (useEffect waits for a frame, up to
  // 35 ms, and longer on a busy main thread): the first remote frame can be decoded that much sooner.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (stream) el.play().catch(() => {});
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
