import type { Firestore } from 'firebase/firestore';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { categoryLabel, isCategoryId } from '../../../shared/categories';
import { POST_KINDS, POST_LIMITS, type PostKind } from '../../../shared/schemas/post';
import type { ShelfEntry } from '../../../shared/schemas/shelf-entry';
import { CharCounter } from '../../components/char-counter';
import { ErrorNote } from '../../components/error-note';
import { type Author, createPost, PostError } from '../../data/posts-repository';
import { t, uiLocale } from '../../i18n';
import { type ClubOption, describePostError } from './board-hooks';
import { KIND_LABELS } from './labels';
import { clubMembersLoader, MemberPicker } from './member-picker';
import { defaultSpoilerPage } from './spoiler';

const RATINGS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5] as const;

/** The fields of the post form; also what a draft in storage.local holds. */
export type FormState = {
  kind: PostKind;
  isbn13: string;
  title: string;
  body: string;
  rating: string;
  quotePage: string;
  /** '' = no spoiler. */
  spoilerPage: string;
  spoilerTouched: boolean;
  audience: 'everyone' | 'club' | 'member';
  /** '' = public. */
  clubId: string;
  toUid: string;
  toName: string;
};

export function emptyForm(partial: Partial<FormState> = {}): FormState {
  return {
    kind: 'review',
    isbn13: '',
    title: '',
    body: '',
    rating: '',
    quotePage: '',
    spoilerPage: '',
    spoilerTouched: false,
    audience: 'everyone',
    clubId: '',
    toUid: '',
    toName: '',
    ...partial,
  };
}

const num = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : null);

/**
 * Write a post: kind, the book (from the reader's shelf), the kind's own fields, the spoiler page (the
 * reader's current page in the book unless they change it), public or one of their clubs. Used in the side
 * panel and, wider, in the full-page editor; `onChange` lets the editor keep a draft.
 */
export function PostForm({
  db,
  author,
  shelf,
  clubs,
  value,
  onChange,
  onPublished,
  onCancel,
  onOpenEditor,
  wide = false,
}: {
  db: Firestore;
  author: Author | null;
  shelf: ShelfEntry[] | null;
  clubs: ClubOption[];
  value: FormState;
  onChange(next: FormState): void;
  onPublished(postId: string): void;
  onCancel?: () => void;
  onOpenEditor?: () => void;
  wide?: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const locale = uiLocale();
  const entry = shelf?.find((e) => e.isbn13 === value.isbn13) ?? null;
  const set = (patch: Partial<FormState>) => onChange({ ...value, ...patch });
  const loadMembers = useMemo(() => clubMembersLoader(db), [db]);

  // The book's spoiler page follows the reader's current page until they set it themselves.
  useEffect(() => {
    if (!entry || value.spoilerTouched) return;
    const page = defaultSpoilerPage(entry);
    const next = page === null ? '' : String(page);
    if (next !== value.spoilerPage) set({ spoilerPage: next });
  }, [entry?.isbn13, entry?.currentPage, value.spoilerTouched]);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (!author) return setError(t('loading'));
    if (!entry) return setError(t('boardErrNoBook'));
    if (!isCategoryId(entry.category)) return setError(t('boardErrNoBook'));
    setBusy(true);
    try {
      const id = await createPost(
        db,
        author,
        { isbn13: entry.isbn13, title: entry.title, authors: entry.authors, coverUrl: entry.coverUrl, category: entry.category },
        {
          kind: value.kind,
          isbn13: entry.isbn13,
          title: value.title,
          body: value.body,
          rating: value.kind === 'review' ? (value.rating === '' ? null : Number(value.rating)) : null,
          quotePage: value.kind === 'quote' ? num(value.quotePage) : null,
          audience: value.kind === 'recommendation' ? value.audience : null,
          toUid: value.kind === 'recommendation' && value.audience === 'member' ? value.toUid || null : null,
          toName: value.kind === 'recommendation' && value.audience === 'member' ? value.toName || null : null,
          spoilerPage: num(value.spoilerPage) || null,
          clubId: value.clubId || null,
        },
      );
      onPublished(id);
    } catch (err) {
      setError(describePostError(err));
      if (!(err instanceof PostError)) console.warn('Chaekbang: post failed', err);
    } finally {
      setBusy(false);
    }
  }

  const bodyId = wide ? 'editor-body-count' : 'board-body-count';
  return (
    <form class={wide ? 'post-form wide' : 'post-form'} data-testid="post-form" onSubmit={submit}>
      <div class="post-form-row">
        <label>
          {t('boardKind')}
          <select value={value.kind} data-testid="post-kind" onChange={(e) => set({ kind: e.currentTarget.value as PostKind })}>
            {POST_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABELS[k])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('boardBook')}
          <select
            value={value.isbn13}
            data-testid="post-book"
            onChange={(e) => set({ isbn13: e.currentTarget.value, spoilerTouched: false })}
          >
            <option value="">{t('boardPickBook')}</option>
            {(shelf ?? []).map((s) => (
              <option key={s.isbn13} value={s.isbn13}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      {shelf !== null && shelf.length === 0 && <p class="muted">{t('boardShelfEmpty')}</p>}
      {entry && (
        <p class="muted" data-testid="post-book-meta">
          {[entry.authors.join(', '), categoryLabel(entry.category, locale)].filter(Boolean).join(' · ')}
        </p>
      )}
      {value.kind === 'review' && (
        <label>
          {t('boardRating')}
          <select value={value.rating} data-testid="post-rating" onChange={(e) => set({ rating: e.currentTarget.value })}>
            <option value="">{t('boardPickRating')}</option>
            {RATINGS.map((r) => (
              <option key={r} value={String(r)}>
                {`${'★'.repeat(Math.floor(r))}${r % 1 ? '½' : ''} — ${t('shelfRatingValue', String(r))}`}
              </option>
            ))}
          </select>
        </label>
      )}
      {value.kind === 'essay' && (
        <label>
          {t('boardTitle')}
          <input
            value={value.title}
            data-testid="post-title"
            aria-describedby="post-title-count"
            onInput={(e) => set({ title: e.currentTarget.value })}
          />
          <CharCounter id="post-title-count" value={value.title} max={POST_LIMITS.title} />
        </label>
      )}
      {value.kind === 'quote' && (
        <label>
          {t('boardQuotePage')}
          <input
            inputMode="numeric"
            value={value.quotePage}
            data-testid="post-quote-page"
            onInput={(e) => set({ quotePage: e.currentTarget.value })}
          />
        </label>
      )}
      {value.kind === 'recommendation' && (
        <label>
          {t('boardAudience')}
          <select
            value={value.audience}
            data-testid="post-audience"
            onChange={(e) => set({ audience: e.currentTarget.value as FormState['audience'] })}
          >
            <option value="everyone">{t('boardAudienceEveryone')}</option>
            {value.clubId && <option value="club">{t('boardAudienceClub')}</option>}
            {value.toUid && <option value="member">{t('boardAudienceMember', value.toName)}</option>}
          </select>
        </label>
      )}
      {value.kind === 'recommendation' && clubs.length > 0 && author && (
        <MemberPicker
          clubs={clubs}
          selfUid={author.uid}
          toUid={value.audience === 'member' ? value.toUid : ''}
          load={loadMembers}
          onPick={(m) =>
            set(m ? { audience: 'member', toUid: m.uid, toName: m.name } : { audience: 'everyone', toUid: '', toName: '' })
          }
        />
      )}
      <label class="post-body-label">
        {value.kind === 'quote' ? t('boardQuoteText') : t('boardBody')}
        <textarea
          rows={wide ? 18 : 6}
          value={value.body}
          data-testid="post-body"
          aria-describedby={bodyId}
          aria-invalid={value.body.length > POST_LIMITS.body}
          onInput={(e) => set({ body: e.currentTarget.value })}
        />
        <CharCounter id={bodyId} value={value.body} max={POST_LIMITS.body} />
      </label>
      <div class="post-form-row">
        <label>
          {t('boardSpoilerPage')}
          <input
            inputMode="numeric"
            value={value.spoilerPage}
            placeholder={t('boardNoSpoiler')}
            data-testid="post-spoiler-page"
            aria-describedby="post-spoiler-hint"
            onInput={(e) => set({ spoilerPage: e.currentTarget.value, spoilerTouched: true })}
          />
        </label>
        {clubs.length > 0 && (
          <label>
            {t('boardWhere')}
            <select
              value={value.clubId}
              data-testid="post-club"
              onChange={(e) =>
                set({ clubId: e.currentTarget.value, audience: e.currentTarget.value ? value.audience : 'everyone' })
              }
            >
              <option value="">{t('boardPublic')}</option>
              {clubs.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p class="muted" id="post-spoiler-hint">
        {t('boardSpoilerHint')}
      </p>
      <ErrorNote message={error} />
      <div class="post-actions">
        <button
          type="submit"
          class="primary"
          data-testid="post-publish"
          // Until the reader's profile is known (their name goes on the post), there is nothing to sign it with.
          disabled={busy || !author || value.body.length > POST_LIMITS.body}
        >
          {t('boardPublish')}
        </button>
        {onOpenEditor && (
          <button type="button" class="link" data-testid="post-open-editor" onClick={onOpenEditor}>
            {t('boardOpenEditor')}
          </button>
        )}
        {onCancel && (
          <button type="button" class="link" onClick={onCancel}>
            {t('boardCancel')}
          </button>
        )}
      </div>
    </form>
  );
}
