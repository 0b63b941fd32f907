import type { User } from 'firebase/auth/web-extension';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { DetectedBook } from '../../../shared/schemas/detected-book';
import { backgroundProtocol } from '../../messaging/background-protocol';
import { type ActionStatus, PENDING_ACTION_KEY, type PendingAction, PendingActionSchema } from '../../utils/book-action';
import { currentRoom, useCurrentRoom, useRoomSnapshot } from '../room/room-store';
import { bookCardFrom } from './book-card';

const NO_ROOM_GRACE_MS = 1500;

export type AddToShelf = (uid: string, book: DetectedBook) => Promise<void>;

/** Share a detected book into the live room, if there is one. */
export function shareToRoom(book: DetectedBook): ActionStatus {
  const room = currentRoom();
  const snap = room?.session.snapshot;
  if (!room || !snap || (snap.phase !== 'in-room' && snap.phase !== 'reconnecting') || !snap.selfPeerId) return 'no-room';
  const card = bookCardFrom(book, snap.selfPeerId);
  if (!card) return 'error';
  room.session.shareBook(card);
  return 'shared';
}

async function finish(pending: PendingAction, status: ActionStatus, detail?: string) {
  if (status === 'shared' || status === 'added' || status === 'error') {
    const now = (await browser.storage.session.get(PENDING_ACTION_KEY))[PENDING_ACTION_KEY] as PendingAction | undefined;
    if (now?.id === pending.id) await browser.storage.session.remove(PENDING_ACTION_KEY);
  }
  await backgroundProtocol
    .send('bookActionDone', { id: pending.id, tabId: pending.tabId, status, ...(detail ? { detail: detail.slice(0, 300) } : {}) })
    .catch(() => {});
}

/**
 * Carry out the action a reader started on a page (chip or context menu) once the panel can: share into
 * the room as soon as there is one, add to the shelf as soon as the reader is signed in. Returns what is
 * still waiting, so the panel can say so.
 */
export function usePendingAction(user: User | null, addToShelf: AddToShelf): { pending: PendingAction | null; dismiss(): void } {
  const [pending, setPending] = useState<PendingAction | null>(null);
  const room = useCurrentRoom();
  const snap = useRoomSnapshot(room?.session ?? null);

  useEffect(() => {
    const read = (value: unknown) => {
      const parsed = PendingActionSchema.safeParse(value);
      setPending(parsed.success ? parsed.data : null);
    };
    browser.storage.session.get(PENDING_ACTION_KEY).then((v) => read(v[PENDING_ACTION_KEY]));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && PENDING_ACTION_KEY in changes) read(changes[PENDING_ACTION_KEY]?.newValue);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  const roomReady = snap?.phase === 'in-room';
  useEffect(() => {
    if (!pending) return;
    let cancelled = false;
    (async () => {
      if (pending.action === 'share') {
        const status = shareToRoom(pending.book);
        if (status === 'no-room') {
          // Another open panel (this reader's side panel, or a panel tab) may be the one in the room: give it
          // a moment to take the action before saying there is no room.
          await new Promise((r) => setTimeout(r, NO_ROOM_GRACE_MS));
          const still = (await browser.storage.session.get(PENDING_ACTION_KEY))[PENDING_ACTION_KEY] as PendingAction | undefined;
          if (cancelled || still?.id !== pending.id) return;
        }
        if (!cancelled) await finish(pending, status);
      } else if (!user) {
        await finish(pending, 'needs-sign-in');
      } else {
        try {
          await addToShelf(user.uid, pending.book);
          if (!cancelled) await finish(pending, 'added');
        } catch (err) {
          await finish(pending, 'error', err instanceof Error ? err.message : String(err));
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [pending?.id, user?.uid, roomReady]);

  return {
    pending,
    dismiss: () => {
      browser.storage.session.remove(PENDING_ACTION_KEY).catch(() => {});
    },
  };
}
