import { t } from '../i18n';
import { charCountState } from './char-count';

/**
 * "n / max" beside a text field once the text nears its limit, and a warning read out to screen readers at
 * and past the limit. Pair it with a field that does NOT cut the text (no `maxLength`), and refuse to save
 * while `withinLimit` is false, so nothing is ever shortened without the writer seeing it:
 *
 *   <textarea aria-describedby="bio-count" … />
 *   <CharCounter id="bio-count" value={bio} max={280} />
 */
export function CharCounter({ value, max, id }: { value: string; max: number; id?: string }) {
  const s = charCountState(value, max);
  return (
    <p class={`char-counter ${s.level}`} id={id} data-testid="char-counter" data-level={s.level}>
      {s.visible && (
        <span class="char-count" aria-hidden="true">
          {t('charCount', [String(s.count), String(s.max)])}
        </span>
      )}
      <span class={s.level === 'at' || s.level === 'over' ? 'char-warning' : 'visually-hidden'} role="status" aria-live="polite">
        {s.level === 'over'
          ? t('charLimitOver', [String(s.over), String(s.max)])
          : s.level === 'at'
            ? t('charLimitReached', String(s.max))
            : ''}
      </span>
    </p>
  );
}
