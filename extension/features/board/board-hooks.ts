import type { Firestore } from 'firebase/firestore';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ShelfEntry } from '../../../shared/schemas/shelf-entry';
import { clubsRepository } from '../../data/clubs-repository';
import { PostError } from '../../data/posts-repository';
import { shelfRepository } from '../../data/shelf-repository';
import { type MessageKey, t } from '../../i18n';
import { describeError } from '../account/describe-error';
import type { Progress } from './spoiler';

/** The reader's shelf, live (null until known): spoilers follow it, and posts pick their book from it. */
export function useShelf(db: Firestore, uid: string): ShelfEntry[] | null {
  const [entries, setEntries] = useState<ShelfEntry[] | null>(null);
  useEffect(
    () =>
      shelfRepository(db).watch(
        uid,
        (list) => setEntries(list),
        (err) => console.warn('Chaekbang: shelf listener failed (board spoilers stay collapsed)', err),
      ),
    [db, uid],
  );
  return entries;
}

/** Progress per ISBN, for spoiler gates. */
export function useProgress(entries: ShelfEntry[] | null): (isbn13: string) => Progress {
  const map = useMemo(() => new Map((entries ?? []).map((e) => [e.isbn13, e])), [entries]);
  return (isbn13) => map.get(isbn13) ?? null;
}

export type ClubOption = { id: string; name: string; hostUid: string; coHostUids: string[] };

/** The clubs the reader is an active member of (their own list, each club read once, live). */
export function useMyClubs(db: Firestore, uid: string): ClubOption[] {
  const [ids, setIds] = useState<string[]>([]);
  const [clubs, setClubs] = useState<Record<string, ClubOption | null>>({});
  useEffect(() => {
    try {
      return clubsRepository(db).watchIndex(uid, setIds, () => setIds([]));
    } catch {
      return undefined;
    }
  }, [db, uid]);
  useEffect(() => {
    const stops = ids.map((id) =>
      clubsRepository(db).watch(
        id,
        (club) =>
          setClubs((prev) => ({
            ...prev,
            [id]:
              club && club.members[uid] === true
                ? { id, name: club.name, hostUid: club.hostUid, coHostUids: club.coHostUids }
                : null,
          })),
        () => setClubs((prev) => ({ ...prev, [id]: null })),
      ),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }, [db, uid, ids.join(',')]);
  return ids.map((id) => clubs[id]).filter((c): c is ClubOption => !!c);
}

const POST_ERROR_KEYS = {
  empty: 'boardErrEmpty',
  'too-long': 'boardErrTooLong',
  'no-title': 'boardErrNoTitle',
  'no-rating': 'boardErrNoRating',
  'no-page': 'boardErrNoPage',
  'no-recipient': 'boardErrNoRecipient',
  'too-soon': 'boardErrTooSoon',
  refused: 'boardErrRefused',
  'not-found': 'boardErrNotFound',
} as const satisfies Record<PostError['code'], MessageKey>;

/** A sentence for the reader for any board error. */
export function describePostError(err: unknown): string {
  if (err instanceof PostError) {
    return err.code === 'too-soon' ? t('boardErrTooSoon', String(err.seconds)) : t(POST_ERROR_KEYS[err.code]);
  }
  if ((err as { code?: string }).code === 'permission-denied') return t('boardErrRefused');
  return describeError(err);
}

// Lives with the labels (no Firestore imports), so light views like the room's book card can use it.
export { stars } from './labels';
