import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Rejoin grants let a member come back to a passcode room after an unplanned exit (panel closed, browser
 * crashed) without the client keeping the passcode. Every successful join returns a fresh grant: the room
 * code, the room's instance id (a room re-created later under the same code is another room), the member's
 * uid and an expiry, signed with HMAC-SHA256. A join with a valid grant for the same uid and room skips the
 * passcode check: it is neither a guess nor blocked by a lock-out, since the grant proves earlier
 * membership. Anything else (tampered, expired, another uid or room) counts as no grant at all.
 *
 * The key is ROOM_TICKET_SECRET when configured (domain-separated from room tickets), otherwise a random
 * per-process secret: grants need not survive a restart.
 */
export const REJOIN_GRANT_TTL_MS = 15 * 60_000;
/** Upper bound on a grant's length (the join request's schema allows this much). */
export const REJOIN_GRANT_MAX_LENGTH = 512;

export type RejoinGrantSubject = { code: string; roomId: string; uid: string };

export type RejoinGrants = {
  issue(subject: RejoinGrantSubject): string;
  /** True only for an unexpired grant with a valid signature for exactly this room instance and uid. */
  verify(subject: RejoinGrantSubject, grant: string | undefined): boolean;
};

type Wire = { v: 1; c: string; i: string; u: string; e: number };

export function createRejoinGrants({
  secret = randomBytes(32),
  ttlMs = REJOIN_GRANT_TTL_MS,
  now = Date.now,
}: {
  secret?: string | Buffer;
  ttlMs?: number;
  now?: () => number;
} = {}): RejoinGrants {
  const sign = (body: string) => createHmac('sha256', secret).update(`chaekbang-rejoin-grant.${body}`).digest('base64url');
  return {
    issue({ code, roomId, uid }) {
      const wire: Wire = { v: 1, c: code, i: roomId, u: uid, e: now() + ttlMs };
      const body = Buffer.from(JSON.stringify(wire)).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    verify({ code, roomId, uid }, grant) {
      if (typeof grant !== 'string' || grant.length > REJOIN_GRANT_MAX_LENGTH) return false;
      const [body, mac, extra] = grant.split('.');
      if (!body || !mac || extra !== undefined) return false;
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
      let wire: Partial<Wire>;
      try {
        wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Wire>;
      } catch {
        return false;
      }
      return (
        wire.v === 1 && wire.c === code && wire.i === roomId && wire.u === uid && typeof wire.e === 'number' && wire.e > now()
      );
    },
  };
}
