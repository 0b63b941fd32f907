/**
 * The room side of clubs (issue 11, being built): a club's standing room and a marathon pinned to a room.
 * Contract for the clubs and marathons views:
 * - joinClubRoom(clubId): creates or finds the club's standing room on the room server (members only),
 *   switches the panel to the Room tab and starts joining it.
 * - pinMarathon(marathonId | null): the host of the current room shows (or stops showing) a marathon's
 *   leaderboard strip under the tiles.
 */
export async function joinClubRoom(_clubId: string): Promise<void> {
  throw new Error('joinClubRoom: not built yet');
}

export async function pinMarathon(_marathonId: string | null): Promise<void> {
  throw new Error('pinMarathon: not built yet');
}
