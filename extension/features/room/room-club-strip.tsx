import { t } from '../../i18n';
import { NextMeeting } from '../clubs/next-meeting';
import { MarathonStrip } from '../marathons/marathon-strip';
import { type RoomSync, useRoomSync } from './room-sync';

/**
 * Under the tiles, when the room is a club's standing room or a marathon is pinned to it: the club's next
 * meeting and the marathon's live leaderboard strip. The host can take a pinned marathon down here.
 */
export function RoomClubStrip({ uid, sync }: { uid: string; sync: RoomSync | null }) {
  const state = useRoomSync(sync);
  const clubId = state?.info?.clubId ?? null;
  const pinned = state?.info?.pinnedMarathonId ?? null;
  if (!sync || (!clubId && !pinned)) return null;
  return (
    <div class="room-club" data-testid="room-club" data-club={clubId ?? ''} data-pinned={pinned ?? ''}>
      {clubId && <NextMeeting clubId={clubId} />}
      <MarathonStrip uid={uid} clubId={clubId} marathonId={pinned} />
      {pinned && state?.isHost && (
        <button type="button" class="link small" data-testid="unpin-marathon" onClick={() => sync.pin(null).catch(() => {})}>
          {t('roomUnpinMarathon')}
        </button>
      )}
    </div>
  );
}
