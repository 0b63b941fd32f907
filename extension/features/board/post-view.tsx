import type { Firestore, QueryDocumentSnapshot } from 'firebase/firestore';
import { useEffect, useState } from 'preact/hooks';
import { categoryLabel } from '../../../shared/categories';
import {
  type CommentWithId,
  POST_LIMITS,
  type PostWithId,
  REPORT_REASONS,
  type ReportReason,
} from '../../../shared/schemas/post';
import { CharCounter } from '../../components/char-counter';
import { ErrorNote } from '../../components/error-note';
import {
  addComment,
  deleteComment,
  deletePost,
  editComment,
  editPost,
  postsRepository,
  report,
  setHidden,
  setLiked,
} from '../../data/posts-repository';
import { t, uiLocale } from '../../i18n';
import { type ClubOption, describePostError, stars } from './board-hooks';
import { KIND_LABELS, REASON_LABELS } from './labels';
import { PlainText } from './plain-text';
import type { Progress } from './spoiler';
import { SpoilerGate } from './spoiler-gate';

type Viewer = { uid: string; name: string };

/**
 * One post, live: its text behind the spoiler gate, likes, comments with one level of replies (pages of 20),
 * report, the author's edit and soft delete, a club host's hide, and "recommend a book to" the author.
 */
export function PostView({
  db,
  postId,
  viewer,
  progress,
  clubs,
  onBack,
  onRecommendTo,
}: {
  db: Firestore;
  postId: string;
  viewer: Viewer;
  progress: (isbn13: string) => Progress;
  clubs: ClubOption[];
  onBack(): void;
  onRecommendTo(reader: { uid: string; name: string }): void;
}) {
  const repo = postsRepository(db);
  const [post, setPost] = useState<PostWithId | null | undefined>(undefined);
  const [liked, setLikedState] = useState<boolean | null>(null);
  const [comments, setComments] = useState<CommentWithId[]>([]);
  const [more, setMore] = useState<CommentWithId[]>([]);
  const [cursor, setCursor] = useState<QueryDocumentSnapshot | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => repo.watchPost(postId, setPost, (err) => setError(describePostError(err))), [db, postId]);
  // Known from this device's cache when possible (no read); otherwise asked when the reader presses Like.
  useEffect(() => {
    repo
      .likedLocally(postId, viewer.uid)
      .then(setLikedState)
      .catch(() => setLikedState(null));
  }, [db, postId, viewer.uid]);
  useEffect(
    () =>
      repo.watchComments(
        postId,
        (page) => {
          setComments(page.items);
          setCursor(page.cursor);
          setHasMore(page.hasMore);
          setMore([]);
        },
        (err) => setError(describePostError(err)),
      ),
    [db, postId],
  );

  if (post === undefined) return <p class="muted">{t('loading')}</p>;
  if (post === null)
    return (
      <section class="post-view" data-testid="post-view">
        <ErrorNote message={error ?? t('boardErrNotFound')} />
        <button type="button" class="link" onClick={onBack}>
          {t('boardBack')}
        </button>
      </section>
    );

  const mine = post.authorUid === viewer.uid;
  const club = post.clubId ? clubs.find((c) => c.id === post.clubId) : undefined;
  const hosts = !!club && (club.hostUid === viewer.uid || club.coHostUids.includes(viewer.uid));
  const run = (fn: () => Promise<unknown>, done?: string) => {
    setError(null);
    setStatus(null);
    fn()
      .then(() => done && setStatus(done))
      .catch((err) => setError(describePostError(err)));
  };
  const allComments = [...comments, ...more];

  return (
    <section class="post-view" data-testid="post-view" data-post-id={post.id} aria-labelledby="post-view-heading">
      <button type="button" class="link" data-testid="post-back" onClick={onBack}>
        {t('boardBack')}
      </button>
      <p class="post-meta">
        <span class="post-kind">{t(KIND_LABELS[post.kind])}</span>
        <span class="muted">
          {t('boardBy', [post.authorName, String(post.authorLevel)])} · {post.createdAt.toLocaleDateString(uiLocale())}
          {post.editedAt && ` · ${t('boardEdited')}`}
        </span>
      </p>
      <h2 id="post-view-heading" class="post-view-title">
        {post.title || post.bookTitle}
      </h2>
      <p class="muted">
        {[post.title ? post.bookTitle : null, post.bookAuthors.join(', '), categoryLabel(post.category, uiLocale())]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {post.rating !== null && (
        <p class="post-stars" role="img" aria-label={t('boardRatingLabel', String(post.rating))}>
          {stars(post.rating)}
        </p>
      )}
      {post.toName && <p class="muted">{t('boardForMember', post.toName)}</p>}
      {post.status === 'deleted' && (
        <p class="muted" data-testid="post-deleted">
          {t('boardDeleted')}
        </p>
      )}
      {post.status === 'hidden' && (
        <p class="notice" data-testid="post-hidden">
          {t('boardHiddenNote')}
        </p>
      )}
      {post.status !== 'deleted' &&
        (editing === 'post' ? (
          <EditText
            initial={post.body}
            max={POST_LIMITS.body}
            label={t('boardBody')}
            onCancel={() => setEditing(null)}
            onSave={(body) =>
              run(async () => {
                await editPost(db, post, { body });
                setEditing(null);
              })
            }
          />
        ) : (
          <SpoilerGate spoilerPage={post.spoilerPage} progress={progress(post.isbn13)} viewerIsAuthor={mine}>
            <PlainText text={post.body} testId="post-body-text" />
            {post.kind === 'quote' && post.quotePage !== null && <p class="muted">{t('boardQuoteAt', String(post.quotePage))}</p>}
          </SpoilerGate>
        ))}
      <div class="post-actions">
        <button
          type="button"
          data-testid="post-like"
          aria-pressed={liked === true}
          disabled={post.status !== 'visible'}
          onClick={() =>
            run(async () => {
              // Unknown on this device: ask the server first (a like made elsewhere stays one like).
              const current = liked ?? (await repo.liked(post.id, viewer.uid));
              if (liked === null && current) return setLikedState(true);
              setLikedState(!current);
              await setLiked(db, viewer.uid, post.id, !current).catch((err) => {
                setLikedState(current);
                throw err;
              });
            })
          }
        >
          {liked ? t('boardUnlike') : t('boardLike')}
        </button>
        <span class="muted" data-testid="post-view-counts">
          {t('boardCounts', [String(post.likeCount), String(post.commentCount)])}
        </span>
      </div>
      <div class="post-actions">
        {mine && post.status !== 'deleted' && editing !== 'post' && (
          <>
            <button type="button" class="link" data-testid="post-edit" onClick={() => setEditing('post')}>
              {t('boardEdit')}
            </button>
            <button
              type="button"
              class="link danger"
              data-testid="post-delete"
              onClick={() => {
                if (confirm(t('boardDeleteConfirm'))) run(() => deletePost(db, post));
              }}
            >
              {t('boardDelete')}
            </button>
          </>
        )}
        {hosts && post.status !== 'deleted' && (
          <button
            type="button"
            class="link"
            data-testid="post-hide"
            onClick={() => run(() => setHidden(db, post, post.status !== 'hidden'))}
          >
            {post.status === 'hidden' ? t('boardUnhide') : t('boardHide')}
          </button>
        )}
        {!mine && (
          <>
            <ReportButton
              onReport={(reason) =>
                run(async () => {
                  const r = await report(db, viewer.uid, { postId: post.id }, reason);
                  setStatus(r === 'already' ? t('boardReportedAlready') : t('boardReported'));
                })
              }
            />
            <button
              type="button"
              class="link"
              data-testid="post-recommend-to"
              onClick={() => onRecommendTo({ uid: post.authorUid, name: post.authorName })}
            >
              {t('boardRecommendTo', post.authorName)}
            </button>
          </>
        )}
      </div>
      {status && (
        <p class="muted" role="status">
          {status}
        </p>
      )}
      <ErrorNote message={error} />
      <h3>{t('boardComments')}</h3>
      <ul class="comments" data-testid="comments">
        {allComments.map((c) => (
          <CommentItem
            key={c.id}
            comment={c}
            viewer={viewer}
            progress={progress(post.isbn13)}
            editing={editing === c.id}
            canReply={post.status === 'visible'}
            onEdit={() => setEditing(c.id)}
            onCancel={() => setEditing(null)}
            onSave={(body) =>
              run(async () => {
                await editComment(db, post.id, c.id, body);
                setEditing(null);
              })
            }
            onDelete={() => run(() => deleteComment(db, post.id, c.id))}
            onReply={(body) => run(() => addComment(db, viewer, post.id, body, { replyTo: c, spoilerPage: null }))}
            onReport={(reason) =>
              run(async () => {
                const r = await report(db, viewer.uid, { postId: post.id, commentId: c.id }, reason);
                setStatus(r === 'already' ? t('boardReportedAlready') : t('boardReported'));
              })
            }
          />
        ))}
      </ul>
      {allComments.length === 0 && <p class="muted">{t('boardNoComments')}</p>}
      {hasMore && cursor && (
        <button
          type="button"
          data-testid="comments-more"
          onClick={() =>
            run(async () => {
              const page = await repo.moreComments(post.id, cursor);
              setMore((prev) => [...prev, ...page.items]);
              setCursor(page.cursor);
              setHasMore(page.hasMore);
            })
          }
        >
          {t('boardMoreComments')}
        </button>
      )}
      {post.status === 'visible' && (
        <CommentBox label={t('boardAddComment')} onSend={(body) => run(() => addComment(db, viewer, post.id, body))} />
      )}
    </section>
  );
}

function CommentItem({
  comment,
  viewer,
  progress,
  editing,
  canReply,
  onEdit,
  onCancel,
  onSave,
  onDelete,
  onReply,
  onReport,
}: {
  comment: CommentWithId;
  viewer: Viewer;
  progress: Progress;
  editing: boolean;
  canReply: boolean;
  onEdit(): void;
  onCancel(): void;
  onSave(body: string): void;
  onDelete(): void;
  onReply(body: string): void;
  onReport(reason: ReportReason): void;
}) {
  const [replying, setReplying] = useState(false);
  const mine = comment.authorUid === viewer.uid;
  return (
    <li class={comment.parentId ? 'comment reply' : 'comment'} data-testid="comment" data-comment-id={comment.id}>
      <p class="post-meta muted">
        {comment.authorName} · {comment.createdAt.toLocaleString(uiLocale())}
        {comment.editedAt && ` · ${t('boardEdited')}`}
      </p>
      {comment.status === 'deleted' ? (
        <p class="muted">{t('boardCommentDeleted')}</p>
      ) : editing ? (
        <EditText
          initial={comment.body}
          max={POST_LIMITS.comment}
          label={t('boardComment')}
          onCancel={onCancel}
          onSave={onSave}
        />
      ) : (
        <SpoilerGate spoilerPage={comment.spoilerPage} progress={progress} viewerIsAuthor={mine}>
          <PlainText text={comment.body} testId="comment-body" />
        </SpoilerGate>
      )}
      {comment.status !== 'deleted' && !editing && (
        <div class="post-actions">
          {canReply && (
            <button
              type="button"
              class="link"
              data-testid="comment-reply"
              aria-expanded={replying}
              onClick={() => setReplying(!replying)}
            >
              {t('boardReply')}
            </button>
          )}
          {mine ? (
            <>
              <button type="button" class="link" onClick={onEdit}>
                {t('boardEdit')}
              </button>
              <button
                type="button"
                class="link danger"
                onClick={() => {
                  if (confirm(t('boardDeleteConfirm'))) onDelete();
                }}
              >
                {t('boardDelete')}
              </button>
            </>
          ) : (
            <ReportButton onReport={onReport} />
          )}
        </div>
      )}
      {replying && (
        <CommentBox
          label={t('boardReplyTo', comment.authorName)}
          onSend={(body) => {
            onReply(body);
            setReplying(false);
          }}
        />
      )}
    </li>
  );
}

function CommentBox({ label, onSend }: { label: string; onSend(body: string): void }) {
  const [text, setText] = useState('');
  const id = `comment-count-${label.length}`;
  return (
    <form
      class="comment-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim().length === 0 || text.length > POST_LIMITS.comment) return;
        onSend(text);
        setText('');
      }}
    >
      <label>
        {label}
        <textarea
          rows={2}
          value={text}
          data-testid="comment-input"
          aria-describedby={id}
          aria-invalid={text.length > POST_LIMITS.comment}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <CharCounter id={id} value={text} max={POST_LIMITS.comment} />
      <button type="submit" data-testid="comment-send" disabled={text.trim().length === 0 || text.length > POST_LIMITS.comment}>
        {t('boardSend')}
      </button>
    </form>
  );
}

function EditText({
  initial,
  max,
  label,
  onSave,
  onCancel,
}: {
  initial: string;
  max: number;
  label: string;
  onSave(text: string): void;
  onCancel(): void;
}) {
  const [text, setText] = useState(initial);
  return (
    <div class="comment-box">
      <label>
        {label}
        <textarea
          rows={6}
          value={text}
          data-testid="edit-input"
          aria-describedby="edit-count"
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <CharCounter id="edit-count" value={text} max={max} />
      <div class="post-actions">
        <button
          type="button"
          data-testid="edit-save"
          disabled={text.trim().length === 0 || text.length > max}
          onClick={() => onSave(text)}
        >
          {t('shelfSave')}
        </button>
        <button type="button" class="link" onClick={onCancel}>
          {t('boardCancel')}
        </button>
      </div>
    </div>
  );
}

function ReportButton({ onReport }: { onReport(reason: ReportReason): void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ReportReason>('spam');
  if (!open)
    return (
      <button type="button" class="link" data-testid="report-open" onClick={() => setOpen(true)}>
        {t('boardReport')}
      </button>
    );
  return (
    <span class="report-box">
      <label>
        {t('boardReportReason')}
        <select value={reason} data-testid="report-reason" onChange={(e) => setReason(e.currentTarget.value as ReportReason)}>
          {REPORT_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(REASON_LABELS[r])}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="report-send"
        onClick={() => {
          onReport(reason);
          setOpen(false);
        }}
      >
        {t('boardReportSend')}
      </button>
    </span>
  );
}
