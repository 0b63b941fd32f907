import { z } from 'zod';
import { BOOK_LIMITS, BOOK_PATTERNS } from '../book-fields';
import { isAllowedBookLink, isAllowedCoverUrl } from '../cover-hosts';
import { DISPLAY_NAME_MAX, PLAIN_LINE } from '../plain-text';
import { Isbn13Schema } from './detected-book';

/**
 * The one protocol spoken between side panels over WebRTC data channels. The server never sees these
 * messages. Everything arriving here came from another person's machine: parse with parsePeerMessage,
 * which bounds the size, refuses unknown types and extra fields, and never throws.
 */
export const PEER_PROTOCOL_VERSION = 1;

export const PEER_MESSAGE_LIMITS = {
  /** Largest accepted message, measured as UTF-8 bytes of its JSON form. */
  maxBytes: 16 * 1024,
  chatText: 500,
  displayName: DISPLAY_NAME_MAX,
  /** Chat entries carried in a `state` message for late joiners (the sender trims to fit maxBytes). */
  stateChat: 50,
  id: 64,
  peerId: 128,
} as const;

/** A real instant in milliseconds since the epoch (2020 … 2100). */
const EpochMsSchema = z.number().int().min(1_577_836_800_000).max(4_102_444_800_000);
const MessageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id: 1-64 of A-Z a-z 0-9 _ -');
/** A PeerJS peer id as the peer-server issues them (the Firebase uid). */
export const PeerIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$/)
  .max(PEER_MESSAGE_LIMITS.peerId);

/** One line of plain text (shared/plain-text.ts, its one home). */
export { PLAIN_LINE };
export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(PEER_MESSAGE_LIMITS.displayName)
  .regex(PLAIN_LINE, 'display name: one line without control, zero-width or bidi-override characters');
/** A badge id from shared badges (e.g. "bookworm-3"); only its shape is checked here. */
export const BadgeIdSchema = z.string().regex(/^[a-z0-9-]{1,32}$/);
export const LevelSchema = z.number().int().min(0).max(999);

const httpUrl = (schemes: readonly string[]) =>
  z
    .string()
    .max(BOOK_LIMITS.url)
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return schemes.includes(url.protocol) && !url.username && !url.password && value.trim() === value;
        } catch {
          return false;
        }
      },
      `must be an absolute ${schemes.join(' or ')} URL without credentials`,
    );

/**
 * A book shared into the room (a DetectedBook without the page-only fields, plus who shared it and when).
 * The cover must come from a known book-image host over https (shared/cover-hosts.ts), so a card cannot
 * make every viewer's browser call a tracker; the link must be https unless it is a library site that
 * only serves http. Pages, date and category travel with the card so adding it to a shelf keeps them.
 */
export const BookCardSchema = z.strictObject({
  isbn13: Isbn13Schema,
  title: z.string().min(1).max(BOOK_LIMITS.title),
  authors: z.array(z.string().min(1).max(BOOK_LIMITS.author)).max(BOOK_LIMITS.authors),
  publisher: z.string().max(BOOK_LIMITS.publisher).optional(),
  pubDate: z.string().regex(BOOK_PATTERNS.pubDate).optional(),
  pages: z.number().int().positive().max(BOOK_LIMITS.maxPages).optional(),
  categoryPath: z.string().max(BOOK_LIMITS.categoryPath).optional(),
  kdc: z.string().regex(BOOK_PATTERNS.kdc).optional(),
  coverUrl: httpUrl(['https:']).refine(isAllowedCoverUrl, 'coverUrl: only https images from a known book-image host').optional(),
  url: httpUrl(['http:', 'https:']).refine(isAllowedBookLink, 'url: https, or http only for a known library site'),
  sharedBy: PeerIdSchema,
  sharedAt: EpochMsSchema,
});
export type BookCard = z.infer<typeof BookCardSchema>;

/** One line of chat as kept in history (a `state` message): the sender is named explicitly. */
export const ChatEntrySchema = z.strictObject({
  id: MessageIdSchema,
  from: PeerIdSchema,
  fromName: DisplayNameSchema,
  text: z.string().min(1).max(PEER_MESSAGE_LIMITS.chatText),
  sentAt: EpochMsSchema,
});
export type ChatEntry = z.infer<typeof ChatEntrySchema>;

export const HelloMessageSchema = z.strictObject({
  type: z.literal('hello'),
  v: z.number().int().min(1).max(65_535),
  displayName: DisplayNameSchema,
  badge: BadgeIdSchema.optional(),
  level: LevelSchema.optional(),
  muted: z.boolean(),
  cameraOff: z.boolean(),
});
export const StateMessageSchema = z.strictObject({
  type: z.literal('state'),
  bookCard: BookCardSchema.nullable(),
  chat: z.array(ChatEntrySchema).max(PEER_MESSAGE_LIMITS.stateChat),
});
/** Text is only ever text: the receiver renders it with textContent, never as HTML. */
export const ChatMessageSchema = z.strictObject({
  type: z.literal('chat'),
  id: MessageIdSchema,
  text: z.string().min(1).max(PEER_MESSAGE_LIMITS.chatText),
  sentAt: EpochMsSchema,
});
export const MuteMessageSchema = z.strictObject({
  type: z.literal('mute'),
  muted: z.boolean(),
  cameraOff: z.boolean(),
});
export const BookCardMessageSchema = z.strictObject({ type: z.literal('book-card'), card: BookCardSchema });
export const BookCardClearMessageSchema = z.strictObject({ type: z.literal('book-card-clear') });
export const GoodbyeMessageSchema = z.strictObject({ type: z.literal('goodbye') });
export const PingMessageSchema = z.strictObject({ type: z.literal('ping'), id: MessageIdSchema, sentAt: EpochMsSchema });
export const PongMessageSchema = z.strictObject({ type: z.literal('pong'), id: MessageIdSchema, sentAt: EpochMsSchema });
/**
 * A hint, nothing more: "the room's info changed on the server" (the host pinned a marathon, started or
 * cancelled a sprint). Receivers ask the rooms API for the room; nothing in the message is believed.
 */
export const RoomChangedMessageSchema = z.strictObject({ type: z.literal('room-changed') });
/** The most pages a reader can report for one sprint (an hour at a very fast pace, with room to spare). */
export const SPRINT_RESULT_MAX_PAGES = 2000;
/**
 * A reader's result for one reading sprint, for the results card in the chat. The sender is the data
 * channel's verified peer; the sprint is named by its id from the room server.
 */
export const SprintResultMessageSchema = z.strictObject({
  type: z.literal('sprint-result'),
  sprintId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  pagesRead: z.number().int().min(0).max(SPRINT_RESULT_MAX_PAGES),
  /** The book the pages were read in (its title as on the reader's shelf), or null when the reader skipped. */
  bookTitle: z.string().trim().min(1).max(BOOK_LIMITS.title).regex(PLAIN_LINE).nullable(),
});
export type SprintResultMessage = z.infer<typeof SprintResultMessageSchema>;

export const PeerMessageSchema = z.discriminatedUnion('type', [
  HelloMessageSchema,
  StateMessageSchema,
  ChatMessageSchema,
  MuteMessageSchema,
  BookCardMessageSchema,
  BookCardClearMessageSchema,
  GoodbyeMessageSchema,
  PingMessageSchema,
  PongMessageSchema,
  RoomChangedMessageSchema,
  SprintResultMessageSchema,
]);
export type PeerMessage = z.infer<typeof PeerMessageSchema>;
export type PeerMessageType = PeerMessage['type'];
export const PEER_MESSAGE_TYPES = [
  'hello',
  'state',
  'chat',
  'mute',
  'book-card',
  'book-card-clear',
  'goodbye',
  'ping',
  'pong',
  'room-changed',
  'sprint-result',
] as const satisfies readonly PeerMessageType[];

export type ParsePeerMessageResult = { ok: true; message: PeerMessage } | { ok: false; reason: string };

/** UTF-8 length of a string without Node's Buffer (shared/ stays runtime-neutral). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Parse one data-channel message: a JSON string or an already-decoded value (PeerJS' json/binary
 * serialisations hand over objects). Never throws.
 */
export function parsePeerMessage(raw: unknown): ParsePeerMessageResult {
  const max = PEER_MESSAGE_LIMITS.maxBytes;
  let value: unknown;
  if (typeof raw === 'string') {
    // A UTF-8 byte is at least one UTF-16 unit: a cheap bound before counting.
    if (raw.length > max || utf8Length(raw) > max) return { ok: false, reason: `message larger than ${max} bytes` };
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, reason: 'not valid JSON' };
    }
  } else {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
    let json: string | undefined;
    try {
      json = JSON.stringify(raw);
    } catch {
      return { ok: false, reason: 'not serialisable (cycle or BigInt)' };
    }
    if (json === undefined) return { ok: false, reason: 'not serialisable' };
    if (json.length > max || utf8Length(json) > max) return { ok: false, reason: `message larger than ${max} bytes` };
    // Re-read the JSON form so only plain data (no getters, prototypes or class instances) reaches zod.
    value = JSON.parse(json);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not an object' };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !(PEER_MESSAGE_TYPES as readonly string[]).includes(type)) {
    return { ok: false, reason: 'unknown message type' };
  }
  try {
    const result = PeerMessageSchema.safeParse(value);
    if (result.success) return { ok: true, message: result.data };
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : type;
    return { ok: false, reason: `invalid ${type} message at ${where}: ${issue?.message ?? 'invalid'}` };
  } catch {
    return { ok: false, reason: 'invalid message' };
  }
}

/** Serialise a message for sending, refusing (with a reason) anything the receiver would refuse. */
export function encodePeerMessage(message: PeerMessage): ParsePeerMessageResult & { json?: string } {
  const json = JSON.stringify(message);
  const parsed = parsePeerMessage(json);
  return parsed.ok ? { ...parsed, json } : parsed;
}

/**
 * Build the `state` message for a late joiner: the newest chat entries that fit within maxBytes
 * (oldest dropped first), so a full history never makes the message too large to send.
 */
export function buildStateMessage(bookCard: BookCard | null, chat: readonly ChatEntry[]): PeerMessage & { type: 'state' } {
  let entries = chat.slice(-PEER_MESSAGE_LIMITS.stateChat);
  for (;;) {
    const message = { type: 'state' as const, bookCard, chat: entries };
    if (utf8Length(JSON.stringify(message)) <= PEER_MESSAGE_LIMITS.maxBytes || entries.length === 0) return message;
    entries = entries.slice(1);
  }
}
