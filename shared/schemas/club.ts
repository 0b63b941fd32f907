import { z } from 'zod';
import { type RandomBytes, ROOM_CODE_ALPHABET } from '../room-code';
import { PLAIN_LINE } from './peer-messages';
import { BookSnapshotSchema } from './shelf-entry';
import { DisplayNameSchema } from './user-profile';

/**
 * Clubs (issue 11): a book club that lasts beyond one call. Firestore layout (firebase/firestore.rules,
 * the "clubs" block, says who may do what):
 * - clubs/{clubId}: the club, with a `members` map (uid → true) kept in the same batch as each member
 *   document, so a rule can test "both readers are in this club" with one read;
 * - clubs/{clubId}/members/{uid}: exists if and only if that reader is an active member;
 * - clubs/{clubId}/requests/{uid}: a join request waiting for a host or co-host (clubs with approval);
 * - clubs/{clubId}/private/invite: the club's current invite code (hosts and co-hosts only);
 * - clubInvites/{code}: the invite itself (readable by whoever holds the code; never listed);
 * - users/{uid}/clubs/index: the reader's own list of club ids (joined or requested), at most 8.
 */
export const CLUB_LIMITS = {
  name: 60,
  description: 500,
  coHosts: 5,
  members: 300,
  meetings: 12,
  meetingNote: 80,
  clubsPerReader: 8,
  membersPage: 30,
  requestsPage: 50,
  publicPage: 20,
} as const;

export const CLUB_VISIBILITIES = ['public', 'private'] as const;
export const ClubVisibilitySchema = z.enum(CLUB_VISIBILITIES);
export type ClubVisibility = z.infer<typeof ClubVisibilitySchema>;

export const CLUB_ROLES = ['host', 'cohost', 'member'] as const;
export const ClubRoleSchema = z.enum(CLUB_ROLES);
export type ClubRole = z.infer<typeof ClubRoleSchema>;

/** Invite codes: 8 characters of the room-code alphabet (no look-alikes), shown as "ABCD-EFGH". */
export const INVITE_CODE_LENGTH = 8;
const INVITE_PATTERN = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`);
export const InviteCodeSchema = z.string().regex(INVITE_PATTERN, 'an invite code is 8 letters and digits');

/** Any uid Firebase Auth issues (and nothing that could break a document path). */
export const UidSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a reader id');
export const ClubIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a club id');

export const ClubNameSchema = z
  .string()
  .trim()
  .min(1, 'a club needs a name')
  .max(CLUB_LIMITS.name, `a club name is at most ${CLUB_LIMITS.name} characters`)
  .regex(PLAIN_LINE, 'a club name is one line of plain text');
export const ClubDescriptionSchema = z
  .string()
  .trim()
  .max(CLUB_LIMITS.description, `a description is at most ${CLUB_LIMITS.description} characters`);

/** The club's current book: the snapshot every member sees (title, authors, cover), no publisher. */
export const ClubBookSchema = z.strictObject({
  isbn13: BookSnapshotSchema.shape.isbn13,
  title: BookSnapshotSchema.shape.title,
  authors: BookSnapshotSchema.shape.authors,
  coverUrl: z
    .string()
    .max(2048)
    .regex(/^https:\/\/\S+$/)
    .nullable(),
});
export type ClubBook = z.infer<typeof ClubBookSchema>;

const PageNumber = z.number().int().min(1).max(20000);
const meetingFields = {
  at: z.date(),
  note: z
    .string()
    .trim()
    .max(CLUB_LIMITS.meetingNote, `a meeting note is at most ${CLUB_LIMITS.meetingNote} characters`)
    .regex(PLAIN_LINE, 'a meeting note is one line of plain text'),
  fromPage: PageNumber.nullable(),
  toPage: PageNumber.nullable(),
};
const rangeInOrder = (m: { fromPage: number | null; toPage: number | null }) =>
  m.fromPage === null || m.toPage === null || m.toPage >= m.fromPage;
const RANGE_MESSAGE = { message: 'the page range ends before it starts', path: ['toPage'] };
/** What a host enters for one meeting: an instant, and what to read by then (a chapter note and/or pages). */
export const MeetingInputSchema = z.strictObject(meetingFields).refine(rangeInOrder, RANGE_MESSAGE);
export type MeetingInput = z.infer<typeof MeetingInputSchema>;
/** clubs/{clubId}/meetings/{meetingId}. */
export const MeetingDocSchema = z
  .strictObject({ ...meetingFields, updatedBy: z.string(), updatedAt: z.date() })
  .refine(rangeInOrder, RANGE_MESSAGE);
export type Meeting = MeetingInput & { id: string };

export const ClubDocSchema = z.strictObject({
  name: ClubNameSchema,
  description: z.string().max(CLUB_LIMITS.description),
  visibility: ClubVisibilitySchema,
  requireApproval: z.boolean(),
  hostUid: UidSchema,
  coHostUids: z.array(UidSchema).max(CLUB_LIMITS.coHosts),
  members: z.record(z.string(), z.literal(true)),
  /** The club's standing room (shared/room-code.ts format), chosen at creation. */
  roomCode: z.string().regex(new RegExp(`^[${ROOM_CODE_ALPHABET}]{6}$`)),
  currentBook: ClubBookSchema.nullable(),
  /** The member added, removed or given a new role by the last write (the rules check that one). */
  lastMemberUid: z.string().nullable().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ClubDoc = z.infer<typeof ClubDocSchema>;
export type Club = ClubDoc & { id: string };

export const ClubMemberSchema = z.strictObject({
  uid: UidSchema,
  displayName: DisplayNameSchema,
  role: ClubRoleSchema,
  joinedAt: z.date(),
  /** The invite code used to join (null: a public club, or the founder). */
  via: InviteCodeSchema.nullable(),
});
export type ClubMember = z.infer<typeof ClubMemberSchema>;

export const JoinRequestSchema = z.strictObject({
  uid: UidSchema,
  displayName: DisplayNameSchema,
  createdAt: z.date(),
  via: InviteCodeSchema.nullable(),
});
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const ClubInviteSchema = z.strictObject({
  clubId: ClubIdSchema,
  clubName: ClubNameSchema,
  requireApproval: z.boolean(),
  createdBy: UidSchema,
  createdAt: z.date(),
});
export type ClubInvite = z.infer<typeof ClubInviteSchema>;

export const ClubIndexSchema = z.strictObject({
  clubIds: z.array(ClubIdSchema).max(CLUB_LIMITS.clubsPerReader),
  updatedAt: z.date(),
});
export type ClubIndex = z.infer<typeof ClubIndexSchema>;

/** What the create form sends (validated before anything is written). */
export const NewClubSchema = z.strictObject({
  name: ClubNameSchema,
  description: ClubDescriptionSchema,
  visibility: ClubVisibilitySchema,
  requireApproval: z.boolean(),
});
export type NewClub = z.infer<typeof NewClubSchema>;

const webCryptoRandom: RandomBytes = (bytes) => {
  const c = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
  if (!c?.getRandomValues) throw new Error('No Web Crypto getRandomValues: invite codes need a strong random source.');
  return c.getRandomValues(bytes);
};

/** A fresh invite code (rejection sampling: every character equally likely). */
export function generateInviteCode(random: RandomBytes = webCryptoRandom): string {
  const n = ROOM_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  for (let round = 0; round < 64 && code.length < INVITE_CODE_LENGTH; round++) {
    for (const b of random(new Uint8Array(16))) {
      if (b >= limit) continue;
      code += ROOM_CODE_ALPHABET[b % n];
      if (code.length === INVITE_CODE_LENGTH) break;
    }
  }
  if (code.length !== INVITE_CODE_LENGTH) throw new Error('The random source returned too many out-of-range bytes.');
  return code;
}

/**
 * What a reader pasted: an invite code ("abcd-efgh", spaces or dashes allowed) or an invite link
 * (anything with `club=<id>` and `code=<code>` in its hash or query). Null when it is neither.
 */
export function parseInvite(input: unknown): { code: string; clubId: string | null } | null {
  if (typeof input !== 'string' || input.length > 2048) return null;
  const text = input.trim();
  const codeParam = text.match(/[#?&]code=([^&\s]+)/);
  const clubParam = text.match(/[#?&]club=([^&\s]+)/);
  const raw = codeParam ? decodeURIComponent(codeParam[1] ?? '') : text;
  const code = raw.replace(/[\s\-_\u2010-\u2015]+/g, '').toUpperCase();
  if (!INVITE_PATTERN.test(code)) return null;
  const clubId = clubParam ? decodeURIComponent(clubParam[1] ?? '') : null;
  return { code, clubId: clubId && ClubIdSchema.safeParse(clubId).success ? clubId : null };
}

export function formatInviteCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The hash the panel reads to open a club's join screen: "#club=<id>&code=<code>". */
export function inviteHash(clubId: string, code: string): string {
  return `#club=${encodeURIComponent(clubId)}&code=${encodeURIComponent(code)}`;
}

/** A member's role as the club document says it (the member documents follow it). */
export function roleIn(club: Pick<ClubDoc, 'hostUid' | 'coHostUids'>, uid: string): ClubRole {
  if (club.hostUid === uid) return 'host';
  return club.coHostUids.includes(uid) ? 'cohost' : 'member';
}

/** Host or co-host: may edit the club, approve requests and remove plain members. */
export function leads(club: Pick<ClubDoc, 'hostUid' | 'coHostUids'>, uid: string): boolean {
  return roleIn(club, uid) !== 'member';
}

/** The next meeting at or after `now` (meetings that started up to an hour ago still count as "now"). */
export function nextMeeting<M extends Pick<Meeting, 'at'>>(
  meetings: readonly M[],
  now: number,
  graceMs = 60 * 60 * 1000,
): M | null {
  let best: M | null = null;
  for (const m of meetings) {
    if (m.at.getTime() < now - graceMs) continue;
    if (!best || m.at.getTime() < best.at.getTime()) best = m;
  }
  return best;
}
