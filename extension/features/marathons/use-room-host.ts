import { useCurrentRoom, useRoomSnapshot } from '../room/room-store';
import { roomSyncFor, useRoomSync } from '../room/room-sync';

/** Whether the reader hosts the room they are in, and which marathon it shows (for "Show in the room"). */
export function useRoomHost(): { hosting: boolean; pinned: string | null } {
  const live = useCurrentRoom();
  const snap = useRoomSnapshot(live?.session ?? null);
  const inRoom = snap?.phase === 'in-room';
  const sync = live && inRoom ? roomSyncFor(live.session) : null;
  const state = useRoomSync(sync);
  return { hosting: inRoom && state?.isHost === true, pinned: state?.info?.pinnedMarathonId ?? null };
}
