import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Club, Meeting } from '../../../shared/schemas/club';
import { clubsRepository } from '../../data/clubs-repository';
import { firebase } from '../../data/firebase-app';
import { joinClubRoom } from '../room/club-room';
import { freshHandoff, MEETING_SCHEDULE_KEY, type MeetingSchedule, PENDING_CLUB_JOIN_KEY } from './meeting-alarms';

/** How long after the panel opens the schedule starts syncing (it stays out of the first paint). */
const START_AFTER_MS = 4000;

/**
 * Always mounted while a reader is signed in (renders nothing):
 * - keeps storage.local's meeting schedule equal to the upcoming meetings of the reader's clubs, so the
 *   background can set one alarm per meeting (the background never reads Firestore);
 * - takes a "join this club's room" handed over by a reminder's click and joins it.
 */
export function ClubsSync({ uid }: { uid: string }) {
  useClubRoomHandoff();
  useScheduleSync(uid);
  return null;
}

function useClubRoomHandoff() {
  useEffect(() => {
    const take = (value: unknown) => {
      const handoff = freshHandoff(value, Date.now());
      if (!handoff) return;
      browser.storage.session.remove(PENDING_CLUB_JOIN_KEY).catch(() => {});
      joinClubRoom(handoff.clubId).catch((err) => console.warn('Chaekbang: joining the club room from a reminder failed', err));
    };
    browser.storage.session.get(PENDING_CLUB_JOIN_KEY).then((v) => take(v[PENDING_CLUB_JOIN_KEY]));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && PENDING_CLUB_JOIN_KEY in changes) take(changes[PENDING_CLUB_JOIN_KEY]?.newValue);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
}

function useScheduleSync(uid: string) {
  const [ready, setReady] = useState(false);
  const [ids, setIds] = useState<string[]>([]);
  // A club listener refused before a join landed stops for good: listen again a little later (capped).
  const [version, setVersion] = useState(0);
  const retries = useRef(0);
  useEffect(() => {
    const timer = setTimeout(() => setReady(true), START_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    if (!ready) return;
    return clubsRepository(firebase().db).watchIndex(uid, setIds, () => setIds([]));
  }, [ready, uid]);
  useEffect(() => {
    if (!ready) return;
    const repo = clubsRepository(firebase().db);
    const names: Record<string, Club | null> = {};
    const meetings: Record<string, Meeting[]> = {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const schedule: MeetingSchedule = {};
        for (const id of ids) {
          const club = names[id];
          if (!club?.members[uid]) continue;
          schedule[id] = {
            name: club.name,
            meetings: (meetings[id] ?? []).map((m) => ({ id: m.id, at: m.at.getTime(), note: m.note })),
          };
        }
        browser.storage.local.set({ [MEETING_SCHEDULE_KEY]: schedule }).catch(() => {});
      }, 500);
    };
    const stops = ids.flatMap((id) => [
      repo.watch(id, (club) => {
        names[id] = club;
        write();
        if (!club?.members[uid] && retries.current < 5) {
          retries.current += 1;
          retry = setTimeout(() => setVersion((v) => v + 1), 5000);
        }
      }),
      repo.watchMeetings(id, (list) => {
        meetings[id] = list;
        write();
      }),
    ]);
    if (ids.length === 0) write();
    return () => {
      clearTimeout(timer);
      clearTimeout(retry);
      for (const stop of stops) stop();
    };
  }, [ready, uid, ids.join(','), version]);
}
