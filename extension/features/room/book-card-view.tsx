import { useState } from 'preact/hooks';
import { safeBookLink, safeCoverUrl } from '../../../shared/cover-hosts';
import type { BookCard } from '../../../shared/schemas/peer-messages';
import { BookCover } from '../../components/book-cover';
import { t } from '../../i18n';
import { BookRatingBadge } from '../board/book-rating';
import type { AddOutcome } from '../page/add-to-shelf';

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
  onAdd?: (card: BookCard) => Promise<AddOutcome>;
}) {
  const [added, setAdded] = useState<'idle' | AddOutcome | 'failed'>('idle');
  const link = safeBookLink(card.url);
  return (
    <article class="book-card" data-testid="book-card">
      {/* Checked again on render: only known book-image hosts (shared/cover-hosts.ts), else the placeholder. */}
      <BookCover class="book-cover" url={safeCoverUrl(card.coverUrl)} title={card.title} />
      <div class="book-meta">
        <strong class="book-title" data-testid="book-card-title">
          {card.title}
        </strong>
        {card.authors.length > 0 && <span class="muted">{card.authors.join(', ')}</span>}
        {card.publisher && <span class="muted">{card.publisher}</span>}
        <BookRatingBadge isbn13={card.isbn13} />
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
              disabled={added === 'added' || added === 'already-on-shelf'}
              onClick={() => onAdd(card).then(setAdded, () => setAdded('failed'))}
            >
              {added === 'added' ? t('chipAdded') : added === 'already-on-shelf' ? t('chipAlreadyOnShelf') : t('chipShelf')}
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
