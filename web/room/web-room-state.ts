import type { MessageKey } from '../../extension/i18n';
import { normalizeRoomCode } from '../../shared/room-code';
import type { RoomStatus } from '../../shared/schemas/rooms-api';

/**
 * The web room's steps, as a pure reducer (unit-tested without a browser):
 * invalid link | the extension is installed (offer its side panel, or this tab) → lobby (one screen: the camera
 * preview beside the name, and the passcode when the room has one; Join does the rest) → call → left (join again).
 */
export type WebRoomState =
  | { step: 'invalid-code' }
  | { step: 'extension'; code: string }
  | {
      step: 'lobby';
      code: string;
      /** What the token-free look-up at page load said (`unknown` until it answers, or if it could not). */
      room: RoomStatus | 'unknown';
      /** Ask for the room's passcode (the look-up said so, or a join was refused for it). */
      askPasscode: boolean;
      busy: boolean;
      error: WebRoomError | null;
    }
  | { step: 'call'; code: string }
  | { step: 'left'; code: string };

/** An error shown in the reader's language: a catalogue key, or text already translated (room errors with a wait). */
export type WebRoomError = { key: MessageKey } | { text: string };

export type WebRoomEvent =
  | { type: 'join-here' }
  /** The token-free room look-up answered. */
  | { type: 'room-status'; status: RoomStatus; passcode: boolean }
  | { type: 'name-invalid' }
  | { type: 'joining' }
  | { type: 'joined' }
  /** `passcode`: the join was refused for the passcode (none given, or a wrong one): the field shows. */
  | { type: 'join-failed'; error: WebRoomError; passcode?: boolean }
  | { type: 'left' }
  | { type: 'join-again' };

const lobby = (code: string): WebRoomState => ({
  step: 'lobby',
  code,
  room: 'unknown',
  askPasscode: false,
  busy: false,
  error: null,
});

/** Where the page starts: the code in /r/<CODE>, and whether the extension marked the page as its own. */
export function initialState(pathname: string, extensionInstalled: boolean): WebRoomState {
  const code = codeOfPath(pathname);
  if (!code) return { step: 'invalid-code' };
  return extensionInstalled ? { step: 'extension', code } : lobby(code);
}

/** The room code in /r/<CODE> (any form people share it in), or null. */
export function codeOfPath(pathname: string): string | null {
  let raw = '';
  try {
    raw = decodeURIComponent(pathname.replace(/^\/r\//, '').replace(/\/+$/, ''));
  } catch {
    // A malformed escape (%E0%A4%A): no code.
  }
  return /^\/r\/[^/]+\/?$/.test(pathname) ? normalizeRoomCode(raw) : null;
}

/** What the look-up's answer shows before Join (null: nothing to say; the room is open). */
export function statusNote(room: RoomStatus | 'unknown'): MessageKey | null {
  switch (room) {
    case 'not_found':
      return 'webRoomNotFound';
    case 'full':
      return 'webRoomFull';
    case 'members_only':
      return 'webMembersOnly';
    default:
      return null;
  }
}

/**
 * Whether typing a name starts the guest's anonymous sign-in (so it overlaps with typing): not for a room the
 * look-up says a guest cannot enter now, so no account is made for a dead link.
 */
export function signInOnIntent(room: RoomStatus | 'unknown'): boolean {
  return room === 'open' || room === 'unknown' || room === 'full';
}

export function webRoomReducer(state: WebRoomState, event: WebRoomEvent): WebRoomState {
  if (state.step === 'invalid-code') return state;
  const { code } = state;
  switch (event.type) {
    case 'join-here':
      return state.step === 'extension' ? lobby(code) : state;
    case 'room-status':
      return state.step === 'lobby' ? { ...state, room: event.status, askPasscode: state.askPasscode || event.passcode } : state;
    case 'name-invalid':
      return state.step === 'lobby' ? { ...state, busy: false, error: { key: 'webNameRequired' } } : state;
    case 'joining':
      return state.step === 'lobby' ? { ...state, busy: true, error: null } : state;
    case 'joined':
      return state.step === 'lobby' ? { step: 'call', code } : state;
    case 'join-failed':
      return state.step === 'lobby'
        ? { ...state, busy: false, error: event.error, askPasscode: state.askPasscode || event.passcode === true }
        : state;
    case 'left':
      return state.step === 'call' ? { step: 'left', code } : state;
    case 'join-again':
      return state.step === 'left' ? lobby(code) : state;
  }
}

export const GUEST_NAME_KEY = 'chaekbang:guest-name';
