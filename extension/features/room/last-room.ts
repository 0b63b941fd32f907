import { z } from 'zod';
import { CanonicalRoomCodeSchema, RejoinGrantSchema, RoomRestoreSchema } from '../../../shared/schemas/rooms-api';
import { platform, type StorageArea } from '../../platform/platform';
import type { RoomSession, RoomSnapshot } from './room-session';

/**
 * The last room, so a reader whose panel closed or reloaded mid-call (not a planned Leave) is offered
 * "rejoin" for a while. Kept in `storage.session`: in memory only, never written to disk, gone when the
 * browser closes, and readable only by the extension's own pages (not content scripts). The passcode is
 * never kept: the server's rejoin grant (signed for this reader and this room, valid as long as the offer)
 * brings the reader back without it once their seat has been freed (about ten seconds after the socket
 * closed); the restore ticket re-creates a room the server forgot meanwhile. A record from before grants
 * (one with a passcode) does not parse and is removed.
 */
export const LAST_ROOM_KEY = 'room:last';
/** How long after the last sign of the call the offer stands. */
export const REJOIN_WINDOW_MS = 15 * 60_000;
/** While in the call, how often "still here" is written (so an exit is dated to within this). */
export const LAST_ROOM_HEARTBEAT_MS = 30_000;

export const LastRoomSchema = z.strictObject({
  uid: z.string().min(1).max(128),
  code: CanonicalRoomCodeSchema,
  name: z.string().max(60).nullable(),
  rejoinGrant: RejoinGrantSchema.optional(),
  restore: RoomRestoreSchema.optional(),
  seenAt: z.number().int().nonnegative(),
});
export type LastRoom = z.infer<typeof LastRoomSchema>;

export type { StorageArea };

/** The last room of this reader if the offer still stands; an expired, foreign or malformed record is removed. */
export async function loadLastRoom(area: StorageArea, uid: string, now = Date.now()): Promise<LastRoom | null> {
  const raw = (await area.get(LAST_ROOM_KEY))[LAST_ROOM_KEY];
  if (raw === undefined) return null;
  const parsed = LastRoomSchema.safeParse(raw);
  if (!parsed.success || now - parsed.data.seenAt > REJOIN_WINDOW_MS || parsed.data.seenAt > now + 60_000) {
    await area.remove(LAST_ROOM_KEY);
    return null;
  }
  return parsed.data.uid === uid ? parsed.data : null;
}

export async function saveLastRoom(area: StorageArea, room: LastRoom): Promise<void> {
  await area.set({ [LAST_ROOM_KEY]: LastRoomSchema.parse(room) });
}

export async function forgetLastRoom(area: StorageArea): Promise<void> {
  await area.remove(LAST_ROOM_KEY);
}

/**
 * Keep the record fresh while `session` is in its room: written on entering, every heartbeat, and when the
 * room's details change; removed if the session ends in an error (replaced by another panel, refused).
 * Closing the panel leaves it in place: that is the exit the offer is for. Returns a stop function.
 */
export function trackLastRoom(
  area: StorageArea,
  session: Pick<RoomSession, 'subscribe' | 'roomRestore' | 'rejoinGrant'>,
  who: { uid: string },
  now: () => number = Date.now,
): () => void {
  let last: RoomSnapshot | null = null;
  const write = () => {
    const snap = last;
    if (snap?.phase !== 'in-room' || !snap.code) return;
    const restore = session.roomRestore;
    const grant = session.rejoinGrant;
    saveLastRoom(area, {
      uid: who.uid,
      code: snap.code,
      name: restore?.name ?? null,
      ...(grant ? { rejoinGrant: grant } : {}),
      ...(restore ? { restore } : {}),
      seenAt: now(),
    }).catch(() => {});
  };
  let stopped = false;
  let unsubscribe: (() => void) | null = null;
  const timer = setInterval(write, LAST_ROOM_HEARTBEAT_MS);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe?.();
  };
  unsubscribe = session.subscribe((snap) => {
    if (stopped) return;
    const entered = snap.phase === 'in-room' && last?.phase !== 'in-room';
    last = snap;
    if (entered) write();
    if (snap.phase === 'error') {
      stop();
      forgetLastRoom(area).catch(() => {});
    } else if (snap.phase === 'left') stop();
  });
  if (stopped) unsubscribe();
  return stop;
}

/** The panel's `storage.session`, or the web room's `sessionStorage` (extension/platform); null outside both. */
function panelSessionArea(): StorageArea | null {
  return platform().sessionArea();
}

/** Remember the room `session` is in, for a "rejoin" offer after an unplanned exit (see trackLastRoom). */
export function rememberRoomForRejoin(
  session: Pick<RoomSession, 'subscribe' | 'roomRestore' | 'rejoinGrant'>,
  who: { uid: string },
) {
  const area = panelSessionArea();
  if (area) trackLastRoom(area, session, who);
}

/** A planned Leave (or the sign-in ending): no offer. */
export function forgetRoomForRejoin() {
  const area = panelSessionArea();
  if (area) forgetLastRoom(area).catch(() => {});
}

/** The offer for `uid`, if it stands. */
export async function lastRoomFor(uid: string): Promise<LastRoom | null> {
  const area = panelSessionArea();
  return area ? loadLastRoom(area, uid).catch(() => null) : null;
}
