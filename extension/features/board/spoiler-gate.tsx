import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { type Progress, spoilerState } from './spoiler';

/**
 * Wraps a post's or comment's text: collapsed under "spoiler, p. N" with "show anyway" while the viewing
 * reader is below that page; it opens by itself as soon as their progress passes it (`progress` is live).
 */
export function SpoilerGate({
  spoilerPage,
  progress,
  viewerIsAuthor = false,
  children,
}: {
  spoilerPage: number | null;
  progress: Progress;
  viewerIsAuthor?: boolean;
  children: ComponentChildren;
}) {
  const [shown, setShown] = useState(false);
  const state = spoilerState(spoilerPage, progress, { viewerIsAuthor });
  if (state === 'open' || shown) return <>{children}</>;
  return (
    <div class="spoiler" data-testid="spoiler" data-page={String(spoilerPage)}>
      <p class="spoiler-label">{t('boardSpoilerCollapsed', String(spoilerPage))}</p>
      <button type="button" class="link" data-testid="spoiler-show" onClick={() => setShown(true)}>
        {t('boardSpoilerShow')}
      </button>
    </div>
  );
}
