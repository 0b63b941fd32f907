import { useEffect } from 'preact/hooks';
import { firebase } from '../../data/firebase-app';
import { currentRoom, roomsClientFor } from './room-store';
import { roomSyncFor } from './room-sync';
import { type RoomsApi, RoomsApiError } from './rooms-client';

/**
 * The room side of clubs (issue 11), for the clubs and marathons views:
 * - joinClubRoom(clubId): creates or finds the club's standing room on the room server (active members only),
 *   switches the panel to the Room tab and opens the room's pre-join camera check; "Join now" joins with the
 *   reader's name and level exactly as the Room tab does. Already in that room: just shows it.
 * - pinMarathon(marathonId | null): the host of the current room shows (or stops showing) a marathon's
 *   leaderboard strip under the tiles; the other panels learn of it at once.
 * Both throw RoomsApiError (roomErrorText(err) says why in the reader's language): `not_a_member`,
 * `club_not_found`, `not_host`, `not_in_room`, `unauthenticated`, `server_unreachable`…
 */

/** `check`: an invite link's room, checked like a typed code first (it may need a passcode); a club's room is not. */
let requested: { code: string; check: boolean } | null = null;
const tabListeners = new Set<() => void>();
const roomListeners = new Set<() => void>();

/** Show the Room tab (app.tsx) and, unless the reader is already in it, open `code` on its pre-join screen. */
function requestRoom(code: string | null, check = false) {
  requested = code ? { code, check } : null;
  for (const l of tabListeners) l();
  for (const l of roomListeners) l();
}

/** app.tsx: switch to the Room tab whenever a club room is asked for. */
export function useRoomRequests(onRequest: () => void) {
  useEffect(() => {
    tabListeners.add(onRequest);
    return () => {
      tabListeners.delete(onRequest);
    };
  }, [onRequest]);
}

/** The Room view: take a requested room (once), now and whenever one is asked for while it is showing. */
export function useRequestedRoom(onCode: (code: string, check: boolean) => void) {
  useEffect(() => {
    const take = () => {
      const request = requested;
      requested = null;
      if (request) onCode(request.code, request.check);
    };
    take();
    roomListeners.add(take);
    return () => {
      roomListeners.delete(take);
    };
  }, [onCode]);
}

function signedInApi(api?: Pick<RoomsApi, 'clubRoom'>): Pick<RoomsApi, 'clubRoom'> {
  if (api) return api;
  const user = firebase().auth.currentUser;
  if (!user) throw new RoomsApiError('unauthenticated', 'Sign in first.');
  return roomsClientFor(user);
}

/** Whether the panel is in (or joining) room `code` already. */
function inRoom(code: string): boolean {
  const live = currentRoom();
  const phase = live?.session.snapshot.phase;
  return live?.session.snapshot.code === code && (phase === 'in-room' || phase === 'reconnecting' || phase === 'joining');
}

/**
 * Open the club's standing room. Resolves with its code once the Room tab shows it. `roomCode`: the club
 * document's roomCode when the caller has it (read from Firestore otherwise): the request carries it, so behind
 * a load balancer the room is made on the node that will serve it.
 */
export async function joinClubRoom(clubId: string, api?: Pick<RoomsApi, 'clubRoom'>, roomCode?: string): Promise<string> {
  const code =
    roomCode ??
    (api
      ? undefined
      : await import('../../data/clubs-repository')
          .then(({ clubsRepository }) => clubsRepository(firebase().db).get(clubId))
          .then((club) => club?.roomCode)
          .catch(() => undefined));
  const { room } = await signedInApi(api).clubRoom(clubId, code);
  requestRoom(inRoom(room.code) ? null : room.code);
  return room.code;
}

/**
 * An invite link opened in the side panel (extension/features/room/invite-handoff.tsx): the Room tab shows the
 * code in its join form and checks it as if the reader had typed it (the room exists, has a seat; a passcode is
 * asked for if it has one), then opens the camera check. Already in that room: just shows it.
 */
export function openInviteRoom(code: string): void {
  requestRoom(inRoom(code) ? null : code, true);
}

/** The current room's host pins a marathon (null unpins). */
export async function pinMarathon(marathonId: string | null): Promise<void> {
  const live = currentRoom();
  const sync = live ? roomSyncFor(live.session) : null;
  if (!live || !sync || live.session.snapshot.phase !== 'in-room') {
    throw new RoomsApiError('not_in_room', 'Join a room first.');
  }
  await sync.pin(marathonId);
}
