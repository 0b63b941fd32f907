import { describe, expect, it } from 'vitest';
import {
  ALARM_PREFIX,
  type AlarmsApi,
  alarmName,
  freshHandoff,
  HANDOFF_TTL_MS,
  meetingTimeText,
  parseAlarmName,
  plannedAlarms,
  REMINDER_LEAD_MS,
  readNotifyOff,
  readSchedule,
  reminderText,
  syncAlarms,
} from './meeting-alarms';

const NOW = Date.UTC(2026, 11, 2, 9, 0); // Wed 2 Dec 2026 09:00 UTC
const HOUR = 3600_000;
const schedule = {
  clubA: {
    name: '수요 독서모임',
    meetings: [
      { id: 'past', at: NOW - HOUR, note: '' },
      { id: 'soon', at: NOW + 5 * 60_000, note: '1–3장' },
      { id: 'later', at: NOW + 26 * HOUR, note: 'p. 1–80' },
    ],
  },
  clubB: { name: 'Open shelf', meetings: [{ id: 'm1', at: NOW + 2 * HOUR, note: '' }] },
};

/** An in-memory chrome.alarms. */
function fakeAlarms(initial: Record<string, number> = {}) {
  const alarms = new Map(Object.entries(initial));
  const api: AlarmsApi = {
    getAll: async () => [...alarms].map(([name, scheduledTime]) => ({ name, scheduledTime })),
    create: (name, { when }) => alarms.set(name, when),
    clear: async (name) => alarms.delete(name),
  };
  return { api, alarms };
}

describe('which alarms exist for which meetings', () => {
  it('one alarm per upcoming meeting, 10 minutes before it; none for past meetings', () => {
    const planned = plannedAlarms(schedule, [], NOW);
    expect(Object.fromEntries(planned)).toEqual({
      [alarmName('clubA', 'soon')]: NOW + 1000, // less than 10 minutes away: remind right away
      [alarmName('clubA', 'later')]: NOW + 26 * HOUR - REMINDER_LEAD_MS,
      [alarmName('clubB', 'm1')]: NOW + 2 * HOUR - REMINDER_LEAD_MS,
    });
  });
  it('a club turned off has no alarms; the others keep theirs', () => {
    const planned = plannedAlarms(schedule, ['clubA'], NOW);
    expect([...planned.keys()]).toEqual([alarmName('clubB', 'm1')]);
    expect(plannedAlarms(schedule, ['clubA', 'clubB'], NOW).size).toBe(0);
  });
  it('alarm names round-trip; other names and malformed ones are not ours', () => {
    expect(parseAlarmName(alarmName('clubA', 'later'))).toEqual({ clubId: 'clubA', meetingId: 'later' });
    expect(parseAlarmName('something-else')).toBeNull();
    expect(parseAlarmName(`${ALARM_PREFIX}a|b|c`)).toBeNull();
    expect(parseAlarmName(`${ALARM_PREFIX}a/b|c`)).toBeNull();
  });
  it('malformed storage counts as no schedule and no opt-outs', () => {
    expect(readSchedule({ x: { name: 1 } })).toEqual({});
    expect(readSchedule('nope')).toEqual({});
    expect(readNotifyOff([1, 2])).toEqual([]);
    expect(readNotifyOff(['clubA'])).toEqual(['clubA']);
  });
});

describe('syncing the browser alarms', () => {
  it('creates the missing, clears the stale and the turned-off, moves a changed time, leaves others alone', async () => {
    const { api, alarms } = fakeAlarms({
      [alarmName('clubA', 'gone')]: NOW + HOUR,
      [alarmName('clubB', 'm1')]: NOW + 5 * HOUR, // the meeting moved
      [alarmName('clubA', 'later')]: NOW + 26 * HOUR - REMINDER_LEAD_MS,
      'someone-elses-alarm': NOW + HOUR,
    });
    const result = await syncAlarms(api, plannedAlarms(schedule, [], NOW));
    expect(result.cleared.sort()).toEqual([alarmName('clubA', 'gone'), alarmName('clubB', 'm1')].sort());
    expect(result.created.sort()).toEqual([alarmName('clubA', 'soon'), alarmName('clubB', 'm1')].sort());
    expect(alarms.get(alarmName('clubB', 'm1'))).toBe(NOW + 2 * HOUR - REMINDER_LEAD_MS);
    expect(alarms.has('someone-elses-alarm')).toBe(true);
    // turning clubA off clears its alarms
    await syncAlarms(api, plannedAlarms(schedule, ['clubA'], NOW));
    expect([...alarms.keys()].sort()).toEqual([alarmName('clubB', 'm1'), 'someone-elses-alarm'].sort());
    // syncing again changes nothing
    expect(await syncAlarms(api, plannedAlarms(schedule, ['clubA'], NOW))).toEqual({ created: [], cleared: [] });
  });
});

describe('times in the reader’s own zone', () => {
  const at = Date.UTC(2026, 11, 3, 10, 30); // Thu 3 Dec 2026 10:30 UTC
  it('Seoul and New York readers see their own clock', () => {
    expect(meetingTimeText(at, 'en-US', 'Asia/Seoul')).toMatch(/Thu.*Dec.*3.*07:30 PM/);
    expect(meetingTimeText(at, 'en-US', 'America/New_York')).toMatch(/Thu.*Dec.*3.*05:30 AM/);
    expect(meetingTimeText(at, 'ko-KR', 'Asia/Seoul')).toMatch(/12월 3일.*\(목\)|12월 3일 \(목\)|목/);
    expect(meetingTimeText(at, 'ko-KR', 'Asia/Seoul')).toContain('07:30');
  });
  it('the reminder names the club, the local time and what to read', () => {
    const t = (key: string, subs: string[]) => `${key}:${subs.join('/')}`;
    const text = reminderText({ name: '수요 독서모임' }, { at, note: '1–3장' }, { locale: 'en-US', timeZone: 'Asia/Seoul', t });
    expect(text.title).toBe('meetingReminderTitle:수요 독서모임');
    expect(text.message).toMatch(/^meetingReminderBody:Thu.*07:30 PM\/1–3장$/);
  });
});

describe('the hand-off from a notification click to the panel', () => {
  it('is taken when fresh, ignored when stale, malformed or from the future', () => {
    expect(freshHandoff({ clubId: 'clubA', at: NOW - 1000 }, NOW)).toEqual({ clubId: 'clubA', at: NOW - 1000 });
    expect(freshHandoff({ clubId: 'clubA', at: NOW - HANDOFF_TTL_MS - 1 }, NOW)).toBeNull();
    expect(freshHandoff({ clubId: 'club/../x', at: NOW }, NOW)).toBeNull();
    expect(freshHandoff({ clubId: 'clubA', at: NOW + HOUR }, NOW)).toBeNull();
    expect(freshHandoff(null, NOW)).toBeNull();
  });
});
