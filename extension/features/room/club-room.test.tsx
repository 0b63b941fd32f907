// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

let live: { session: { snapshot: { code: string | null; phase: string } } } | null = null;
vi.mock('../../data/firebase-app', () => ({ firebase: () => ({ auth: { currentUser: null } }) }));
vi.mock('./room-store', () => ({ roomsClientFor: () => null, roomUser: () => null, currentRoom: () => live }));
const { joinClubRoom, openInviteRoom, pinMarathon, useRequestedRoom, useRoomRequests } = await import('./club-room');

afterEach(async () => {
  cleanup();
  await flush();
  live = null;
});

const api = (code: string) => ({
  clubRoom: vi.fn(async () => ({
    room: {
      code,
      name: null,
      capacity: 12,
      memberCount: 0,
      hasPasscode: false,
      createdAt: 1,
      clubId: 'club1',
      pinnedMarathonId: null,
      sprint: null,
    },
    now: 1,
  })),
});

/** Preact runs effects after paint (a timer in happy-dom). */
const flush = () => new Promise((r) => setTimeout(r, 50));

function Shell({ onTab, onCode }: { onTab(): void; onCode(code: string, check: boolean): void }) {
  useRoomRequests(onTab);
  useRequestedRoom(onCode);
  return null;
}

describe('openInviteRoom (an invite link opened in the side panel)', () => {
  it('switches to the Room tab and asks it to check the code like a typed one', async () => {
    const onTab = vi.fn();
    const onCode = vi.fn();
    render(<Shell onTab={onTab} onCode={onCode} />);
    await flush();
    openInviteRoom('K7P2QX');
    expect(onTab).toHaveBeenCalledTimes(1);
    expect(onCode).toHaveBeenCalledWith('K7P2QX', true);
  });

  it('already in that room: only the tab switch', async () => {
    live = { session: { snapshot: { code: 'K7P2QX', phase: 'in-room' } } };
    const onTab = vi.fn();
    const onCode = vi.fn();
    render(<Shell onTab={onTab} onCode={onCode} />);
    await flush();
    openInviteRoom('K7P2QX');
    expect(onTab).toHaveBeenCalledTimes(1);
    expect(onCode).not.toHaveBeenCalled();
  });
});

describe('joinClubRoom', () => {
  it('asks the server for the club room, switches to the Room tab and opens its pre-join screen', async () => {
    const onTab = vi.fn();
    const onCode = vi.fn();
    render(<Shell onTab={onTab} onCode={onCode} />);
    await flush();
    const client = api('K7P2QX');
    await expect(joinClubRoom('club1', client)).resolves.toBe('K7P2QX');
    expect(client.clubRoom).toHaveBeenCalledWith('club1', undefined);
    expect(onTab).toHaveBeenCalledTimes(1);
    // A club's room needs no check: membership was checked by the server.
    expect(onCode).toHaveBeenCalledWith('K7P2QX', false);
  });

  it('a Room view that mounts later still gets the requested room, once', async () => {
    await joinClubRoom('club1', api('K7P2QX'));
    const onCode = vi.fn();
    render(<Shell onTab={() => {}} onCode={onCode} />);
    await flush();
    expect(onCode).toHaveBeenCalledTimes(1);
    cleanup();
    render(<div />);
    const again = vi.fn();
    render(<Shell onTab={() => {}} onCode={again} />);
    await flush();
    expect(again).not.toHaveBeenCalled();
  });

  it('already in that room: only the tab switch, no second pre-join', async () => {
    live = { session: { snapshot: { code: 'K7P2QX', phase: 'in-room' } } };
    const onTab = vi.fn();
    const onCode = vi.fn();
    render(<Shell onTab={onTab} onCode={onCode} />);
    await flush();
    await joinClubRoom('club1', api('K7P2QX'));
    expect(onTab).toHaveBeenCalledTimes(1);
    expect(onCode).not.toHaveBeenCalled();
  });

  it('a refusal reaches the caller with its code; signed out is unauthenticated', async () => {
    const refused = { clubRoom: vi.fn(async () => Promise.reject(Object.assign(new Error('no'), { code: 'not_a_member' }))) };
    await expect(joinClubRoom('club1', refused)).rejects.toMatchObject({ code: 'not_a_member' });
    await expect(joinClubRoom('club1')).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('pinMarathon', () => {
  it('outside a room it says to join one first', async () => {
    await expect(pinMarathon('m1')).rejects.toMatchObject({ code: 'not_in_room' });
  });
});
