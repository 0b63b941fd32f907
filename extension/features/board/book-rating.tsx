import type { Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { averageRating, type BookRatings } from '../../../shared/schemas/post';
import { t } from '../../i18n';

/**
 * A book's average rating and review count (bookRatings/{isbn13}, kept by the board's batches), live.
 * Shown on the room's book card and on catalog search results. Renders nothing until a review exists,
 * or where Firestore is not available (the module loads it on first use, so views stay light).
 */
export function BookRatingBadge({
  isbn13,
  onOpen,
  buttonRef,
}: {
  isbn13: string;
  /** Given: the badge is a button that shows the book's reviews (the room's book card). */
  onOpen?: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}) {
  const [ratings, setRatings] = useState<BookRatings | null>(null);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let live = true;
    setRatings(null);
    Promise.all([import('../../data/firebase-app'), import('../../data/posts-repository')])
      .then(([{ firebase }, { postsRepository }]) => {
        if (!live) return;
        stop = postsRepository(firebase().db).watchRatings(isbn13, setRatings, () => setRatings(null));
      })
      .catch(() => {});
    return () => {
      live = false;
      stop?.();
    };
  }, [isbn13]);
  const avg = averageRating(ratings);
  if (!ratings || avg === null) return null;
  const figures = [avg.toFixed(1), String(ratings.reviewCount)];
  // One review reads "1 review", not "1 reviews" (the catalogues have a key for the singular).
  const one = ratings.reviewCount === 1;
  if (onOpen)
    return (
      <button
        type="button"
        class="link book-rating"
        data-testid="book-rating"
        ref={buttonRef}
        aria-label={t(one ? 'roomReviewsOpenOne' : 'roomReviewsOpen', figures)}
        onClick={onOpen}
      >
        {t(one ? 'boardRatingSummaryOne' : 'boardRatingSummary', figures)}
      </button>
    );
  return (
    <span
      class="book-rating muted"
      data-testid="book-rating"
      role="img"
      aria-label={t(one ? 'boardRatingSummaryLabelOne' : 'boardRatingSummaryLabel', figures)}
    >
      {t(one ? 'boardRatingSummaryOne' : 'boardRatingSummary', figures)}
    </span>
  );
}
