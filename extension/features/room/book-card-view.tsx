import { useState } from 'preact/hooks';
import { safeBookLink, safeCoverUrl } from '../../../shared/cover-hosts';
import type { BookCard } from '../../../shared/schemas/peer-messages';
import { t } from '../../i18n';

/** The book someone shared into the room. Every field is plain text; links are http(s) only (schema-checked). */
export function BookCardView({
  card,
  sharerName,
  onClear,
  onAdd,
}: {
  card: BookCard;
  sharerName: string;
  onClear?: () => void;
  onAdd?: (card: BookCard) => Promise<void>;
}) {
  const [added, setAdded] = useState<'idle' | 'added' | 'failed'>('idle');
  const [coverFailed, setCoverFailed] = useState(false);
  // Checked again on render: only known book-image hosts (shared/cover-hosts.ts), else the placeholder.
  const cover = safeCoverUrl(card.coverUrl);
  const link = safeBookLink(card.url);
  return (
    <article class="book-card" data-testid="book-card">
      {cover && !coverFailed ? (
        <img
          class="book-cover"
          src={cover}
          alt=""
          referrerpolicy="no-referrer"
          loading="lazy"
          onError={() => setCoverFailed(true)}
        />
      ) : (
        <div class="book-cover placeholder" aria-hidden="true">
          {Array.from(card.title)[0]}
        </div>
      )}
      <div class="book-meta">
        <strong class="book-title" data-testid="book-card-title">
          {card.title}
        </strong>
        {card.authors.length > 0 && <span class="muted">{card.authors.join(', ')}</span>}
        {card.publisher && <span class="muted">{card.publisher}</span>}
        <span class="muted small">{t('roomSharedBy', sharerName)}</span>
        <span class="row">
          {link && (
            <a href={link} target="_blank" rel="noopener noreferrer">
              {t('roomOpenBook')}
            </a>
          )}
          {onAdd && (
            <button
              type="button"
              class="link"
              data-testid="card-add-shelf"
              disabled={added === 'added'}
              onClick={() =>
                onAdd(card).then(
                  () => setAdded('added'),
                  () => setAdded('failed'),
                )
              }
            >
              {added === 'added' ? t('chipAdded') : t('chipShelf')}
            </button>
          )}
          {onClear && (
            <button type="button" class="link" onClick={onClear}>
              {t('roomClearCard')}
            </button>
          )}
        </span>
      </div>
    </article>
  );
}
