/**
 * The compact live leaderboard under the room's tiles: the club's running marathon when the room is a
 * club's room, or the marathon pinned to the room. (Being built: issue 11.)
 */
export function MarathonStrip(_props: { uid: string; clubId?: string | null; marathonId?: string | null }) {
  return null;
}
