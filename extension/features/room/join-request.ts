import type { RoomRestore } from '../../../shared/schemas/rooms-api';

/** What a join asks of the rooms API (the room session's side of `RoomsClient.join`). */
export type JoinOptions = {
  passcode?: string | undefined;
  displayName: string;
  level: number | null;
  restore?: RoomRestore | undefined;
  rejoinGrant?: string | undefined;
};

/**
 * The rooms API join request (`POST /api/rooms/<CODE>/join`): its URL and its exact body. One home for both the
 * rooms client and the web room's early join (web/room/early-join.ts), which sends the same request before the
 * call's code has loaded and hands its answer to the client when the body is the same. Zod-free (types only).
 */
export function joinRequest(baseUrl: string, code: string, options: JoinOptions): { url: string; body: string } {
  const { passcode, displayName, level, restore, rejoinGrant } = options;
  return {
    url: `${baseUrl}/api/rooms/${encodeURIComponent(code)}/join`,
    body: JSON.stringify({
      displayName,
      ...(level === null ? {} : { level }),
      ...(passcode ? { passcode } : {}),
      ...(restore ? { restore } : {}),
      ...(rejoinGrant ? { rejoinGrant } : {}),
    }),
  };
}
