import type { MessageKey } from '../../i18n';
import type { RoomErrorCode } from './rooms-client';

export const ROOM_ERROR_KEYS: Record<RoomErrorCode, MessageKey> = {
  room_not_found: 'errRoomNotFound',
  room_full: 'errRoomFull',
  wrong_passcode: 'errWrongPasscode',
  unauthenticated: 'errNotSignedIn',
  rate_limited: 'errRateLimited',
  server_unreachable: 'errServerUnreachable',
  invalid_request: 'roomCodeInvalid',
  session_replaced: 'errSessionReplaced',
  internal: 'errRoomInternal',
};
