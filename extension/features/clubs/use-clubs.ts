import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Club, Meeting } from '../../../shared/schemas/club';
import { clubsRepository } from '../../data/clubs-repository';
import { firebase } from '../../data/firebase-app';
import { NOTIFY_OFF_KEY, readNotifyOff } from './meeting-alarms';

export type ClubEntry = { id: string; club: Club | null; state: 'loading' | 'member' | 'pending' | 'gone' };

/**
 * The reader's clubs from their own list (users/{uid}/clubs/index), each live: a member's club, a pending
 * request (not yet readable when private), or gone (removed, declined or closed: taken off the list).
 */
export function useMyClubs(uid: string): { loaded: boolean; entries: ClubEntry[] } {
  const [ids, setIds] = useState<string[] | null>(null);
  const [clubs, setClubs] = useState<Record<string, ClubEntry>>({});
  // A refused listener stops for good: when the reader turns out to be a member (a join or an approval
  // that landed after the listener started), listen again (a few times at most).
  const [version, setVersion] = useState(0);
  const retries = useRef(new Map<string, number>());
  useEffect(() => clubsRepository(firebase().db).watchIndex(uid, setIds, () => setIds([])), [uid]);
  useEffect(() => {
    if (!ids) return;
    const repo = clubsRepository(firebase().db);
    let live = true;
    const stops: (() => void)[] = [];
    const set = (entry: ClubEntry) => live && setClubs((prev) => ({ ...prev, [entry.id]: entry }));
    for (const id of ids)
      stops.push(
        repo.watch(id, (club) => {
          if (!live) return;
          if (club?.members[uid]) {
            set({ id, club, state: 'member' });
            return;
          }
          // Not a member as far as this snapshot knows: ask the server before believing it.
          repo.standing(id, uid).then((standing) => {
            if (!live || standing === null) return;
            if (standing === 'member') {
              const n = retries.current.get(id) ?? 0;
              if (n < 3) {
                retries.current.set(id, n + 1);
                setVersion((v) => v + 1);
              }
            } else if (standing === 'pending') {
              set({ id, club, state: 'pending' });
              stops.push(
                repo.watchMembership(id, uid, (member) => {
                  if (member && live) setVersion((v) => v + 1);
                }),
              );
            } else {
              set({ id, club, state: 'gone' });
              repo.forget(uid, id).catch(() => {});
            }
          });
        }),
      );
    return () => {
      live = false;
      for (const stop of stops) stop();
    };
  }, [uid, ids?.join(','), version]);
  const entries = (ids ?? []).map((id) => clubs[id] ?? { id, club: null, state: 'loading' as const });
  return { loaded: ids !== null, entries };
}

export function useClub(clubId: string): { loaded: boolean; club: Club | null } {
  const [state, setState] = useState<{ loaded: boolean; club: Club | null }>({ loaded: false, club: null });
  useEffect(() => clubsRepository(firebase().db).watch(clubId, (club) => setState({ loaded: true, club })), [clubId]);
  return state;
}

export function useMeetings(clubId: string | null): Meeting[] {
  const [meetings, setMeetings] = useState<Meeting[]>([]);
  useEffect(() => {
    if (!clubId) return;
    return clubsRepository(firebase().db).watchMeetings(clubId, setMeetings);
  }, [clubId]);
  return meetings;
}

/** Reminders for this club on or off (stored per browser profile, where the background reads it). */
export function useNotifyOn(clubId: string): [boolean, (on: boolean) => Promise<void>] {
  const [off, setOff] = useState<string[]>([]);
  useEffect(() => {
    browser.storage.local.get(NOTIFY_OFF_KEY).then((v) => setOff(readNotifyOff(v[NOTIFY_OFF_KEY])));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && NOTIFY_OFF_KEY in changes) setOff(readNotifyOff(changes[NOTIFY_OFF_KEY]?.newValue));
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  const set = async (on: boolean) => {
    const current = readNotifyOff((await browser.storage.local.get(NOTIFY_OFF_KEY))[NOTIFY_OFF_KEY]);
    const next = on ? current.filter((id) => id !== clubId) : [...new Set([...current, clubId])];
    await browser.storage.local.set({ [NOTIFY_OFF_KEY]: next });
  };
  return [!off.includes(clubId), set];
}

/** Now, refreshed every `everyMs` (for "next meeting"). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
