/**
 * Inline SVG icons (no emoji: a system without an emoji font shows an empty box). Each icon draws with
 * `currentColor` at 1em, so it takes the size and colour of the text around it. Icons are decorative
 * (hidden from screen readers): the element around one carries the words, e.g.
 * `<span role="img" aria-label={t('roomMuted')}><MicOffIcon /></span>`.
 */
type IconProps = { class?: string };

function Svg({ class: className, children }: IconProps & { children: preact.ComponentChildren }) {
  return (
    <svg
      class={`icon${className ? ` ${className}` : ''}`}
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      focusable="false"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

/** A microphone struck through: muted. */
export function MicOffIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M9 9v3a3 3 0 0 0 5.12 2.12M15 9.34V5a3 3 0 0 0-5.94-.6" />
      <path d="M17 16.95A7 7 0 0 1 5 12v-2m14 0v2a7 7 0 0 1-.11 1.23" />
      <path d="M12 19v3m-4 0h8" />
      <path d="M2 2l20 20" />
    </Svg>
  );
}

/** A video camera struck through: camera off or gone. */
export function CameraOffIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M10.66 6H14a2 2 0 0 1 2 2v2.34l1 1L22 8v8" />
      <path d="M16 16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h2" />
      <path d="M2 2l20 20" />
    </Svg>
  );
}
