import { describe, expect, it } from 'vitest';
import { createRoomTickets } from './room-ticket';

const SECRET = 'a-room-ticket-secret-of-32-chars-or-more';
const room = {
  code: 'AB3DEF',
  capacity: 4,
  name: '수요 독서회',
  passcode: { salt: Buffer.from('salty'), hash: Buffer.alloc(32, 7), N: 16_384, r: 8, p: 1 },
};

describe('room tickets', () => {
  it('round-trips the room settings, passcode hash included', () => {
    const t = 1_764_000_000_000;
    const tickets = createRoomTickets({ secret: SECRET, now: () => t });
    const data = tickets.verify('AB3DEF', tickets.issue(room));
    expect(data).toMatchObject({ code: 'AB3DEF', capacity: 4, name: '수요 독서회', expiresAt: t / 1000 + 24 * 3600 });
    expect(data?.passcode?.hash.equals(room.passcode.hash)).toBe(true);
    expect(data?.passcode?.salt.equals(room.passcode.salt)).toBe(true);
    expect(tickets.verify('AB3DEF', tickets.issue({ ...room, passcode: null }))?.passcode).toBe(null);
  });

  it('refuses tampered, foreign, expired and junk tickets', () => {
    let t = 1_764_000_000_000;
    const tickets = createRoomTickets({ secret: SECRET, ttlSeconds: 60, now: () => t });
    const ticket = tickets.issue(room);
    const [body, mac] = ticket.split('.') as [string, string];
    const forgedBody = Buffer.from(Buffer.from(body, 'base64url').toString().replace('"k":4', '"k":12')).toString('base64url');
    expect(tickets.verify('AB3DEF', `${forgedBody}.${mac}`)).toBe(null);
    expect(tickets.verify('ZZZZZZ', ticket)).toBe(null); // a ticket for another room
    expect(createRoomTickets({ secret: `${SECRET}-other`, now: () => t }).verify('AB3DEF', ticket)).toBe(null);
    for (const junk of ['', '.', 'abc', `${body}.`, `${body}.${mac}.x`, 'x'.repeat(5000)])
      expect(tickets.verify('AB3DEF', junk)).toBe(null);
    expect(tickets.verify('AB3DEF', ticket)).not.toBe(null);
    t += 61_000;
    expect(tickets.verify('AB3DEF', ticket)).toBe(null);
  });
});

describe('room tickets: plain rooms', () => {
  it('a plain room’s ticket says so (its restore skips the club look-up); a club room’s and an older ticket do not, and the flag cannot be forged', () => {
    const tickets = createRoomTickets({ secret: SECRET });
    const base = { code: 'AB3DEF', capacity: 6, name: null, passcode: null };
    const plain = tickets.issue({ ...base, plain: true });
    expect(tickets.verify('AB3DEF', plain)?.plain).toBe(true);
    expect(tickets.verify('AB3DEF', tickets.issue({ ...base, plain: false }))?.plain).toBeUndefined();
    const club = tickets.issue(base);
    expect(tickets.verify('AB3DEF', club)?.plain).toBeUndefined();
    const [body, mac] = club.split('.') as [string, string];
    const flagged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('"e":', '"l":1,"e":')).toString('base64url');
    expect(tickets.verify('AB3DEF', `${flagged}.${mac}`)).toBe(null);
  });
});
