import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JoinSettle, SETTLE } from './join-settle';
import type { MemberState, RoomPhase } from './room-session';

type M = Pick<MemberState, 'peerId' | 'media' | 'stream'>;
const video = { id: 'v', getVideoTracks: () => [{ kind: 'video' }], getAudioTracks: () => [{ kind: 'audio' }] } as never;
const audioOnly = { id: 'a', getVideoTracks: () => [], getAudioTracks: () => [{ kind: 'audio' }] } as never;
const m = (peerId: string, over: Partial<M> = {}): M => ({ peerId, media: 'connecting', stream: null, ...over });
const snap = (phase: RoomPhase, members: M[] = []) => ({ phase, members });

let settled: number;
let s: JoinSettle;
beforeEach(() => {
  vi.useFakeTimers();
  settled = 0;
  s = new JoinSettle(() => {
    settled += 1;
  });
});
afterEach(() => {
  s.dispose();
  vi.useRealTimers();
});

describe('JoinSettle: the call view holds back what the call does not need until the first frames show', () => {
  it('waits while joining and while a member’s first frame is not shown, and settles once it is', async () => {
    s.update(snap('joining'));
    await vi.advanceTimersByTimeAsync(SETTLE.aloneMs * 2);
    expect(s.settled).toBe(false);
    s.update(snap('in-room', [m('bob')]));
    // Answered (the stream is on the tile) is not enough: ICE, DTLS and the first frame are still to come.
    s.update(snap('in-room', [m('bob', { media: 'live', stream: video })]));
    await vi.advanceTimersByTimeAsync(SETTLE.backstopMs - 1);
    expect(s.settled).toBe(false);
    s.frameShown('bob');
    expect(s.settled).toBe(true);
    expect(settled).toBe(1);
    // Settled once, for good: later snapshots, frames and the backstop change nothing.
    s.update(snap('reconnecting', [m('bob')]));
    s.frameShown('bob');
    await vi.advanceTimersByTimeAsync(SETTLE.backstopMs * 2);
    expect(settled).toBe(1);
  });

  it('waits for every member’s frame in a bigger room (the 4-reader join shows all three tiles first)', () => {
    const members = ['bob', 'carol', 'dave'].map((id) => m(id, { media: 'live', stream: video }));
    s.update(snap('in-room', members));
    s.frameShown('bob');
    s.frameShown('dave');
    expect(s.settled).toBe(false);
    s.frameShown('carol');
    expect(s.settled).toBe(true);
  });

  it('a frame reported before the snapshot that carries the stream still counts', () => {
    s.frameShown('bob');
    s.update(snap('in-room', [m('bob', { media: 'live', stream: video })]));
    expect(s.settled).toBe(true);
  });

  it('does not wait for a member with no picture, a failed call, or a member who left', () => {
    s.update(snap('in-room', [m('bob', { media: 'live', stream: audioOnly }), m('carol', { media: 'failed' }), m('dave')]));
    expect(s.settled).toBe(false);
    // Dave left before his call was up.
    s.update(snap('in-room', [m('bob', { media: 'live', stream: audioOnly }), m('carol', { media: 'failed' })]));
    expect(s.settled).toBe(true);
  });

  it('alone in the room (nobody to dial): settled after a moment, unless someone turns up meanwhile', async () => {
    s.update(snap('in-room'));
    await vi.advanceTimersByTimeAsync(SETTLE.aloneMs - 1);
    expect(s.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.settled).toBe(true);

    const t = new JoinSettle(() => {});
    t.update(snap('in-room'));
    // The session enters the room and places its calls in the same tick: the member shows up right after.
    t.update(snap('in-room', [m('bob')]));
    await vi.advanceTimersByTimeAsync(SETTLE.aloneMs);
    expect(t.settled).toBe(false);
    t.frameShown('bob');
    expect(t.settled).toBe(true);
  });

  it('a call that never shows a frame holds nothing back for longer than the backstop', async () => {
    s.update(snap('in-room', [m('bob', { media: 'live', stream: video })]));
    await vi.advanceTimersByTimeAsync(SETTLE.backstopMs - 1);
    expect(s.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.settled).toBe(true);
    expect(settled).toBe(1);
  });

  it('disposed (the view went away) it never calls back', async () => {
    s.update(snap('in-room', [m('bob')]));
    s.dispose();
    s.frameShown('bob');
    await vi.advanceTimersByTimeAsync(SETTLE.backstopMs * 2);
    expect(settled).toBe(0);
  });
});
