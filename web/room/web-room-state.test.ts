import { describe, expect, it } from 'vitest';
import { RoomStatusSchema } from '../../shared/schemas/rooms-api';
import { codeOfPath, initialState, signInOnIntent, statusNote, type WebRoomState, webRoomReducer } from './web-room-state';

const run = (state: WebRoomState, ...events: Parameters<typeof webRoomReducer>[1][]) => events.reduce(webRoomReducer, state);
const LOBBY = { step: 'lobby', code: 'K7P2QX', room: 'unknown', askPasscode: false, busy: false, error: null } as const;

describe('web room: where the page starts', () => {
  it('takes the code from /r/<CODE> in any form people share it, straight into the one-screen lobby', () => {
    for (const path of ['/r/K7P2QX', '/r/k7p-2qx', '/r/K7P-2QX/', '/r/K7P%202QX']) {
      expect(initialState(path, false), path).toEqual(LOBBY);
      expect(codeOfPath(path), path).toBe('K7P2QX');
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
      expect(codeOfPath(path), path).toBeNull();
    }
    // Nothing moves an invalid link.
    expect(run({ step: 'invalid-code' }, { type: 'join-here' }, { type: 'joining' }, { type: 'joined' })).toEqual({
      step: 'invalid-code',
    });
  });

  it('with the extension installed it offers the side panel and waits for "join in this tab"', () => {
    const s = initialState('/r/K7P2QX', true);
    expect(s).toEqual({ step: 'extension', code: 'K7P2QX' });
    expect(run(s, { type: 'joining' }, { type: 'joined' }, { type: 'room-status', status: 'open', passcode: true })).toEqual(s);
    expect(run(s, { type: 'join-here' })).toEqual(LOBBY);
  });
});

describe('web room: one screen, then the call', () => {
  it('lobby → joining → call → left → lobby again', () => {
    let s = run(LOBBY, { type: 'joining' });
    expect(s).toMatchObject({ step: 'lobby', busy: true, error: null });
    s = run(s, { type: 'joined' });
    expect(s).toEqual({ step: 'call', code: 'K7P2QX' });
    s = run(s, { type: 'left' });
    expect(s).toEqual({ step: 'left', code: 'K7P2QX' });
    expect(run(s, { type: 'join-again' })).toEqual(LOBBY);
  });

  it('the look-up at page load shows before Join: a passcode room asks for it at once; not found / full / a club’s say so', () => {
    expect(run(LOBBY, { type: 'room-status', status: 'open', passcode: true })).toEqual({
      ...LOBBY,
      room: 'open',
      askPasscode: true,
    });
    for (const status of ['not_found', 'full', 'members_only'] as const) {
      const s = run(LOBBY, { type: 'room-status', status, passcode: false });
      expect(s).toMatchObject({ room: status, askPasscode: false });
    }
    expect(statusNote('not_found')).toBe('webRoomNotFound');
    expect(statusNote('full')).toBe('webRoomFull');
    expect(statusNote('members_only')).toBe('webMembersOnly');
    expect(statusNote('open')).toBeNull();
    expect(statusNote('unknown')).toBeNull();
  });

  it('typing a name starts the sign-in unless the look-up says a guest cannot get in (no account for a dead link)', () => {
    const byStatus = Object.fromEntries(
      [...RoomStatusSchema.options, 'unknown' as const].map((status) => [status, signInOnIntent(status)]),
    );
    expect(byStatus).toEqual({ open: true, full: true, unknown: true, not_found: false, members_only: false });
  });

  it('an invalid name or a failed sign-in stays on the lobby with the reason', () => {
    expect(run(LOBBY, { type: 'joining' }, { type: 'name-invalid' })).toEqual({
      ...LOBBY,
      error: { key: 'webNameRequired' },
    });
    expect(run(LOBBY, { type: 'joining' }, { type: 'join-failed', error: { key: 'errGuestSignIn' } })).toEqual({
      ...LOBBY,
      error: { key: 'errGuestSignIn' },
    });
  });

  it('a join refused for the passcode shows the field (and keeps it); a next try clears the error', () => {
    let s = run(
      LOBBY,
      { type: 'joining' },
      { type: 'join-failed', error: { text: 'This room needs a passcode.' }, passcode: true },
    );
    expect(s).toEqual({ ...LOBBY, askPasscode: true, error: { text: 'This room needs a passcode.' } });
    s = run(s, { type: 'joining' });
    expect(s).toMatchObject({ askPasscode: true, busy: true, error: null });
    s = run(s, { type: 'join-failed', error: { text: 'The room is full.' } });
    expect(s).toMatchObject({ askPasscode: true, busy: false, error: { text: 'The room is full.' } });
    // A late look-up that says "no passcode" does not hide a field the server asked for.
    expect(run(s, { type: 'room-status', status: 'open', passcode: false })).toMatchObject({ askPasscode: true });
  });

  it('events that do not belong to the step change nothing', () => {
    expect(run(LOBBY, { type: 'left' }, { type: 'join-again' }, { type: 'join-here' })).toEqual(LOBBY);
    const call: WebRoomState = { step: 'call', code: 'K7P2QX' };
    expect(
      run(
        call,
        { type: 'joining' },
        { type: 'name-invalid' },
        { type: 'room-status', status: 'full', passcode: false },
        { type: 'join-failed', error: { key: 'errGuestSignIn' } },
      ),
    ).toEqual(call);
  });
});
