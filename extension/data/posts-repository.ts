import {
  collection,
  type DocumentSnapshot,
  doc,
  type Firestore,
  getDoc,
  getDocFromCache,
  getDocs,
  increment,
  limit,
  orderBy,
  type Query,
  type QueryConstraint,
  type QueryDocumentSnapshot,
  query,
  serverTimestamp,
  setDoc,
  startAfter,
  type Unsubscribe,
  updateDoc,
  where,
  writeBatch,
} from 'firebase/firestore';
import type { CategoryId } from '../../shared/categories';
import {
  type BoardSort,
  type BookRatings,
  BookRatingsSchema,
  CommentSchema,
  type CommentWithId,
  POST_LIMITS,
  type Post,
  type PostDraft,
  PostDraftSchema,
  type PostKind,
  PostSchema,
  type PostWithId,
  type ReportReason,
  ReportReasonSchema,
  ratingContribution,
  weekOf,
} from '../../shared/schemas/post';
import { listenDoc, onSnapshot } from './listen';
import { timestampsToDates } from './timestamps';

/**
 * The board (issue 12): posts/{id} with likes/{uid} and comments/{cid}, bookRatings/{isbn13}, reports/
 * and the posting limit users/{uid}/limits/posting. Every counter changes in the same batch as what it
 * counts (firebase/firestore.rules, the `// ---- board` block, checks both sides). Lists are cursor pages
 * of POST_LIMITS.page (20) and carry the rules' constraints (status == 'visible', clubId).
 */

export const POST_ERROR_CODES = [
  'empty',
  'too-long',
  'no-title',
  'no-rating',
  'no-page',
  'no-recipient',
  'too-soon',
  'refused',
  'not-found',
] as const;
export type PostErrorCode = (typeof POST_ERROR_CODES)[number];

/** A board input the reader can fix, or a refusal (the UI shows a translated message for each code). */
export class PostError extends Error {
  override name = 'PostError';
  constructor(
    readonly code: PostErrorCode,
    /** For too-soon: seconds left to wait. */
    readonly seconds = 0,
  ) {
    super(code);
  }
}

export type BoardFilter = {
  /** null: the public board; a club id: that club's board. */
  clubId: string | null;
  /** One category or several (the reader's interests, at most 30); empty = every category. */
  categories: CategoryId[];
  kind: PostKind | null;
  /** One book (its category is then implied, so the category filter is left out). */
  isbn13: string | null;
  sort: BoardSort;
};

export type PageCursor = QueryDocumentSnapshot | null;
export type Page<T> = { items: T[]; cursor: PageCursor; hasMore: boolean };

/** Equality fields and the order of one query, in the form firebase/firestore.indexes.json lists them. */
export type IndexSpec = { collectionGroup: string; equality: string[]; order: [string, 'ASCENDING' | 'DESCENDING'][] };

/** The shape of the board query for a filter (the query builder and the index test both use it). */
export function boardQuerySpec(filter: BoardFilter): IndexSpec {
  const equality = ['status', 'clubId'];
  if (filter.isbn13) equality.push('isbn13');
  else if (filter.categories.length > 0) equality.push('category');
  if (filter.kind) equality.push('kind');
  if (filter.sort === 'discussed') equality.push('week');
  const order: IndexSpec['order'] =
    filter.sort === 'newest'
      ? [['createdAt', 'DESCENDING']]
      : filter.sort === 'liked'
        ? [['likeCount', 'DESCENDING']]
        : [['commentCount', 'DESCENDING']];
  return { collectionGroup: 'posts', equality, order };
}

export const RECOMMENDED_SPEC: IndexSpec = {
  collectionGroup: 'posts',
  equality: ['toUid', 'status'],
  order: [['createdAt', 'DESCENDING']],
};
export const BY_AUTHOR_SPEC: IndexSpec = {
  collectionGroup: 'posts',
  equality: ['authorUid'],
  order: [['createdAt', 'DESCENDING']],
};
export const COMMENTS_SPEC: IndexSpec = {
  collectionGroup: 'comments',
  equality: [],
  order: [
    ['thread', 'ASCENDING'],
    ['createdAt', 'ASCENDING'],
  ],
};

/** Every query shape the board code builds (every filter combination), for the index test. */
export function allQuerySpecs(): IndexSpec[] {
  const specs: IndexSpec[] = [
    RECOMMENDED_SPEC,
    BY_AUTHOR_SPEC,
    COMMENTS_SPEC,
    boardQuerySpec(bookReviewsFilter('9788936434120')),
  ];
  for (const sort of ['newest', 'liked', 'discussed'] as const)
    for (const isbn13 of [null, '9788936434120'])
      for (const categories of [[], ['novel'] as CategoryId[]])
        for (const kind of [null, 'review'] as const)
          specs.push(boardQuerySpec({ clubId: null, categories, kind, isbn13, sort }));
  return specs;
}

function parsePost(snap: DocumentSnapshot): PostWithId | null {
  if (!snap.exists()) return null;
  const parsed = PostSchema.safeParse(timestampsToDates(snap.data({ serverTimestamps: 'estimate' })));
  return parsed.success ? { ...parsed.data, id: snap.id } : null;
}
function parseComment(snap: DocumentSnapshot): CommentWithId | null {
  const parsed = CommentSchema.safeParse(timestampsToDates(snap.data({ serverTimestamps: 'estimate' })));
  return parsed.success ? { ...parsed.data, id: snap.id } : null;
}

const postsCol = (db: Firestore) => collection(db, 'posts');
const postRef = (db: Firestore, id: string) => doc(db, 'posts', id);
const likeRef = (db: Firestore, postId: string, uid: string) => doc(db, 'posts', postId, 'likes', uid);
const commentsCol = (db: Firestore, postId: string) => collection(db, 'posts', postId, 'comments');
const ratingsRef = (db: Firestore, isbn13: string) => doc(db, 'bookRatings', isbn13);
const limitsRef = (db: Firestore, uid: string) => doc(db, 'users', uid, 'limits', 'posting');

/** The board query for a filter: the rules' constraints, the filter, the sort, a page of 20 after the cursor. */
export function boardQuery(
  db: Firestore,
  filter: BoardFilter,
  cursor: PageCursor = null,
  now = new Date(),
  size: number = POST_LIMITS.page,
): Query {
  const spec = boardQuerySpec(filter);
  const c: QueryConstraint[] = [where('status', '==', 'visible'), where('clubId', '==', filter.clubId)];
  if (spec.equality.includes('isbn13')) c.push(where('isbn13', '==', filter.isbn13));
  if (spec.equality.includes('category'))
    c.push(
      filter.categories.length === 1
        ? where('category', '==', filter.categories[0])
        : where('category', 'in', filter.categories.slice(0, 30)),
    );
  if (filter.kind) c.push(where('kind', '==', filter.kind));
  if (filter.sort === 'discussed') c.push(where('week', '==', weekOf(now)));
  for (const [field, dir] of spec.order) c.push(orderBy(field, dir === 'DESCENDING' ? 'desc' : 'asc'));
  if (cursor) c.push(startAfter(cursor));
  c.push(limit(Math.min(Math.max(1, Math.floor(size)), POST_LIMITS.page)));
  return query(postsCol(db), ...c);
}

/**
 * The board's other queries, built here and nowhere else, so the index test (posts-indexes.test.ts) checks the
 * very query objects the repository runs against firebase/firestore.indexes.json.
 */
export const postQueries = {
  /** Recommendations addressed to the reader, newest first, a page after the cursor. */
  recommendedTo: (db: Firestore, uid: string, cursor: PageCursor = null) =>
    query(
      postsCol(db),
      where('toUid', '==', uid),
      where('status', '==', 'visible'),
      orderBy('createdAt', 'desc'),
      ...(cursor ? [startAfter(cursor)] : []),
      limit(POST_LIMITS.page),
    ),
  /** The reader's own posts (any status), newest first, a page after the cursor. */
  byAuthor: (db: Firestore, uid: string, cursor: PageCursor = null) =>
    query(
      postsCol(db),
      where('authorUid', '==', uid),
      orderBy('createdAt', 'desc'),
      ...(cursor ? [startAfter(cursor)] : []),
      limit(POST_LIMITS.page),
    ),
  /** A post's comments, replies under their comment (thread, then time), a page after the cursor. */
  comments: (db: Firestore, postId: string, cursor: QueryDocumentSnapshot | null = null) =>
    query(
      commentsCol(db, postId),
      orderBy('thread'),
      orderBy('createdAt'),
      ...(cursor ? [startAfter(cursor)] : []),
      limit(POST_LIMITS.page),
    ),
};

async function pageOf(q: Query, size: number = POST_LIMITS.page): Promise<Page<PostWithId>> {
  const snap = await getDocs(q);
  const items = snap.docs.map(parsePost).filter((p): p is PostWithId => p !== null);
  const last = snap.docs[snap.docs.length - 1] ?? null;
  return { items, cursor: last, hasMore: snap.docs.length === size };
}

/** A book's reviews in the room: a compact page (the room card is small). */
export const BOOK_REVIEWS_PAGE = 8;

/** The query shape of a book's public reviews, newest first (the room card's reviews list). */
export function bookReviewsFilter(isbn13: string): BoardFilter {
  return { clubId: null, categories: [], kind: 'review', isbn13, sort: 'newest' };
}

export type Author = { uid: string; name: string; level: number };
/** The book a post is about, as the reader's shelf entry (or a catalog record) describes it. */
export type PostBook = {
  isbn13: string;
  title: string;
  authors: string[];
  coverUrl: string | null | undefined;
  category: CategoryId;
};

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max).join('') : text;
}

/** Check a draft before anything is written; throws a PostError the UI can show. */
export function checkDraft(draft: PostDraft): ReturnType<typeof PostDraftSchema.parse> {
  if ((draft.body ?? '').length > POST_LIMITS.body) throw new PostError('too-long');
  if ((draft.title ?? '').length > POST_LIMITS.title) throw new PostError('too-long');
  const parsed = PostDraftSchema.safeParse(draft);
  if (parsed.success) return parsed.data;
  const path = parsed.error.issues[0]?.path[0];
  if (path === 'body') throw new PostError('empty');
  if (path === 'title') throw new PostError('no-title');
  if (path === 'rating') throw new PostError('no-rating');
  if (path === 'quotePage' || path === 'spoilerPage') throw new PostError('no-page');
  if (path === 'toUid' || path === 'clubId') throw new PostError('no-recipient');
  throw new PostError('refused');
}

const isDenied = (err: unknown) => (err as { code?: string }).code === 'permission-denied';

/** Line breaks normalised, control characters (other than line breaks and tabs) removed. */
export function cleanBody(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, '')
  );
}
function cleanLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, ' ').trim();
}

/** Seconds the reader still has to wait before posting again (0: may post now). */
export async function secondsUntilNextPost(db: Firestore, uid: string, now = Date.now()): Promise<number> {
  const snap = await getDoc(limitsRef(db, uid)).catch(() => null);
  const last = snap?.data({ serverTimestamps: 'estimate' })?.lastPostAt as { toMillis(): number } | undefined;
  if (!last) return 0;
  const wait = last.toMillis() + POST_LIMITS.postIntervalSeconds * 1000 - now;
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

/**
 * Publish a post: the post, the posting limit and (a public review) the book's rating counters in one
 * batch. Resolves with the new post's id once the server has it.
 */
export async function createPost(db: Firestore, author: Author, book: PostBook, input: PostDraft): Promise<string> {
  const draft = checkDraft({ ...input, body: cleanBody(input.body ?? ''), title: cleanLine(input.title ?? '') });
  const wait = await secondsUntilNextPost(db, author.uid);
  if (wait > 0) throw new PostError('too-soon', wait);
  const ref = doc(postsCol(db));
  const data = {
    kind: draft.kind,
    isbn13: book.isbn13,
    bookTitle: clip(book.title, 300),
    bookAuthors: book.authors.slice(0, 12),
    bookCoverUrl: book.coverUrl ?? null,
    category: book.category,
    authorUid: author.uid,
    authorName: author.name,
    authorLevel: Math.max(1, Math.min(99, Math.trunc(author.level) || 1)),
    title: draft.kind === 'essay' ? draft.title : '',
    body: draft.body,
    rating: draft.kind === 'review' ? draft.rating : null,
    quotePage: draft.kind === 'quote' ? draft.quotePage : null,
    audience: draft.kind === 'recommendation' ? (draft.audience ?? 'everyone') : null,
    toUid: draft.kind === 'recommendation' && draft.audience === 'member' ? draft.toUid : null,
    toName: draft.kind === 'recommendation' && draft.audience === 'member' ? (draft.toName ?? '?') : null,
    spoilerPage: draft.spoilerPage,
    clubId: draft.clubId,
    status: 'visible' as const,
    likeCount: 0,
    commentCount: 0,
    lastCommentId: null,
    week: weekOf(new Date()),
    createdAt: serverTimestamp(),
    editedAt: null,
  };
  const batch = writeBatch(db);
  batch.set(ref, data);
  batch.set(limitsRef(db, author.uid), { lastPostAt: serverTimestamp() });
  const add = ratingContribution({ ...data, status: 'visible' });
  if (add.reviews > 0) addRatingsChange(batch, db, book.isbn13, ref.id, add.halfStars, add.reviews);
  try {
    await batch.commit();
  } catch (err) {
    if (isDenied(err)) {
      const left = await secondsUntilNextPost(db, author.uid);
      throw new PostError(left > 0 ? 'too-soon' : 'refused', left);
    }
    throw err;
  }
  return ref.id;
}

function addRatingsChange(
  batch: ReturnType<typeof writeBatch>,
  db: Firestore,
  isbn13: string,
  postId: string,
  halfStars: number,
  reviews: number,
) {
  batch.set(
    ratingsRef(db, isbn13),
    {
      isbn13,
      halfStars: increment(halfStars),
      reviewCount: increment(reviews),
      lastPostId: postId,
      updatedAt: serverTimestamp(),
    },
    { merge: true },
  );
}

export type PostPatch = Partial<Pick<Post, 'title' | 'body' | 'rating' | 'quotePage' | 'spoilerPage'>>;

/** The author edits their post (counters follow a rating change in the same batch). */
export async function editPost(db: Firestore, post: PostWithId, patch: PostPatch): Promise<void> {
  const next = {
    ...post,
    ...patch,
    body: patch.body !== undefined ? cleanBody(patch.body) : post.body,
    title: patch.title !== undefined ? cleanLine(patch.title) : post.title,
  };
  checkDraft({
    kind: next.kind,
    isbn13: next.isbn13,
    title: next.title,
    body: next.body,
    rating: next.rating,
    quotePage: next.quotePage,
    audience: next.audience,
    toUid: next.toUid,
    toName: next.toName,
    spoilerPage: next.spoilerPage,
    clubId: next.clubId,
  });
  const fields = {
    title: next.title,
    body: next.body,
    rating: next.rating,
    quotePage: next.quotePage,
    spoilerPage: next.spoilerPage,
    editedAt: serverTimestamp(),
  };
  await commitPostChange(db, post, next, fields);
}

/** Soft delete: the text goes, the thread (comments, counts) stays. */
export async function deletePost(db: Firestore, post: PostWithId): Promise<void> {
  const next = { ...post, status: 'deleted' as const, body: '', title: '' };
  await commitPostChange(db, post, next, { status: 'deleted', body: '', title: '', editedAt: serverTimestamp() });
}

async function commitPostChange(db: Firestore, before: Post & { id: string }, after: Post, fields: Record<string, unknown>) {
  const batch = writeBatch(db);
  batch.update(postRef(db, before.id), fields);
  const a = ratingContribution(before);
  const b = ratingContribution(after);
  if (a.halfStars !== b.halfStars || a.reviews !== b.reviews) {
    addRatingsChange(batch, db, before.isbn13, before.id, b.halfStars - a.halfStars, b.reviews - a.reviews);
  }
  try {
    await batch.commit();
  } catch (err) {
    throw isDenied(err) ? new PostError('refused') : err;
  }
}

/** A club host or co-host hides (or shows again) a post in their club. */
export async function setHidden(db: Firestore, post: PostWithId, hidden: boolean): Promise<void> {
  try {
    await updateDoc(postRef(db, post.id), { status: hidden ? 'hidden' : 'visible' });
  } catch (err) {
    throw isDenied(err) ? new PostError('refused') : err;
  }
}

/** Like or unlike: the like document and likeCount ±1 in one batch. */
export async function setLiked(db: Firestore, uid: string, postId: string, liked: boolean): Promise<void> {
  const batch = writeBatch(db);
  batch.update(postRef(db, postId), { likeCount: increment(liked ? 1 : -1) });
  if (liked) batch.set(likeRef(db, postId, uid), { uid, createdAt: serverTimestamp() });
  else batch.delete(likeRef(db, postId, uid));
  try {
    await batch.commit();
  } catch (err) {
    throw isDenied(err) ? new PostError('refused') : err;
  }
}

/**
 * Comment on a post (or reply to a top-level comment: replies go one level deep, a reply to a reply joins
 * the same thread). The comment, commentCount + 1 and lastCommentId in one batch.
 */
export async function addComment(
  db: Firestore,
  author: Pick<Author, 'uid' | 'name'>,
  postId: string,
  text: string,
  options: { replyTo?: CommentWithId | null; spoilerPage?: number | null } = {},
): Promise<string> {
  const body = cleanBody(text);
  if (body.trim().length === 0) throw new PostError('empty');
  if (body.length > POST_LIMITS.comment) throw new PostError('too-long');
  const ref = doc(commentsCol(db, postId));
  const parent = options.replyTo ? (options.replyTo.parentId === null ? options.replyTo : null) : null;
  const thread = options.replyTo ? options.replyTo.thread : `${String(Date.now()).padStart(13, '0')}_${ref.id}`;
  const batch = writeBatch(db);
  batch.set(ref, {
    authorUid: author.uid,
    authorName: author.name,
    body,
    parentId: options.replyTo ? (parent?.id ?? options.replyTo.parentId) : null,
    thread,
    spoilerPage: options.spoilerPage ?? null,
    status: 'visible',
    createdAt: serverTimestamp(),
    editedAt: null,
  });
  batch.update(postRef(db, postId), { commentCount: increment(1), lastCommentId: ref.id });
  try {
    await batch.commit();
  } catch (err) {
    throw isDenied(err) ? new PostError('refused') : err;
  }
  return ref.id;
}

export async function editComment(db: Firestore, postId: string, commentId: string, text: string): Promise<void> {
  const body = cleanBody(text);
  if (body.trim().length === 0) throw new PostError('empty');
  if (body.length > POST_LIMITS.comment) throw new PostError('too-long');
  await updateDoc(doc(commentsCol(db, postId), commentId), { body, editedAt: serverTimestamp() }).catch((err) => {
    throw isDenied(err) ? new PostError('refused') : err;
  });
}

/** Soft delete of a comment: its text goes, its replies stay. */
export async function deleteComment(db: Firestore, postId: string, commentId: string): Promise<void> {
  await updateDoc(doc(commentsCol(db, postId), commentId), { status: 'deleted', body: '', editedAt: serverTimestamp() }).catch(
    (err) => {
      throw isDenied(err) ? new PostError('refused') : err;
    },
  );
}

/** Report a post or comment (once per reader and target; a second report is refused by the rules). */
export async function report(
  db: Firestore,
  uid: string,
  target: { postId: string; commentId?: string | null },
  reason: ReportReason,
  note = '',
): Promise<'reported' | 'already'> {
  const commentId = target.commentId ?? null;
  const clean = cleanBody(note).slice(0, POST_LIMITS.reportNote);
  try {
    await setDoc(doc(db, 'reports', `${target.postId}_${commentId ?? 'post'}_${uid}`), {
      reporterUid: uid,
      postId: target.postId,
      commentId,
      reason: ReportReasonSchema.parse(reason),
      note: clean,
      createdAt: serverTimestamp(),
    });
    return 'reported';
  } catch (err) {
    // Reports cannot be read back: a refusal of a well-formed report means this reader reported it before.
    if (isDenied(err)) return 'already';
    throw err;
  }
}

export function postsRepository(db: Firestore) {
  return {
    /** One board page: 20 posts after the cursor (20 reads; an empty page costs 1). */
    page: (filter: BoardFilter, cursor: PageCursor = null) => pageOf(boardQuery(db, filter, cursor)),
    /** A book's visible public reviews, newest first, 8 at a time after the cursor (the room's book card). */
    bookReviews: (isbn13: string, cursor: PageCursor = null) =>
      pageOf(boardQuery(db, bookReviewsFilter(isbn13), cursor, new Date(), BOOK_REVIEWS_PAGE), BOOK_REVIEWS_PAGE),
    /** Recommendations addressed to the reader, newest first. */
    recommendedTo: (uid: string, cursor: PageCursor = null) => pageOf(postQueries.recommendedTo(db, uid, cursor)),
    /** The reader's own posts (any status; deleted ones are left out of the page). */
    byAuthor: async (uid: string, cursor: PageCursor = null) => {
      const page = await pageOf(postQueries.byAuthor(db, uid, cursor));
      return { ...page, items: page.items.filter((p) => p.status !== 'deleted') };
    },
    /** One post, live (counts agree across panels); null when it does not exist or cannot be read. */
    watchPost(id: string, onChange: (post: PostWithId | null) => void, onError: (err: Error) => void): Unsubscribe {
      return listenDoc(postRef(db, id), (snap) => onChange(parsePost(snap)), onError);
    },
    async get(id: string): Promise<PostWithId | null> {
      return parsePost(await getDoc(postRef(db, id)));
    },
    /** Whether the reader likes the post (one read). */
    async liked(postId: string, uid: string): Promise<boolean> {
      return (await getDoc(likeRef(db, postId, uid))).exists();
    },
    /**
     * Whether the reader likes the post as far as this device knows (no read: the like is in the local
     * cache when it was made or seen here); null when unknown, so opening a post costs the post and its
     * first page of comments only. The panel asks the server (`liked`) when the reader presses Like.
     */
    async likedLocally(postId: string, uid: string): Promise<boolean | null> {
      try {
        return (await getDocFromCache(likeRef(db, postId, uid))).exists();
      } catch {
        return null;
      }
    },
    /**
     * The first page of comments, live (replies sit under their comment: ordered by thread, then time).
     * 20 reads on attach, then one per change.
     */
    watchComments(postId: string, onChange: (page: Page<CommentWithId>) => void, onError: (err: Error) => void): Unsubscribe {
      return onSnapshot(
        postQueries.comments(db, postId),
        (snap) => {
          const items = snap.docs.map(parseComment).filter((c): c is CommentWithId => c !== null);
          onChange({ items, cursor: snap.docs[snap.docs.length - 1] ?? null, hasMore: snap.docs.length === POST_LIMITS.page });
        },
        onError,
      );
    },
    async moreComments(postId: string, cursor: QueryDocumentSnapshot): Promise<Page<CommentWithId>> {
      const snap = await getDocs(postQueries.comments(db, postId, cursor));
      const items = snap.docs.map(parseComment).filter((c): c is CommentWithId => c !== null);
      return { items, cursor: snap.docs[snap.docs.length - 1] ?? null, hasMore: snap.docs.length === POST_LIMITS.page };
    },
    /** The book's average rating and review count, live (null until the first review). */
    watchRatings(isbn13: string, onChange: (r: BookRatings | null) => void, onError: (err: Error) => void): Unsubscribe {
      return onSnapshot(
        ratingsRef(db, isbn13),
        (snap) => {
          if (!snap.exists()) return onChange(null);
          const parsed = BookRatingsSchema.safeParse(timestampsToDates(snap.data({ serverTimestamps: 'estimate' })));
          onChange(parsed.success ? parsed.data : null);
        },
        onError,
      );
    },
  };
}
