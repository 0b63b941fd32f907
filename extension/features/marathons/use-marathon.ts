import { useEffect, useState } from 'preact/hooks';
import type { Marathon, Membership } from '../../../shared/schemas/marathon';
import { firebase } from '../../data/firebase-app';
import { marathonsRepository } from '../../data/marathons-repository';

/** One marathon, live; `undefined` while loading, null when it is gone or not readable. */
export function useMarathon(marathonId: string | null): Marathon | null | undefined {
  const [m, setM] = useState<Marathon | null | undefined>(undefined);
  useEffect(() => {
    setM(undefined);
    if (!marathonId) return;
    return marathonsRepository(firebase().db).watch(marathonId, setM, () => setM(null));
  }, [marathonId]);
  return marathonId ? m : null;
}

/** The reader's own list of marathons (users/{uid}/marathons), ending soonest first. */
export function useMyMarathons(uid: string): { items: Membership[]; loaded: boolean; error: boolean } {
  const [state, setState] = useState<{ items: Membership[]; loaded: boolean; error: boolean }>({
    items: [],
    loaded: false,
    error: false,
  });
  useEffect(
    () =>
      marathonsRepository(firebase().db).watchMine(
        uid,
        (items) => setState({ items, loaded: true, error: false }),
        () => setState((s) => ({ ...s, loaded: true, error: true })),
      ),
    [uid],
  );
  return state;
}

/** The club's running marathon ending soonest (null: none running). */
export function useClubRunning(clubId: string | null | undefined): Marathon | null {
  const [m, setM] = useState<Marathon | null>(null);
  useEffect(() => {
    setM(null);
    if (!clubId) return;
    return marathonsRepository(firebase().db).watchClubRunning(clubId, setM, () => setM(null));
  }, [clubId]);
  return m;
}

/** A clock that ticks every `ms` (days left and "running" move with it). */
export function useNow(ms = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** The reader's IANA time zone (days are shown and computed in it). */
export function readerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
