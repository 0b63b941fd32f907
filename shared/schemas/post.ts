import { z } from 'zod';
import { CategoryIdSchema } from '../categories';
import { isHalfStar, MAX_PAGES } from '../reading';
import { BOOK_LIMITS, Isbn13Schema } from './detected-book';
import { PLAIN_LINE } from './peer-messages';
import { HttpsUrlSchema } from './shelf-entry';

/**
 * The review and recommendation board (issue 12): posts/{id}, posts/{id}/likes/{uid},
 * posts/{id}/comments/{cid}, reports/{id}, bookRatings/{isbn13} and the posting rate limit
 * users/{uid}/limits/posting. firebase/firestore.rules (the `// ---- board` block) checks the same shapes.
 */

export const POST_LIMITS = {
  body: 20_000,
  title: 200,
  comment: 2_000,
  reportNote: 500,
  /** Page size of every board list (the rules refuse a bigger limit). */
  page: 20,
  /** Seconds between two posts of one reader (the rules enforce it). */
  postIntervalSeconds: 30,
} as const;

export const POST_KINDS = ['review', 'essay', 'recommendation', 'quote'] as const;
export const PostKindSchema = z.enum(POST_KINDS);
export type PostKind = z.infer<typeof PostKindSchema>;

export const POST_STATUSES = ['visible', 'hidden', 'deleted'] as const;
export const PostStatusSchema = z.enum(POST_STATUSES);
export type PostStatus = z.infer<typeof PostStatusSchema>;

/** Whom a recommendation is for: everyone who can read the post, the post's club, or one reader. */
export const AUDIENCES = ['everyone', 'club', 'member'] as const;
export const AudienceSchema = z.enum(AUDIENCES);
export type Audience = z.infer<typeof AudienceSchema>;

export const REPORT_REASONS = ['spam', 'abuse', 'spoiler', 'other'] as const;
export const ReportReasonSchema = z.enum(REPORT_REASONS);
export type ReportReason = z.infer<typeof ReportReasonSchema>;

export const BOARD_SORTS = ['newest', 'liked', 'discussed'] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];

export const RatingSchema = z.number().refine(isHalfStar, 'rating is 0.5 to 5 in steps of 0.5');
const PageOrNull = z.number().int().min(1).max(MAX_PAGES).nullable();
const Uid = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a reader id');
const Line = (max: number) => z.string().max(max).regex(PLAIN_LINE, 'one line without control characters');
/** Multi-line text: line breaks and tabs are kept; other control, zero-width and bidi characters are not. */
export const PLAIN_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]*$/;
const Text = (max: number) => z.string().max(max).regex(PLAIN_TEXT, 'plain text without control characters');

/** Start of the UTC week (Monday) a moment falls in, as a week number: "most discussed this week". */
export function weekOf(date: Date): number {
  // 1970-01-01 was a Thursday: shift by 3 days so weeks start on Monday.
  return Math.floor((date.getTime() + 3 * 86_400_000) / 604_800_000);
}

export const PostSchema = z
  .strictObject({
    kind: PostKindSchema,
    isbn13: Isbn13Schema,
    bookTitle: z.string().trim().min(1).max(BOOK_LIMITS.title),
    bookAuthors: z.array(z.string().min(1).max(BOOK_LIMITS.author)).max(BOOK_LIMITS.authors),
    bookCoverUrl: HttpsUrlSchema.nullable(),
    category: CategoryIdSchema,
    authorUid: Uid,
    authorName: Line(40).min(1),
    authorLevel: z.number().int().min(1).max(99),
    /** Essays carry a title; other kinds an empty string. */
    title: Line(POST_LIMITS.title),
    body: Text(POST_LIMITS.body),
    rating: RatingSchema.nullable(),
    quotePage: PageOrNull,
    audience: AudienceSchema.nullable(),
    toUid: Uid.nullable(),
    toName: Line(40).nullable(),
    /** Readers below this page of the book see the text collapsed (null: no spoiler). */
    spoilerPage: PageOrNull,
    clubId: z.string().min(1).max(128).nullable(),
    status: PostStatusSchema,
    likeCount: z.number().int().min(0),
    commentCount: z.number().int().min(0),
    lastCommentId: z.string().max(128).nullable(),
    week: z.number().int(),
    createdAt: z.date(),
    editedAt: z.date().nullable(),
  })
  .superRefine((p, ctx) => {
    if (p.status === 'deleted') return;
    if (p.body.trim().length === 0) ctx.addIssue({ code: 'custom', path: ['body'], message: 'the text is empty' });
    if (p.kind === 'review' && p.rating === null)
      ctx.addIssue({ code: 'custom', path: ['rating'], message: 'a review has a rating' });
    if (p.kind === 'essay' && p.title.trim().length === 0)
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'an essay has a title' });
    if (p.kind === 'quote' && p.quotePage === null)
      ctx.addIssue({ code: 'custom', path: ['quotePage'], message: 'a quote has its page' });
  });
export type Post = z.infer<typeof PostSchema>;
export type PostWithId = Post & { id: string };

export const CommentSchema = z.strictObject({
  authorUid: Uid,
  authorName: Line(40).min(1),
  body: Text(POST_LIMITS.comment),
  /** null for a comment on the post; the id of a top-level comment for a reply (one level). */
  parentId: z.string().max(128).nullable(),
  /** Sort key that keeps replies under their comment: the top-level comment's key, shared by its replies. */
  thread: z.string().min(1).max(64),
  spoilerPage: PageOrNull,
  status: z.enum(['visible', 'deleted']),
  createdAt: z.date(),
  editedAt: z.date().nullable(),
});
export type Comment = z.infer<typeof CommentSchema>;
export type CommentWithId = Comment & { id: string };

export const BookRatingsSchema = z.strictObject({
  isbn13: Isbn13Schema,
  /** Sum of the ratings of visible public reviews, in half stars (4.5 counts 9). */
  halfStars: z.number().int().min(0),
  reviewCount: z.number().int().min(0),
  lastPostId: z.string().max(128),
  updatedAt: z.date(),
});
export type BookRatings = z.infer<typeof BookRatingsSchema>;

/** Average rating in stars (one decimal) or null without reviews. */
export function averageRating(r: Pick<BookRatings, 'halfStars' | 'reviewCount'> | null | undefined): number | null {
  if (!r || r.reviewCount <= 0) return null;
  return Math.round((r.halfStars / 2 / r.reviewCount) * 10) / 10;
}

/** What a post adds to its book's rating counters: only visible, public reviews count. */
export function ratingContribution(p: Pick<Post, 'kind' | 'status' | 'clubId' | 'rating'> | null): {
  halfStars: number;
  reviews: number;
} {
  if (p?.kind !== 'review' || p.status !== 'visible' || p.clubId !== null || p.rating === null)
    return { halfStars: 0, reviews: 0 };
  return { halfStars: Math.round(p.rating * 2), reviews: 1 };
}

export const ReportSchema = z.strictObject({
  reporterUid: Uid,
  postId: z.string().min(1).max(128),
  commentId: z.string().min(1).max(128).nullable(),
  reason: ReportReasonSchema,
  note: Text(POST_LIMITS.reportNote),
  createdAt: z.date(),
});
export type Report = z.infer<typeof ReportSchema>;

/** What a reader writes; the repository adds the book snapshot, author, counters and times. */
export const PostDraftSchema = z
  .object({
    kind: PostKindSchema,
    isbn13: Isbn13Schema,
    title: z.string().max(POST_LIMITS.title).default(''),
    body: z.string().max(POST_LIMITS.body),
    rating: RatingSchema.nullable().default(null),
    quotePage: PageOrNull.default(null),
    audience: AudienceSchema.nullable().default(null),
    toUid: Uid.nullable().default(null),
    toName: Line(40).nullable().default(null),
    spoilerPage: PageOrNull.default(null),
    clubId: z.string().min(1).max(128).nullable().default(null),
  })
  .superRefine((d, ctx) => {
    if (d.body.trim().length === 0) ctx.addIssue({ code: 'custom', path: ['body'], message: 'empty' });
    if (d.kind === 'review' && d.rating === null) ctx.addIssue({ code: 'custom', path: ['rating'], message: 'rating' });
    if (d.kind === 'essay' && d.title.trim().length === 0) ctx.addIssue({ code: 'custom', path: ['title'], message: 'title' });
    if (d.kind === 'quote' && d.quotePage === null) ctx.addIssue({ code: 'custom', path: ['quotePage'], message: 'page' });
    if (d.kind === 'recommendation' && d.audience === 'member' && !d.toUid)
      ctx.addIssue({ code: 'custom', path: ['toUid'], message: 'recipient' });
    if (d.audience === 'club' && !d.clubId) ctx.addIssue({ code: 'custom', path: ['clubId'], message: 'club' });
  });
export type PostDraft = z.input<typeof PostDraftSchema>;
