import type { PasscodeWeakness } from '../../../shared/schemas/rooms-api';
import { type MessageKey, t } from '../../i18n';
import { type RoomErrorCode, RoomsApiError } from './rooms-client';

export const ROOM_ERROR_KEYS: Record<RoomErrorCode, MessageKey> = {
  room_not_found: 'errRoomNotFound',
  room_full: 'errRoomFull',
  wrong_passcode: 'errWrongPasscode',
  passcode_required: 'errPasscodeRequired',
  room_locked: 'errRoomLocked',
  unauthenticated: 'errNotSignedIn',
  rate_limited: 'errRateLimited',
  server_unreachable: 'errServerUnreachable',
  invalid_request: 'roomCodeInvalid',
  session_replaced: 'errSessionReplaced',
  not_a_member: 'errClubRoomNotMember',
  club_not_found: 'errClubRoomNoClub',
  not_host: 'errRoomNotHost',
  sprint_running: 'errSprintRunning',
  no_sprint: 'errSprintOver',
  not_in_room: 'errNotInRoom',
  guest_limit: 'errGuestLimit',
  internal: 'errRoomInternal',
};

/** Why the create form refuses a passcode (the same rule the server applies: passcodeWeakness). */
export const PASSCODE_WEAKNESS_KEYS: Record<PasscodeWeakness, MessageKey> = {
  too_short: 'passcodeTooShort',
  too_long: 'passcodeTooLong',
  one_character: 'passcodeOneCharacter',
  sequence: 'passcodeSequence',
  repeated_pattern: 'passcodeRepeatedPattern',
  common: 'passcodeCommon',
};

/** "45 s" / "3 min" ("45초" / "3분"), rounded up to whole minutes from a minute on. */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 60 ? t('waitSeconds', String(s)) : t('waitMinutes', String(Math.ceil(s / 60)));
}

/** A rooms error in the reader's language (with the wait, for a locked room). */
export function roomErrorText(err: unknown): string {
  if (!(err instanceof RoomsApiError)) return t('errServerUnreachable');
  if (err.code === 'room_locked') return t('errRoomLocked', waitText(err.retryAfterSeconds ?? 30));
  return t(ROOM_ERROR_KEYS[err.code]);
}
