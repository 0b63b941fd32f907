import type { User } from 'firebase/auth/web-extension';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { DetectedBook } from '../../../shared/schemas/detected-book';
import { backgroundProtocol } from '../../messaging/background-protocol';
import { type ActionStatus, PENDING_ACTION_KEY, type PendingAction, PendingActionSchema } from '../../utils/book-action';
import { currentRoom, useCurrentRoom, useRoomSnapshot } from '../room/room-store';
import { bookCardFrom } from './book-card';

const NO_ROOM_GRACE_MS = 1500;

export type AddToShelf = (uid: string, book: DetectedBook) => Promise<'added' | 'already-on-shelf'>;

function shareReady(): boolean {
  const snap = currentRoom()?.session.snapshot;
  return Boolean(snap?.selfPeerId && (snap.phase === 'in-room' || snap.phase === 'reconnecting'));
}

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

async function report(pending: PendingAction, status: ActionStatus, detail?: string) {
  await backgroundProtocol
    .send('bookActionDone', { id: pending.id, tabId: pending.tabId, status, ...(detail ? { detail: detail.slice(0, 300) } : {}) })
    .catch(() => {});
}

async function readPending(): Promise<PendingAction | undefined> {
  const parsed = PendingActionSchema.safeParse((await browser.storage.session.get(PENDING_ACTION_KEY))[PENDING_ACTION_KEY]);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Take the pending action for this panel: every open panel (the side panel, a panel tab) watches it, and
 * exactly one may carry it out. A Web Lock shared by the extension's pages makes read-and-remove atomic.
 */
async function claim(id: string): Promise<boolean> {
  const run = async () => {
    const now = await readPending();
    if (now?.id !== id) return false;
    await browser.storage.session.remove(PENDING_ACTION_KEY);
    return true;
  };
  return navigator.locks ? navigator.locks.request('chaekbang-pending-action', run) : run();
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
        if (shareReady()) {
          if (await claim(pending.id)) await report(pending, shareToRoom(pending.book));
          return;
        }
        // Another open panel may be the one in the room: give it a moment before saying there is no room.
        // The action stays pending, so joining a room here still shares it.
        await new Promise((r) => setTimeout(r, NO_ROOM_GRACE_MS));
        if (!cancelled && (await readPending())?.id === pending.id) await report(pending, 'no-room');
      } else if (!user) {
        await report(pending, 'needs-sign-in');
      } else if (await claim(pending.id)) {
        try {
          await report(pending, await addToShelf(user.uid, pending.book));
        } catch (err) {
          await report(pending, 'error', err instanceof Error ? err.message : String(err));
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
