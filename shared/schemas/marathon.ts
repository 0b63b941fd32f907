import { z } from 'zod';
import { PLAIN_LINE } from './peer-messages';
import { BookSnapshotSchema, HttpsUrlSchema } from './shelf-entry';

/**
 * Reading marathons (독서마라톤, issue 11): marathons/{id}, marathons/{id}/participants/{uid},
 * marathons/{id}/logs/{logId}, marathons/{id}/invites/{code}, and the reader's own list of the marathons
 * they are in, users/{uid}/marathons/{id}. firebase/firestore.rules checks the same shapes.
 */
export const MARATHON_LIMITS = {
  title: 80,
  targetPages: { min: 1, max: 100_000 },
  targetBooks: { min: 1, max: 1_000 },
  /** The longest window: a year (a leap year's 366 days). */
  maxDays: 366,
  /** One shelf change never moves more pages than a book holds (MAX_PAGES in shared/reading.ts). */
  maxDelta: 20_000,
} as const;

const DAY_MS = 86_400_000;

export const MarathonTitleSchema = z
  .string()
  .trim()
  .min(1, 'title: required')
  .max(MARATHON_LIMITS.title)
  .regex(PLAIN_LINE, 'title: one line of plain text');

/** The single book a marathon may be about (a snapshot of the shelf's book, by ISBN). */
export const MarathonBookSchema = z.strictObject({
  isbn13: BookSnapshotSchema.shape.isbn13,
  title: BookSnapshotSchema.shape.title,
  authors: BookSnapshotSchema.shape.authors,
  coverUrl: HttpsUrlSchema.nullable(),
});
export type MarathonBook = z.infer<typeof MarathonBookSchema>;

const TargetPagesSchema = z.number().int().min(MARATHON_LIMITS.targetPages.min).max(MARATHON_LIMITS.targetPages.max);
const TargetBooksSchema = z.number().int().min(MARATHON_LIMITS.targetBooks.min).max(MARATHON_LIMITS.targetBooks.max);

/** marathons/{id}: personal (clubId null, joined by invite code) or a club's (readable by its members). */
export const MarathonSchema = z
  .strictObject({
    title: MarathonTitleSchema,
    ownerUid: z.string().min(1).max(128),
    clubId: z.string().min(1).max(128).nullable(),
    startAt: z.date(),
    endAt: z.date(),
    targetPages: TargetPagesSchema,
    targetBooks: TargetBooksSchema.nullable(),
    book: MarathonBookSchema.nullable(),
    createdAt: z.date(),
  })
  .refine((m) => m.endAt > m.startAt, { message: 'the end is after the start', path: ['endAt'] })
  .refine((m) => m.endAt.getTime() - m.startAt.getTime() <= MARATHON_LIMITS.maxDays * DAY_MS, {
    message: 'a marathon lasts at most a year',
    path: ['endAt'],
  });
export type Marathon = z.infer<typeof MarathonSchema> & { id: string };

/** marathons/{id}/participants/{uid}: one reader's running total. Only a log in the same batch moves it. */
export const ParticipantSchema = z.strictObject({
  uid: z.string().min(1).max(128),
  displayName: z.string().min(1).max(40),
  pages: z.number().int(),
  books: z.number().int(),
  hidden: z.boolean(),
  lastLogId: z.string().min(1).max(40).nullable(),
  joinedAt: z.date(),
  updatedAt: z.date(),
  inviteCode: z.string().optional(),
});
export type Participant = z.infer<typeof ParticipantSchema>;

/** marathons/{id}/logs/{logId}: append-only; one per shelf page change, with its own instant. */
export const MarathonLogSchema = z.strictObject({
  uid: z.string().min(1).max(128),
  isbn13: BookSnapshotSchema.shape.isbn13,
  delta: z.number().int().min(-MARATHON_LIMITS.maxDelta).max(MARATHON_LIMITS.maxDelta),
  books: z.number().int().min(-1).max(1),
  at: z.date(),
});
export type MarathonLog = z.infer<typeof MarathonLogSchema> & { id: string };

/** users/{uid}/marathons/{id}: the reader's own list of the marathons they are in (what the shelf hook reads). */
export const MembershipSchema = z.strictObject({
  marathonId: z.string().min(1).max(40),
  title: MarathonTitleSchema,
  clubId: z.string().min(1).max(128).nullable(),
  startAt: z.date(),
  endAt: z.date(),
  targetPages: TargetPagesSchema,
  targetBooks: TargetBooksSchema.nullable(),
  bookIsbn: z.nullable(BookSnapshotSchema.shape.isbn13),
  joinedAt: z.date(),
});
export type Membership = z.infer<typeof MembershipSchema>;

/** What the create form sends (dates already resolved from the reader's own time zone). */
export const MarathonInputSchema = z
  .strictObject({
    title: MarathonTitleSchema,
    clubId: z.string().min(1).max(128).nullable(),
    startAt: z.date(),
    endAt: z.date(),
    targetPages: TargetPagesSchema,
    targetBooks: TargetBooksSchema.nullable(),
    book: MarathonBookSchema.nullable(),
  })
  .refine((m) => m.endAt > m.startAt, { message: 'end-before-start', path: ['endAt'] });
export type MarathonInput = z.infer<typeof MarathonInputSchema>;

/** Invite codes: the marathon's id and a secret of 8 characters a person can read aloud ("id-SECRET"). */
export const INVITE_SECRET_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITE_SECRET_LENGTH = 8;
const INVITE_PATTERN = /^([A-Za-z0-9]{10,40})-([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8})$/;

export function formatInviteCode(marathonId: string, secret: string): string {
  return `${marathonId}-${secret}`;
}

/** The marathon and the secret of an invite code as typed or pasted (spaces trimmed, secret upper-cased). */
export function parseInviteCode(code: string): { marathonId: string; secret: string } | null {
  const trimmed = code.trim().replace(/\s+/g, '');
  const dash = trimmed.lastIndexOf('-');
  if (dash < 0) return null;
  const normalised = `${trimmed.slice(0, dash)}-${trimmed.slice(dash + 1).toUpperCase()}`;
  const match = INVITE_PATTERN.exec(normalised);
  return match?.[1] && match[2] ? { marathonId: match[1], secret: match[2] } : null;
}
