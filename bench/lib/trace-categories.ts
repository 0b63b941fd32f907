/**
 * Chrome trace categories for the benches' page traces (bench:web-room BENCH_CHROME_TRACE, bench:room
 * BENCH_MEMBER_TRACE): the renderer's tasks, style/layout/paint, V8 (compile included), loading, mojo and IPC,
 * WebRTC, media and audio.
 */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.compile',
  'blink',
  'loading',
  'toplevel',
  'mojom',
  'ipc',
  'webrtc',
  'media',
  'audio',
];
