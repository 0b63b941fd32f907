import { useState } from 'preact/hooks';
import type { CatalogBook } from '../../../shared/schemas/catalog';
import { t } from '../../i18n';
import { CatalogSearch } from './catalog-search';
import { catalogClient, currentUid } from './catalog-store';
import { useCatalogActions } from './use-catalog-actions';

/**
 * "Find a book" in the call: a toggle that opens the catalog search under the call bar. A result's
 * Share to room puts its card in the room as a detected page's card does, and the search closes so the
 * call (and the card) is in view again; closed, it takes one line.
 */
export function RoomSearch() {
  const [open, setOpen] = useState(false);
  const uid = currentUid();
  return (
    <div class={`room-search${open ? ' open' : ''}`} data-testid="room-search">
      <button
        type="button"
        class="link"
        data-testid="room-search-toggle"
        aria-expanded={open}
        aria-controls="room-search-panel"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? t('roomSearchClose') : t('roomSearchOpen')}
      </button>
      {open && uid && (
        <div id="room-search-panel">
          <RoomSearchBody uid={uid} onShared={() => setOpen(false)} />
        </div>
      )}
    </div>
  );
}

function RoomSearchBody({ uid, onShared }: { uid: string; onShared(): void }) {
  const { onShare, ...actions } = useCatalogActions(uid);
  const share = onShare
    ? (book: CatalogBook) => {
        const status = onShare(book);
        if (status === 'shared') onShared();
        return status;
      }
    : undefined;
  return <CatalogSearch client={catalogClient()} actions={{ ...actions, onShare: share }} id="room" autoFocus />;
}
