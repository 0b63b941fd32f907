import { useEffect, useRef, useState } from 'preact/hooks';
import type { PostWithId } from '../../../shared/schemas/post';
import { ErrorNote } from '../../components/error-note';
import type { Page, PageCursor } from '../../data/posts-repository';
import { t, uiLocale } from '../../i18n';
import { stars } from './labels';
import { PlainText } from './plain-text';
import type { Progress } from './spoiler';
import { SpoilerGate } from './spoiler-gate';
import './board.css';

const EXCERPT = 400;

/**
 * One book's visible public reviews, newest first, a small cursor page at a time (the room's book card).
 * Each text sits behind the board's spoiler gate, driven by the viewing reader's own progress in the book
 * (`progress` is live, so logging past a review's page opens it in place).
 */
export function BookReviewsList({
  isbn13,
  load,
  progress,
  viewerUid,
}: {
  isbn13: string;
  load(cursor: PageCursor): Promise<Page<PostWithId>>;
  progress: Progress;
  viewerUid: string;
}) {
  const [items, setItems] = useState<PostWithId[] | null>(null);
  const [cursor, setCursor] = useState<PageCursor>(null);
  const [hasMore, setHasMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(load);
  latest.current = load;

  const fetchPage = (after: PageCursor, append: boolean) => {
    setBusy(true);
    setError(null);
    latest
      .current(after)
      .then((page) => {
        setItems((prev) => (append && prev ? [...prev, ...page.items] : page.items));
        setCursor(page.cursor);
        setHasMore(page.hasMore);
      })
      .catch((err) => {
        console.warn("Chaekbang: the book's reviews did not load", err);
        setError(t('roomReviewsUnavailable'));
        if (!append) setItems([]);
      })
      .finally(() => setBusy(false));
  };

  useEffect(() => {
    setItems(null);
    fetchPage(null, false);
  }, [isbn13]);

  if (items === null) {
    return (
      <p class="muted" role="status" data-testid="room-reviews-loading">
        {t('roomReviewsLoading')}
      </p>
    );
  }
  return (
    <div class="room-reviews-list">
      <ErrorNote message={error} />
      {items.length === 0 && !error && (
        <p class="muted" data-testid="room-reviews-empty">
          {t('boardNoReviews')}
        </p>
      )}
      {items.length > 0 && (
        <ul class="post-list" data-testid="room-reviews">
          {items.map((post) => {
            const chars = Array.from(post.body);
            const excerpt = chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : post.body;
            return (
              <li key={post.id} class="post-card" data-testid="room-review" data-post-id={post.id}>
                <p class="post-meta">
                  {post.rating !== null && (
                    <span class="post-stars" role="img" aria-label={t('boardRatingLabel', String(post.rating))}>
                      {stars(post.rating)}
                    </span>
                  )}
                  <span class="muted">
                    {t('boardBy', [post.authorName, String(post.authorLevel)])} · {post.createdAt.toLocaleDateString(uiLocale())}
                  </span>
                </p>
                <SpoilerGate spoilerPage={post.spoilerPage} progress={progress} viewerIsAuthor={post.authorUid === viewerUid}>
                  <PlainText text={excerpt} testId="room-review-text" />
                </SpoilerGate>
              </li>
            );
          })}
        </ul>
      )}
      {hasMore && (
        <button
          type="button"
          class="link"
          data-testid="room-reviews-more"
          disabled={busy}
          onClick={() => fetchPage(cursor, true)}
        >
          {t('roomReviewsMore')}
        </button>
      )}
    </div>
  );
}

type Services = {
  uid: string;
  load(cursor: PageCursor): Promise<Page<PostWithId>>;
  watchProgress(onChange: (p: Progress) => void): () => void;
};

/**
 * The reviews of the room's shared book, in place of the card's details, with a way back. Firestore and
 * the repositories load on first use (the call view stays light); the reader's shelf is followed live.
 */
export function RoomBookReviews({ isbn13, title, onBack }: { isbn13: string; title: string; onBack(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [services, setServices] = useState<Services | null>(null);
  const [failed, setFailed] = useState(false);
  const [progress, setProgress] = useState<Progress>(null);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    let live = true;
    Promise.all([import('../../data/firebase-app'), import('../../data/posts-repository'), import('../../data/shelf-repository')])
      .then(([{ firebase }, { postsRepository }, { shelfRepository }]) => {
        if (!live) return;
        const { db, auth } = firebase();
        const uid = auth.currentUser?.uid;
        if (!uid) return setFailed(true);
        setServices({
          uid,
          load: (cursor) => postsRepository(db).bookReviews(isbn13, cursor),
          watchProgress: (onChange) =>
            shelfRepository(db).watch(
              uid,
              (entries) => onChange(entries.find((e) => e.isbn13 === isbn13) ?? null),
              () => onChange(null),
            ),
        });
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [isbn13]);
  useEffect(() => services?.watchProgress(setProgress), [services]);

  return (
    <section class="room-reviews" data-testid="room-book-reviews" aria-labelledby="room-reviews-heading">
      <h3 id="room-reviews-heading" class="room-reviews-title" tabIndex={-1} ref={heading}>
        {t('roomReviewsTitle', title)}
      </h3>
      {failed ? (
        <ErrorNote message={t('roomReviewsUnavailable')} />
      ) : services ? (
        <BookReviewsList isbn13={isbn13} load={services.load} progress={progress} viewerUid={services.uid} />
      ) : (
        <p class="muted" role="status">
          {t('roomReviewsLoading')}
        </p>
      )}
      <button type="button" class="link" data-testid="room-reviews-back" onClick={onBack}>
        {t('roomReviewsBack')}
      </button>
    </section>
  );
}
