import { describe, expect, it } from 'vitest';
import { initialState, type WebRoomState, webRoomReducer } from './web-room-state';

const run = (state: WebRoomState, ...events: Parameters<typeof webRoomReducer>[1][]) => events.reduce(webRoomReducer, state);

describe('web room: where the page starts', () => {
  it('takes the code from /r/<CODE> in any form people share it', () => {
    for (const path of ['/r/K7P2QX', '/r/k7p-2qx', '/r/K7P-2QX/', '/r/K7P%202QX']) {
      expect(initialState(path, false), path).toEqual({ step: 'name', code: 'K7P2QX', busy: false, error: null });
    }
  });

  it('a malformed or missing code (or a broken escape) is an invalid link, never a crash', () => {
    for (const path of [
      '/r/',
      '/r/K7P2Q',
      '/r/K7P2QXX',
      '/r/I0O111',
      '/r/K7P2QX/extra',
      '/x/K7P2QX',
      '/r/%E0%A4%A',
      '/r/<script>',
    ]) {
      expect(initialState(path, false), path).toEqual({ step: 'invalid-code' });
    }
    // Nothing moves an invalid link.
    expect(run({ step: 'invalid-code' }, { type: 'join-here' }, { type: 'submit-name' })).toEqual({ step: 'invalid-code' });
  });

  it('with the extension installed it offers the side panel and waits for "join in this tab"', () => {
    const s = initialState('/r/K7P2QX', true);
    expect(s).toEqual({ step: 'extension', code: 'K7P2QX' });
    expect(run(s, { type: 'submit-name' }, { type: 'room-ok', passcode: null })).toEqual(s);
    expect(run(s, { type: 'join-here' })).toEqual({ step: 'name', code: 'K7P2QX', busy: false, error: null });
  });
});

describe('web room: the steps', () => {
  const name = initialState('/r/K7P2QX', false);

  it('name → room checked → camera check → call → left → name again', () => {
    let s = run(name, { type: 'submit-name' });
    expect(s).toMatchObject({ step: 'name', busy: true });
    s = run(s, { type: 'room-ok', passcode: null });
    expect(s).toEqual({ step: 'prejoin', code: 'K7P2QX', passcode: null, busy: false, error: null });
    s = run(s, { type: 'joining' });
    expect(s).toMatchObject({ step: 'prejoin', busy: true });
    s = run(s, { type: 'joined' });
    expect(s).toEqual({ step: 'call', code: 'K7P2QX', passcode: null });
    s = run(s, { type: 'left' });
    expect(s).toEqual({ step: 'left', code: 'K7P2QX' });
    expect(run(s, { type: 'join-again' })).toEqual(name);
  });

  it('an invalid name or a failed sign-in stays on the name step with the reason', () => {
    expect(run(name, { type: 'submit-name' }, { type: 'name-invalid' })).toMatchObject({
      step: 'name',
      busy: false,
      error: { key: 'webNameRequired' },
    });
    expect(run(name, { type: 'submit-name' }, { type: 'sign-in-failed', error: { key: 'errGuestSignIn' } })).toMatchObject({
      step: 'name',
      error: { key: 'errGuestSignIn' },
    });
  });

  it('not found, full or the guest limit: back to the name step with the server’s reason', () => {
    const s = run(name, { type: 'submit-name' }, { type: 'room-refused', error: { key: 'errGuestLimit' } });
    expect(s).toEqual({ step: 'name', code: 'K7P2QX', busy: false, error: { key: 'errGuestLimit' } });
  });

  it('a passcode room: asked, wrong (told), right (camera check with that passcode); back returns to the name', () => {
    let s = run(name, { type: 'submit-name' }, { type: 'passcode-needed' });
    expect(s).toEqual({ step: 'passcode', code: 'K7P2QX', busy: false, error: null });
    expect(run(s, { type: 'back' })).toEqual(name);
    s = run(s, { type: 'submit-passcode' }, { type: 'wrong-passcode', error: { key: 'errWrongPasscode' } });
    expect(s).toEqual({ step: 'passcode', code: 'K7P2QX', busy: false, error: { key: 'errWrongPasscode' } });
    s = run(s, { type: 'submit-passcode' }, { type: 'room-ok', passcode: 'reading-circle-9' });
    expect(s).toMatchObject({ step: 'prejoin', passcode: 'reading-circle-9' });
  });

  it('a join that fails: the camera check says why; a passcode that stopped working asks for it again', () => {
    const pre = run(name, { type: 'room-ok', passcode: 'p-1234567' }, { type: 'joining' });
    expect(run(pre, { type: 'join-failed', error: { text: 'The room is full.' } })).toMatchObject({
      step: 'prejoin',
      busy: false,
      error: { text: 'The room is full.' },
    });
    expect(run(pre, { type: 'join-failed', error: { text: 'Wrong passcode' }, passcodeWrong: true })).toEqual({
      step: 'passcode',
      code: 'K7P2QX',
      busy: false,
      error: { text: 'Wrong passcode' },
    });
  });

  it('events that do not belong to the step change nothing', () => {
    expect(run(name, { type: 'joined' }, { type: 'left' }, { type: 'join-again' }, { type: 'submit-passcode' })).toEqual(name);
    const call: WebRoomState = { step: 'call', code: 'K7P2QX', passcode: null };
    expect(run(call, { type: 'submit-name' }, { type: 'room-ok', passcode: null }, { type: 'back' })).toEqual(call);
  });
});
