import { describe, expect, it } from 'vitest';
import {
  ApiErrorResponseSchema,
  CheckRoomRequestSchema,
  CreateRoomRequestSchema,
  GetRoomResponseSchema,
  JoinRoomRequestSchema,
  passcodeWeakness,
  RoomCodeSchema,
} from './rooms-api';

describe('rooms API schemas', () => {
  it('normalises room codes people type', () => {
    expect(RoomCodeSchema.parse('ab3-def')).toBe('AB3DEF');
    expect(RoomCodeSchema.safeParse('AB0DEF').success).toBe(false);
  });

  it('bounds create and join requests and refuses extra fields', () => {
    expect(CreateRoomRequestSchema.parse({})).toEqual({});
    expect(CreateRoomRequestSchema.safeParse({ capacity: 13 }).success).toBe(false);
    expect(CreateRoomRequestSchema.safeParse({ capacity: 1 }).success).toBe(false);
    expect(CreateRoomRequestSchema.safeParse({ passcode: '123' }).success).toBe(false);
    expect(CreateRoomRequestSchema.safeParse({ owner: 'x' }).success).toBe(false);
    expect(CreateRoomRequestSchema.safeParse({ name: '토요\u202e모임' }).success).toBe(false);
    expect(CreateRoomRequestSchema.parse({ name: ' 토요 모임 ' })).toEqual({ name: '토요 모임' });
    expect(JoinRoomRequestSchema.parse({ displayName: ' 책벌레 ' })).toEqual({ displayName: '책벌레' });
    expect(JoinRoomRequestSchema.safeParse({ displayName: '' }).success).toBe(false);
    expect(JoinRoomRequestSchema.safeParse({ displayName: 'a', uid: 'someone-else' }).success).toBe(false);
  });

  it('describes error bodies with known codes', () => {
    expect(ApiErrorResponseSchema.safeParse({ error: { code: 'room_full', message: 'Room is full' } }).success).toBe(true);
    expect(ApiErrorResponseSchema.safeParse({ error: { code: 'teapot', message: 'x' } }).success).toBe(false);
  });

  it('describes error bodies for a locked room', () => {
    expect(
      ApiErrorResponseSchema.safeParse({ error: { code: 'room_locked', message: 'paused', retryAfterSeconds: 30 } }).success,
    ).toBe(true);
  });

  it('shows the passcode guard only as an optional, well-formed field', () => {
    const room = { code: 'ABC234', name: null, capacity: 6, memberCount: 1, hasPasscode: true, createdAt: 1 };
    expect(GetRoomResponseSchema.safeParse({ room, members: null }).success).toBe(true);
    const guard = { failedAttempts: 5, lockedUntil: 2_000_000, retryAfterSeconds: 30 };
    expect(GetRoomResponseSchema.safeParse({ room, members: null, passcodeGuard: guard }).success).toBe(true);
    expect(
      GetRoomResponseSchema.safeParse({ room, members: null, passcodeGuard: { ...guard, failedAttempts: -1 } }).success,
    ).toBe(false);
    expect(CheckRoomRequestSchema.parse({})).toEqual({});
    expect(CheckRoomRequestSchema.safeParse({ passcode: 'x'.repeat(65) }).success).toBe(false);
  });
});

describe('new passcode strength (the server and the create form share it)', () => {
  const cases: Array<[string, string | null]> = [
    ['12345', 'too_short'],
    ['abcd', 'too_short'],
    ['책방', 'too_short'],
    ['aaaaaa', 'one_character'],
    ['AAAAAAAA', 'one_character'],
    ['111111', 'one_character'],
    ['123456', 'sequence'],
    ['654321', 'sequence'],
    ['abcdef', 'sequence'],
    ['ABCDEFG', 'sequence'],
    ['121212', 'repeated_pattern'],
    ['abcabc', 'repeated_pattern'],
    ['password', 'common'],
    ['QWERTY', 'common'],
    ['x'.repeat(65), 'too_long'],
    ['book-club-7', null],
    ['river-stone-42', null],
    ['비밀번호1234', null],
    ['토요일독서모임', null],
    ['a1b2c3', null],
  ];
  it.each(cases)('%s → %s', (passcode, expected) => {
    expect(passcodeWeakness(passcode)).toBe(expected);
    // The server's schema refuses exactly the passcodes the form calls weak.
    const parsed = CreateRoomRequestSchema.safeParse({ passcode });
    expect(parsed.success).toBe(expected === null);
    if (!parsed.success) expect(parsed.error.issues[0]?.path).toEqual(['passcode']);
  });

  it('joining still accepts the passcodes of rooms made before the rule (4 characters and up)', () => {
    expect(JoinRoomRequestSchema.safeParse({ displayName: 'A', passcode: '1234' }).success).toBe(true);
  });
});
