import type { PostWithId } from '../../../shared/schemas/post';
import { t, uiLocale } from '../../i18n';
import { stars } from './board-hooks';
import { KIND_LABELS } from './labels';
import { PlainText } from './plain-text';
import type { Progress } from './spoiler';
import { SpoilerGate } from './spoiler-gate';

const EXCERPT = 280;

/** One post in a board list: kind, book, author, rating, the text (behind its spoiler gate), counts. */
export function PostCard({
  post,
  progress,
  viewerUid,
  onOpen,
}: {
  post: PostWithId;
  progress: Progress;
  viewerUid: string;
  onOpen(post: PostWithId): void;
}) {
  const chars = Array.from(post.body);
  const excerpt = chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : post.body;
  return (
    <li class="post-card" data-testid="post-card" data-post-id={post.id} data-kind={post.kind} data-category={post.category}>
      <p class="post-meta">
        <span class="post-kind">{t(KIND_LABELS[post.kind])}</span>
        <span class="muted">
          {t('boardBy', [post.authorName, String(post.authorLevel)])} · {post.createdAt.toLocaleDateString(uiLocale())}
        </span>
      </p>
      <p class="post-book" data-testid="post-book-title">
        {post.bookTitle}
        {post.rating !== null && (
          <span class="post-stars" role="img" aria-label={t('boardRatingLabel', String(post.rating))}>
            {' '}
            {stars(post.rating)}
          </span>
        )}
      </p>
      {post.kind === 'essay' && post.title && <h3 class="post-title">{post.title}</h3>}
      {post.kind === 'recommendation' && post.toName && (
        <p class="muted" data-testid="post-to">
          {t('boardForMember', post.toName)}
        </p>
      )}
      <SpoilerGate spoilerPage={post.spoilerPage} progress={progress} viewerIsAuthor={post.authorUid === viewerUid}>
        <PlainText text={excerpt} testId="post-excerpt" />
        {post.kind === 'quote' && post.quotePage !== null && <p class="muted">{t('boardQuoteAt', String(post.quotePage))}</p>}
      </SpoilerGate>
      <div class="post-footer">
        <span class="muted" data-testid="post-counts">
          {t('boardCounts', [String(post.likeCount), String(post.commentCount)])}
        </span>
        <button type="button" class="link" data-testid="post-open" onClick={() => onOpen(post)}>
          {t('boardOpen')}
          <span class="visually-hidden">{`: ${post.title || post.bookTitle}`}</span>
        </button>
      </div>
    </li>
  );
}
