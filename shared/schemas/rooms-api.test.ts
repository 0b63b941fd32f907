import { describe, expect, it } from 'vitest';
import { ApiErrorResponseSchema, CreateRoomRequestSchema, JoinRoomRequestSchema, RoomCodeSchema } from './rooms-api';

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
});
