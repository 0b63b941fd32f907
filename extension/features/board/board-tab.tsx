import type { User } from 'firebase/auth/web-extension';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { CATEGORIES, type CategoryId, categoryLabel, isCategoryId } from '../../../shared/categories';
import { BOARD_SORTS, type BoardSort, POST_KINDS, type PostKind, type PostWithId } from '../../../shared/schemas/post';
import type { UserProfile } from '../../../shared/schemas/user-profile';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { type BoardFilter, type PageCursor, postsRepository } from '../../data/posts-repository';
import { t, uiLocale } from '../../i18n';
import { useReaderLevel } from '../use-level';
import { describePostError, useMyClubs, useProgress, useShelf } from './board-hooks';
import { openEditor } from './drafts';
import { KIND_LABELS } from './labels';
import { PostCard } from './post-card';
import { emptyForm, type FormState, PostForm } from './post-form';
import { PostView } from './post-view';
import './board.css';

type Mode =
  | { name: 'list' }
  | { name: 'recommended' }
  | { name: 'write' }
  | { name: 'post'; id: string; from: 'list' | 'recommended' };

const SORT_LABELS = { newest: 'boardSortNewest', liked: 'boardSortLiked', discussed: 'boardSortDiscussed' } as const;

/** The review and recommendation board: filters, cursor pages of 20, a post with its thread, writing. */
export function BoardTab({ user, profile }: { user: User; profile: UserProfile | null }) {
  const { db } = firebase();
  const shelf = useShelf(db, user.uid);
  const progress = useProgress(shelf);
  const clubs = useMyClubs(db, user.uid);
  const level = useReaderLevel(user.uid);
  const interests = (profile?.interests ?? []).filter(isCategoryId) as CategoryId[];
  const [mode, setMode] = useState<Mode>({ name: 'list' });
  // '' = my interests (or every category without interests), 'all', or one category id.
  const [category, setCategory] = useState<string>('');
  const [kind, setKind] = useState<PostKind | ''>('');
  const [isbn13, setIsbn] = useState('');
  const [clubId, setClubId] = useState('');
  const [sort, setSort] = useState<BoardSort>('newest');
  const [form, setForm] = useState<FormState>(emptyForm());

  const filter: BoardFilter = useMemo(
    () => ({
      clubId: clubId || null,
      categories: category === 'all' ? [] : category === '' ? interests.slice(0, 30) : isCategoryId(category) ? [category] : [],
      kind: kind || null,
      isbn13: isbn13 || null,
      sort,
    }),
    [category, kind, isbn13, clubId, sort, interests.join(',')],
  );

  const author = profile ? { uid: user.uid, name: profile.displayName, level: level ?? 1 } : null;
  const locale = uiLocale();

  if (mode.name === 'post')
    return (
      <section class="card board" data-testid="board">
        <PostView
          db={db}
          postId={mode.id}
          viewer={{ uid: user.uid, name: profile?.displayName ?? '' }}
          progress={progress}
          clubs={clubs}
          onBack={() => setMode(mode.from === 'list' ? { name: 'list' } : { name: 'recommended' })}
          onRecommendTo={(reader) => {
            setForm(emptyForm({ kind: 'recommendation', audience: 'member', toUid: reader.uid, toName: reader.name }));
            setMode({ name: 'write' });
          }}
        />
      </section>
    );

  return (
    <section class="card board" data-testid="board" aria-labelledby="board-heading">
      <h2 id="board-heading">{t('boardTitleHeading')}</h2>
      <nav class="board-switch" aria-label={t('boardTitleHeading')}>
        <button
          type="button"
          class={mode.name === 'list' ? 'tab active' : 'tab'}
          aria-pressed={mode.name === 'list'}
          data-testid="board-show-list"
          onClick={() => setMode({ name: 'list' })}
        >
          {t('boardAll')}
        </button>
        <button
          type="button"
          class={mode.name === 'recommended' ? 'tab active' : 'tab'}
          aria-pressed={mode.name === 'recommended'}
          data-testid="board-show-recommended"
          onClick={() => setMode({ name: 'recommended' })}
        >
          {t('boardRecommendedToMe')}
        </button>
        <button
          type="button"
          class={mode.name === 'write' ? 'tab active' : 'tab'}
          aria-pressed={mode.name === 'write'}
          data-testid="board-write"
          onClick={() => setMode({ name: 'write' })}
        >
          {t('boardWrite')}
        </button>
      </nav>
      {mode.name === 'write' && (
        <PostForm
          db={db}
          author={author}
          shelf={shelf}
          clubs={clubs}
          value={form}
          onChange={setForm}
          onPublished={(id) => {
            setForm(emptyForm());
            setMode({ name: 'post', id, from: 'list' });
          }}
          onCancel={() => setMode({ name: 'list' })}
          onOpenEditor={() => {
            openEditor(form).catch((err) => console.warn('Chaekbang: could not open the editor', err));
          }}
        />
      )}
      {mode.name === 'list' && (
        <>
          <div class="board-filters">
            <label>
              {t('boardFilterCategory')}
              <select value={category} data-testid="board-filter-category" onChange={(e) => setCategory(e.currentTarget.value)}>
                <option value="">{interests.length > 0 ? t('boardMyInterests') : t('boardAllCategories')}</option>
                {interests.length > 0 && <option value="all">{t('boardAllCategories')}</option>}
                {CATEGORIES.map((c) => (
                  <option key={c.id} value={c.id}>
                    {categoryLabel(c.id, locale)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('boardKind')}
              <select
                value={kind}
                data-testid="board-filter-kind"
                onChange={(e) => setKind(e.currentTarget.value as PostKind | '')}
              >
                <option value="">{t('boardAllKinds')}</option>
                {POST_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(KIND_LABELS[k])}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('boardBook')}
              <select value={isbn13} data-testid="board-filter-book" onChange={(e) => setIsbn(e.currentTarget.value)}>
                <option value="">{t('boardAllBooks')}</option>
                {(shelf ?? []).map((s) => (
                  <option key={s.isbn13} value={s.isbn13}>
                    {s.title}
                  </option>
                ))}
              </select>
            </label>
            {clubs.length > 0 && (
              <label>
                {t('boardWhere')}
                <select value={clubId} data-testid="board-filter-club" onChange={(e) => setClubId(e.currentTarget.value)}>
                  <option value="">{t('boardPublic')}</option>
                  {clubs.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              {t('boardSort')}
              <select value={sort} data-testid="board-sort" onChange={(e) => setSort(e.currentTarget.value as BoardSort)}>
                {BOARD_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t(SORT_LABELS[s])}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <PostList
            key={JSON.stringify(filter)}
            load={(cursor) => postsRepository(db).page(filter, cursor)}
            viewerUid={user.uid}
            progress={progress}
            empty={t('boardEmpty')}
            onOpen={(p) => setMode({ name: 'post', id: p.id, from: 'list' })}
            testId="board-list"
          />
        </>
      )}
      {mode.name === 'recommended' && (
        <PostList
          load={(cursor) => postsRepository(db).recommendedTo(user.uid, cursor)}
          viewerUid={user.uid}
          progress={progress}
          empty={t('boardRecommendedEmpty')}
          onOpen={(p) => setMode({ name: 'post', id: p.id, from: 'recommended' })}
          testId="recommended-list"
        />
      )}
    </section>
  );
}

/** A list of posts in cursor pages of 20 ("more" loads the next page after the last one shown). */
export function PostList({
  load,
  viewerUid,
  progress,
  empty,
  onOpen,
  testId,
}: {
  load(cursor: PageCursor): Promise<{ items: PostWithId[]; cursor: PageCursor; hasMore: boolean }>;
  viewerUid: string;
  progress: ReturnType<typeof useProgress>;
  empty: string;
  onOpen(post: PostWithId): void;
  testId: string;
}) {
  const [items, setItems] = useState<PostWithId[] | null>(null);
  const [cursor, setCursor] = useState<PageCursor>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = (from: PageCursor, replace: boolean) => {
    setBusy(true);
    load(from)
      .then((page) => {
        setItems((prev) => (replace ? page.items : [...(prev ?? []), ...page.items]));
        setCursor(page.cursor);
        setHasMore(page.hasMore);
        setError(null);
      })
      .catch((err) => {
        setItems((prev) => prev ?? []);
        setError(describePostError(err));
      })
      .finally(() => setBusy(false));
  };
  useEffect(() => next(null, true), []);
  return (
    <div>
      <ErrorNote message={error} />
      {items === null && <p class="muted">{t('loading')}</p>}
      {items !== null && items.length === 0 && !error && (
        <p class="muted" data-testid={`${testId}-empty`}>
          {empty}
        </p>
      )}
      {items !== null && items.length > 0 && (
        <ul class="post-list" data-testid={testId}>
          {items.map((p) => (
            <PostCard key={p.id} post={p} progress={progress(p.isbn13)} viewerUid={viewerUid} onOpen={onOpen} />
          ))}
        </ul>
      )}
      <div class="post-actions">
        {hasMore && (
          <button type="button" data-testid={`${testId}-more`} disabled={busy} onClick={() => next(cursor, false)}>
            {t('boardMore')}
          </button>
        )}
        <button type="button" class="link" data-testid={`${testId}-refresh`} disabled={busy} onClick={() => next(null, true)}>
          {t('boardRefresh')}
        </button>
      </div>
    </div>
  );
}
