import { describe, expect, it } from 'vitest';
import {
  ClubBookSchema,
  formatInviteCode,
  generateInviteCode,
  inviteHash,
  leads,
  MeetingInputSchema,
  NewClubSchema,
  nextMeeting,
  parseInvite,
  roleIn,
} from './club';

describe('invite codes', () => {
  it('are 8 characters of the room-code alphabet, uniformly drawn', () => {
    for (let i = 0; i < 200; i++) expect(generateInviteCode()).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    // bytes >= 248 are thrown away (no bias): a source of only 255s then zeros yields "2"s
    let calls = 0;
    const code = generateInviteCode((b) => b.fill(calls++ === 0 ? 255 : 0));
    expect(code).toBe('22222222');
    expect(() => generateInviteCode((b) => b.fill(255))).toThrow(/out-of-range/);
  });
  it('parse from what a person pastes: the code in any case with spaces or dashes, or a whole link', () => {
    expect(parseInvite('abcd-efgh')).toEqual({ code: 'ABCDEFGH', clubId: null });
    expect(parseInvite('  ABCD EFGH ')).toEqual({ code: 'ABCDEFGH', clubId: null });
    const link = `chrome-extension://abc/sidepanel.html${inviteHash('club_1', 'ABCDEFGH')}`;
    expect(parseInvite(link)).toEqual({ code: 'ABCDEFGH', clubId: 'club_1' });
    expect(parseInvite('#club=../x&code=ABCDEFGH')).toEqual({ code: 'ABCDEFGH', clubId: null });
  });
  it('refuse what cannot be a code (look-alikes, wrong length, not text)', () => {
    for (const bad of ['ABCD-EFG', 'ABCD-EFGHJ', 'ABCD-EFG0', 'ABCD-EFGI', '', 42, null, 'x'.repeat(3000)])
      expect(parseInvite(bad)).toBeNull();
  });
  it('show as ABCD-EFGH', () => {
    expect(formatInviteCode('ABCDEFGH')).toBe('ABCD-EFGH');
  });
});

describe('roles', () => {
  const club = { hostUid: 'h', coHostUids: ['c'] };
  it('come from the club document', () => {
    expect([roleIn(club, 'h'), roleIn(club, 'c'), roleIn(club, 'm')]).toEqual(['host', 'cohost', 'member']);
    expect([leads(club, 'h'), leads(club, 'c'), leads(club, 'm')]).toEqual([true, true, false]);
  });
});

describe('meetings', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 11, 2, h));
  it('the next one is the earliest not over an hour ago', () => {
    const now = at(10).getTime();
    const list = [{ at: at(20) }, { at: at(9) }, { at: at(8) }, { at: at(12) }];
    expect(nextMeeting(list, now)?.at).toEqual(at(9)); // started an hour ago: still "now"
    expect(nextMeeting([{ at: at(8) }], now)).toBeNull();
    expect(nextMeeting([], now)).toBeNull();
  });
  it('bad input gets a clear message', () => {
    const ok = { at: at(19), note: '1–3장', fromPage: 1, toPage: 80 };
    expect(MeetingInputSchema.safeParse(ok).success).toBe(true);
    const backwards = MeetingInputSchema.safeParse({ ...ok, fromPage: 90, toPage: 10 });
    expect(backwards.error?.issues[0]?.message).toBe('the page range ends before it starts');
    expect(MeetingInputSchema.safeParse({ ...ok, note: 'a\nb' }).success).toBe(false);
    expect(MeetingInputSchema.safeParse({ ...ok, fromPage: 0 }).success).toBe(false);
    expect(MeetingInputSchema.safeParse({ ...ok, note: 'x'.repeat(81) }).success).toBe(false);
  });
});

describe('new clubs and books', () => {
  it('a club needs a one-line name of at most 60 characters', () => {
    const base = { name: '수요 독서모임', description: '', visibility: 'private', requireApproval: false };
    expect(NewClubSchema.safeParse(base).success).toBe(true);
    expect(NewClubSchema.safeParse({ ...base, name: '   ' }).error?.issues[0]?.message).toBe('a club needs a name');
    expect(NewClubSchema.safeParse({ ...base, name: 'x'.repeat(61) }).success).toBe(false);
    expect(NewClubSchema.safeParse({ ...base, name: 'a\u202eb' }).success).toBe(false);
    expect(NewClubSchema.safeParse({ ...base, visibility: 'secret' }).success).toBe(false);
  });
  it('the club book takes only an https cover', () => {
    const book = { isbn13: '9788937460449', title: '채식주의자', authors: ['한강'], coverUrl: null };
    expect(ClubBookSchema.safeParse(book).success).toBe(true);
    expect(ClubBookSchema.safeParse({ ...book, coverUrl: 'http://x/y.jpg' }).success).toBe(false);
  });
});
