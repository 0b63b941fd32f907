import * as z from 'zod/mini';
import { isRoomCode } from '../../shared/room-code';

/**
 * An invite link's room, handed from the background (which opened the panel from the invite page's button) to
 * the side panel through storage.session. The panel takes it once a reader is signed in (signing in first if
 * needed) and opens that room's check on the Room tab. Stale hand-offs are ignored.
 */
export const PENDING_INVITE_KEY = 'pendingInvite';
/** Long enough to sign up first; short enough that an old link does not pop up in a later session. */
export const INVITE_HANDOFF_TTL_MS = 15 * 60_000;

export const PendingInviteSchema = z.object({
  code: z.string().check(z.refine(isRoomCode, 'a room code')),
  at: z.number(),
});
export type PendingInvite = z.infer<typeof PendingInviteSchema>;

/** The hand-off if `value` is one and it is fresh (not older than the TTL, not from the future). */
export function freshInvite(value: unknown, now: number): PendingInvite | null {
  const parsed = PendingInviteSchema.safeParse(value);
  if (!parsed.success) return null;
  const age = now - parsed.data.at;
  return age <= INVITE_HANDOFF_TTL_MS && age >= -60_000 ? parsed.data : null;
}
