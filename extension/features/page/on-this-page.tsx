import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { DetectedBook } from '../../../shared/schemas/detected-book';
import { t } from '../../i18n';
import type { ActionStatus } from '../../utils/book-action';
import { useActiveTabState } from './use-active-tab';

const STATUS_KEYS = {
  shared: 'chipShared',
  added: 'chipAdded',
  'already-on-shelf': 'chipAlreadyOnShelf',
  'no-room': 'chipNoRoom',
  'needs-sign-in': 'chipNeedsSignIn',
  'needs-panel': 'chipOpenPanel',
  error: 'chipFailed',
} as const;

/** "On this page": the book in the active tab, with the same two actions as the chip. */
export function OnThisPage({
  onShare,
  onShelf,
}: {
  onShare(book: DetectedBook): ActionStatus;
  onShelf(book: DetectedBook): Promise<ActionStatus>;
}) {
  const { tabId, state } = useActiveTabState();
  const [status, setStatus] = useState<ActionStatus | null>(null);
  const [hint, setHint] = useState(false);
  const book = state?.book ?? null;

  async function detectHere() {
    if (tabId === null) return;
    try {
      await browser.scripting.executeScript({ target: { tabId }, files: ['/content-scripts/book.js'] });
    } catch {
      setHint(true);
    }
  }

  return (
    <section class={`card on-page${book ? '' : ' compact'}`} data-testid="on-this-page" aria-label={t('pageTitle')}>
      {book && <h2>{t('pageTitle')}</h2>}
      {book ? (
        <>
          <div class="book-meta">
            <strong class="book-title" data-testid="page-book-title">
              {book.title}
            </strong>
            <span class="muted">{book.authors.join(', ')}</span>
          </div>
          <div class="row">
            <button type="button" class="primary" data-testid="page-share" onClick={() => setStatus(onShare(book))}>
              {t('chipShare')}
            </button>
            <button type="button" data-testid="page-shelf" onClick={async () => setStatus(await onShelf(book))}>
              {t('chipShelf')}
            </button>
          </div>
          {status && (
            <p class="muted small" role="status">
              {t(STATUS_KEYS[status], '')}
            </p>
          )}
        </>
      ) : (
        <>
          <p class="row muted small">
            <span>{t('pageNoBook')}</span>
            <button type="button" class="link small" onClick={detectHere}>
              {t('pageDetect')}
            </button>
          </p>
          {hint && <p class="muted small">{t('pageDetectHint')}</p>}
        </>
      )}
    </section>
  );
}
