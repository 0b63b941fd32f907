import type { MessageKey } from '../../extension/i18n';
import { normalizeRoomCode } from '../../shared/room-code';

/**
 * The web room's steps, as a pure reducer (unit-tested without a browser):
 * invalid link | the extension is installed (offer its side panel, or this tab) → name → (passcode) →
 * camera check → call → left (join again).
 */
export type WebRoomState =
  | { step: 'invalid-code' }
  | { step: 'extension'; code: string }
  | { step: 'name'; code: string; busy: boolean; error: WebRoomError | null }
  | { step: 'passcode'; code: string; busy: boolean; error: WebRoomError | null }
  | { step: 'prejoin'; code: string; passcode: string | null; busy: boolean; error: WebRoomError | null }
  | { step: 'call'; code: string; passcode: string | null }
  | { step: 'left'; code: string };

/** An error shown in the reader's language: a catalogue key, or text already translated (room errors with a wait). */
export type WebRoomError = { key: MessageKey } | { text: string };

export type WebRoomEvent =
  | { type: 'join-here' }
  | { type: 'submit-name' }
  | { type: 'name-invalid' }
  | { type: 'sign-in-failed'; error: WebRoomError }
  /** The room exists, has a seat, and the passcode (if any) was right. */
  | { type: 'room-ok'; passcode: string | null }
  | { type: 'passcode-needed' }
  | { type: 'wrong-passcode'; error: WebRoomError }
  /** Not found, full, the guest limit, the server away: back to the name step with the reason. */
  | { type: 'room-refused'; error: WebRoomError }
  | { type: 'submit-passcode' }
  | { type: 'back' }
  | { type: 'joining' }
  | { type: 'joined' }
  | { type: 'join-failed'; error: WebRoomError; passcodeWrong?: boolean }
  | { type: 'left' }
  | { type: 'join-again' };

/** Where the page starts: the code in /r/<CODE>, and whether the extension marked the page as its own. */
export function initialState(pathname: string, extensionInstalled: boolean): WebRoomState {
  let raw = '';
  try {
    raw = decodeURIComponent(pathname.replace(/^\/r\//, '').replace(/\/+$/, ''));
  } catch {
    // A malformed escape (%E0%A4%A): no code.
  }
  const code = /^\/r\/[^/]+\/?$/.test(pathname) ? normalizeRoomCode(raw) : null;
  if (!code) return { step: 'invalid-code' };
  return extensionInstalled ? { step: 'extension', code } : { step: 'name', code, busy: false, error: null };
}

export function webRoomReducer(state: WebRoomState, event: WebRoomEvent): WebRoomState {
  if (state.step === 'invalid-code') return state;
  const { code } = state;
  switch (event.type) {
    case 'join-here':
      return state.step === 'extension' ? { step: 'name', code, busy: false, error: null } : state;
    case 'submit-name':
      return state.step === 'name' ? { ...state, busy: true, error: null } : state;
    case 'name-invalid':
      return state.step === 'name' ? { ...state, busy: false, error: { key: 'webNameRequired' } } : state;
    case 'sign-in-failed':
    case 'room-refused':
      return state.step === 'name' || state.step === 'passcode' ? { step: 'name', code, busy: false, error: event.error } : state;
    case 'room-ok':
      return state.step === 'name' || state.step === 'passcode'
        ? { step: 'prejoin', code, passcode: event.passcode, busy: false, error: null }
        : state;
    case 'passcode-needed':
      return state.step === 'name' ? { step: 'passcode', code, busy: false, error: null } : state;
    case 'wrong-passcode':
      return state.step === 'passcode' || state.step === 'name'
        ? { step: 'passcode', code, busy: false, error: event.error }
        : state;
    case 'submit-passcode':
      return state.step === 'passcode' ? { ...state, busy: true, error: null } : state;
    case 'back':
      return state.step === 'passcode' || state.step === 'prejoin' ? { step: 'name', code, busy: false, error: null } : state;
    case 'joining':
      return state.step === 'prejoin' ? { ...state, busy: true, error: null } : state;
    case 'joined':
      return state.step === 'prejoin' ? { step: 'call', code, passcode: state.passcode } : state;
    case 'join-failed':
      if (state.step !== 'prejoin') return state;
      // The passcode stopped working between the check and the join (changed, or the room locked): ask again.
      return event.passcodeWrong
        ? { step: 'passcode', code, busy: false, error: event.error }
        : { ...state, busy: false, error: event.error };
    case 'left':
      return state.step === 'call' ? { step: 'left', code } : state;
    case 'join-again':
      return state.step === 'left' ? { step: 'name', code, busy: false, error: null } : state;
  }
}

export const GUEST_NAME_KEY = 'chaekbang:guest-name';
