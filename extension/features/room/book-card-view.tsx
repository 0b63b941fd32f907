import { useEffect, useRef, useState } from 'preact/hooks';
import { safeBookLink, safeCoverUrl } from '../../../shared/cover-hosts';
import type { BookCard } from '../../../shared/schemas/peer-messages';
import { BookCover } from '../../components/book-cover';
import { t } from '../../i18n';
import { BookRatingBadge } from '../board/book-rating';
import { RoomBookReviews } from '../board/book-reviews';
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
  const [reviews, setReviews] = useState(false);
  const [returning, setReturning] = useState(false);
  const ratingButton = useRef<HTMLButtonElement>(null);
  // Another book shared meanwhile: back to the card.
  useEffect(() => setReviews(false), [card.isbn13]);
  // Back from the reviews: focus returns to the button that opened them.
  useEffect(() => {
    if (!returning) return;
    ratingButton.current?.focus();
    setReturning(false);
  }, [returning]);
  return (
    <article class="book-card" data-testid="book-card">
      {reviews && (
        <RoomBookReviews
          isbn13={card.isbn13}
          title={card.title}
          onBack={() => {
            setReviews(false);
            setReturning(true);
          }}
        />
      )}
      {/* Hidden, not unmounted, while the reviews show: the live rating stays, and focus returns to it. */}
      {/* Checked again on render: only known book-image hosts (shared/cover-hosts.ts), else the placeholder. */}
      {!reviews && <BookCover class="book-cover" url={safeCoverUrl(card.coverUrl)} title={card.title} />}
      <div class="book-meta" hidden={reviews} style={reviews ? { display: 'none' } : undefined}>
        <strong class="book-title" data-testid="book-card-title">
          {card.title}
        </strong>
        {card.authors.length > 0 && <span class="muted">{card.authors.join(', ')}</span>}
        {card.publisher && <span class="muted">{card.publisher}</span>}
        <BookRatingBadge isbn13={card.isbn13} onOpen={() => setReviews(true)} buttonRef={ratingButton} />
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
