import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { type LastRoom, lastRoomFor } from './last-room';

/**
 * "Rejoin ABC-DEF": the lobby's offer after the panel closed or reloaded mid-call. It stands for
 * REJOIN_WINDOW_MS after the call was last seen; a planned Leave removes it. Dismissing hides it here.
 */
export function RejoinOffer({ uid, onRejoin }: { uid: string; onRejoin(room: LastRoom): void }) {
  const [room, setRoom] = useState<LastRoom | null>(null);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => {
    let live = true;
    lastRoomFor(uid).then((r) => {
      if (live) setRoom(r);
    });
    return () => {
      live = false;
    };
  }, [uid]);
  if (!room || dismissed) return null;
  const pretty = `${room.code.slice(0, 3)}-${room.code.slice(3)}`;
  return (
    <section class="card compact rejoin" aria-label={t('roomRejoinTitle')} data-testid="rejoin-offer">
      <p>{room.name ? t('roomRejoinNamed', [room.name, pretty]) : t('roomRejoinText', pretty)}</p>
      <div class="row">
        <button type="button" class="primary" data-testid="rejoin-room" onClick={() => onRejoin(room)}>
          {t('roomRejoin', pretty)}
        </button>
        <button type="button" class="link" onClick={() => setDismissed(true)}>
          {t('dismiss')}
        </button>
      </div>
    </section>
  );
}
