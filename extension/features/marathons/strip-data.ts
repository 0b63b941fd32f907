import type { Firestore, Unsubscribe } from 'firebase/firestore';
import type { Participant } from '../../../shared/schemas/marathon';
import { marathonsRepository } from '../../data/marathons-repository';

/** What the leaderboard strip (and the marathon view's leaderboard) shows. */
export type StripState = {
  top: Participant[];
  /** The reader's own row (from the top 10 when there, else its own document), null if not in it. */
  me: Participant | null;
  /** 1-based rank among readers not hidden; null when hidden, not in it, or not known yet. */
  rank: number | null;
  loaded: boolean;
};

/** Reads the server delivered, counted the way Firestore bills them (bench/marathon.ts reports these). */
export type ReadCounter = { docs: number; counts: number };

/**
 * The live leaderboard of one marathon with bounded reads: one listener on the top 10 (10 reads on attach,
 * then 1 per changed row); the reader's own document only while they are not in the top 10 (1 read, then
 * 1 per change of their own row); their rank from the top 10 when there, else 1 + count() of readers with
 * more pages (1 read per 1,000 entries), asked again only when their pages or the top 10 change.
 */
export function watchStrip(
  db: Firestore,
  marathonId: string,
  uid: string,
  onChange: (state: StripState) => void,
  onError: (err: Error) => void,
  counter?: ReadCounter,
): Unsubscribe {
  const repo = marathonsRepository(db);
  let top: Participant[] = [];
  let topLoaded = false;
  let own: Participant | null = null;
  let ownLoaded = false;
  let stopOwn: Unsubscribe | null = null;
  let rank: number | null = null;
  let rankFor: string | null = null;
  let live = true;

  const emit = () => {
    if (!live) return;
    const inTop = top.findIndex((p) => p.uid === uid);
    const me = inTop >= 0 ? (top[inTop] ?? null) : own;
    let shownRank = rank;
    if (inTop >= 0) shownRank = inTop + 1;
    else if (!me || me.hidden) shownRank = null;
    onChange({ top, me, rank: shownRank, loaded: topLoaded && (inTop >= 0 || ownLoaded) });
  };

  // The top 10 when the rank was last counted: a change there moves this reader's rank only when a row
  // enters it or crosses the reader's pages (rows above stay above).
  let countedTop = new Map<string, number>();
  const recount = () => {
    const me = own;
    if (!me || me.hidden || top.some((p) => p.uid === uid)) return;
    const above = (pages: number) => pages > me.pages;
    const crossed =
      top.some((p) => !countedTop.has(p.uid) || above(countedTop.get(p.uid) ?? 0) !== above(p.pages)) ||
      countedTop.size !== top.length;
    const key = String(me.pages);
    if (key === rankFor && !crossed) return;
    rankFor = key;
    countedTop = new Map(top.map((p) => [p.uid, p.pages]));
    repo.rank(marathonId, me.pages).then(
      (r) => {
        if (counter) counter.counts += 1;
        rank = r;
        emit();
      },
      () => {},
    );
  };

  const watchOwn = () => {
    if (stopOwn) return;
    ownLoaded = false;
    stopOwn = repo.watchParticipant(
      marathonId,
      uid,
      (p) => {
        own = p;
        ownLoaded = true;
        recount();
        emit();
      },
      onError,
      counter ? (n) => (counter.docs += n) : undefined,
    );
  };

  const stopTop = repo.watchLeaderboard(
    marathonId,
    (rows) => {
      top = rows;
      topLoaded = true;
      if (rows.some((p) => p.uid === uid)) {
        stopOwn?.();
        stopOwn = null;
      } else {
        watchOwn();
        recount();
      }
      emit();
    },
    onError,
    counter ? (n) => (counter.docs += n) : undefined,
  );

  return () => {
    live = false;
    stopTop();
    stopOwn?.();
  };
}
