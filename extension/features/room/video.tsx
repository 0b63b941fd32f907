import { useEffect, useRef } from 'preact/hooks';

/** A <video> bound to a MediaStream (srcObject cannot be set as an attribute). */
export function Video({
  stream,
  muted = false,
  mirrored = false,
  testId,
}: {
  stream: MediaStream | null;
  muted?: boolean;
  mirrored?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (stream) el.play().catch(() => {});
  }, [stream]);
  return <video ref={ref} autoPlay playsInline muted={muted} class={mirrored ? 'mirrored' : undefined} data-testid={testId} />;
}
