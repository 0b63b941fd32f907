import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PasscodeHash } from './passcode';
import { createRejoinGrants, type RejoinGrants } from './rejoin-grant';

/**
 * Room tickets let a room survive a peer-server restart without letting a stranger re-create it.
 * Every successful join returns a ticket: the room's settings (code, capacity, name, passcode hash)
 * and an expiry, signed with HMAC-SHA256 under ROOM_TICKET_SECRET (which survives restarts, unlike the
 * rooms). After a restart, a member's `restore.ticket` re-creates the room exactly as it was — the
 * original passcode hash included — so whoever restores first cannot choose a new passcode.
 */
export type RoomTicketData = {
  code: string;
  capacity: number;
  name: string | null;
  passcode: PasscodeHash | null;
  /** The room instance's id (rejoin grants are bound to it); absent in tickets issued before grants. */
  roomId?: string;
  /**
   * True for a plain room (not a club's standing room): restoring it needs no look-up of the club directory,
   * so a node loss's burst of restores does not wait on Firestore. Absent (older tickets, club rooms): look up.
   */
  plain?: boolean;
  /** Unix seconds. */
  expiresAt: number;
};

export type RoomTickets = {
  issue(room: Omit<RoomTicketData, 'expiresAt'>): string;
  /** The ticket's room if the signature holds, it is for `code` and not expired; otherwise null. */
  verify(code: string, ticket: string): RoomTicketData | null;
  /** Rejoin grants under the same secret (domain-separated), so they stay valid across a restart too. */
  rejoinGrants: RejoinGrants;
};

type Wire = {
  v: 1;
  c: string;
  k: number;
  n: string | null;
  p: { s: string; h: string; N: number; r: number; p: number } | null;
  i?: string;
  l?: 1;
  e: number;
};

export function createRoomTickets({
  secret,
  ttlSeconds = 24 * 3600,
  now = Date.now,
}: {
  secret: string;
  ttlSeconds?: number;
  now?: () => number;
}): RoomTickets {
  const sign = (body: string) => createHmac('sha256', secret).update(`chaekbang-room-ticket.${body}`).digest('base64url');
  return {
    rejoinGrants: createRejoinGrants({ secret, now }),
    issue(room) {
      const wire: Wire = {
        v: 1,
        c: room.code,
        k: room.capacity,
        n: room.name,
        p: room.passcode
          ? {
              s: room.passcode.salt.toString('base64url'),
              h: room.passcode.hash.toString('base64url'),
              N: room.passcode.N,
              r: room.passcode.r,
              p: room.passcode.p,
            }
          : null,
        ...(room.roomId ? { i: room.roomId } : {}),
        ...(room.plain ? { l: 1 as const } : {}),
        e: Math.floor(now() / 1000) + ttlSeconds,
      };
      const body = Buffer.from(JSON.stringify(wire)).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    verify(code, ticket) {
      if (typeof ticket !== 'string' || ticket.length > 2048) return null;
      const [body, mac, extra] = ticket.split('.');
      if (!body || !mac || extra !== undefined) return null;
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let wire: Wire;
      try {
        wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Wire;
      } catch {
        return null;
      }
      if (wire.v !== 1 || wire.c !== code || wire.e * 1000 <= now()) return null;
      return {
        code: wire.c,
        capacity: wire.k,
        name: wire.n,
        passcode: wire.p
          ? {
              salt: Buffer.from(wire.p.s, 'base64url'),
              hash: Buffer.from(wire.p.h, 'base64url'),
              N: wire.p.N,
              r: wire.p.r,
              p: wire.p.p,
            }
          : null,
        ...(typeof wire.i === 'string' ? { roomId: wire.i } : {}),
        ...(wire.l === 1 ? { plain: true } : {}),
        expiresAt: wire.e,
      };
    },
  };
}
