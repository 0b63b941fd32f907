import type { CatalogBook } from '../../../shared/schemas/catalog';
import { type AddOutcome, addBookToShelf } from '../page/add-to-shelf';
import { shareToRoom } from '../page/pending-actions';
import { useCurrentRoom, useRoomSnapshot } from '../room/room-store';
import type { ResultActions } from './book-result';
import { detectedFromCatalog } from './catalog-book';

/**
 * What a catalog result can do for this reader: Add to shelf always; Share to room only while in a room.
 * Both go the way a book detected on a page goes (the same card in the room, the same shelf entry).
 */
export function useCatalogActions(uid: string): Omit<ResultActions, 'onLibraries'> {
  const room = useCurrentRoom();
  const snap = useRoomSnapshot(room?.session ?? null);
  const inRoom = Boolean(snap?.selfPeerId && (snap.phase === 'in-room' || snap.phase === 'reconnecting'));
  return {
    onShelf: (book: CatalogBook): Promise<AddOutcome> => addBookToShelf(uid, detectedFromCatalog(book)),
    ...(inRoom ? { onShare: (book: CatalogBook) => shareToRoom(detectedFromCatalog(book)) } : {}),
  };
}
