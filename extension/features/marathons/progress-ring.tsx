import { t } from '../../i18n';

/** A progress ring (SVG) with the share as its accessible name; `size` in CSS pixels. */
export function ProgressRing({ share, size = 96, label }: { share: number; size?: number; label?: string }) {
  const clamped = Math.min(1, Math.max(0, share));
  const stroke = Math.max(4, Math.round(size / 10));
  const r = (size - stroke) / 2;
  const c = 2 * Math.PI * r;
  const percent = Math.round(clamped * 100);
  return (
    <svg
      class="marathon-ring"
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={t('marathonProgressLabel', String(percent))}
      data-testid="marathon-ring"
      data-percent={percent}
    >
      <circle cx={size / 2} cy={size / 2} r={r} fill="none" stroke="var(--line)" stroke-width={stroke} />
      <circle
        cx={size / 2}
        cy={size / 2}
        r={r}
        fill="none"
        stroke="var(--accent)"
        stroke-width={stroke}
        stroke-linecap="round"
        stroke-dasharray={`${c * clamped} ${c}`}
        transform={`rotate(-90 ${size / 2} ${size / 2})`}
      />
      <text x="50%" y="50%" dominant-baseline="central" text-anchor="middle" class="marathon-ring-text">
        {label ?? `${percent}%`}
      </text>
    </svg>
  );
}
