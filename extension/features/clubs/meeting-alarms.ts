import { z } from 'zod';

/**
 * Meeting reminders (issue 11), the pure part shared by the side panel and the background:
 * - the panel keeps `storage.local[MEETING_SCHEDULE_KEY]`: the upcoming meetings of the reader's clubs
 *   (it is the side panel that reads Firestore; the background never does);
 * - `storage.local[NOTIFY_OFF_KEY]` lists the clubs whose reminders the reader turned off;
 * - the background turns both into one alarm per meeting, REMINDER_LEAD_MS before it, and on the alarm
 *   shows a notification whose click joins the club's room (see meeting-notifications.ts).
 * Times are stored as instants (ms since the epoch) and shown in the reader's own time zone.
 */
export const MEETING_SCHEDULE_KEY = 'clubMeetingSchedule';
export const NOTIFY_OFF_KEY = 'clubNotifyOff';
/** storage.session: a club room to join, handed from a notification click to the side panel. */
export const PENDING_CLUB_JOIN_KEY = 'pendingClubJoin';
export const REMINDER_LEAD_MS = 10 * 60 * 1000;
/** A hand-off older than this is stale (the reader opened the panel much later): ignored. */
export const HANDOFF_TTL_MS = 30 * 60 * 1000;
export const ALARM_PREFIX = 'club-meeting|';

const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const ScheduledMeetingSchema = z.object({
  id: IdSchema,
  at: z.number().int().nonnegative(),
  note: z.string().max(80),
});
export const MeetingScheduleSchema = z.record(
  IdSchema,
  z.object({ name: z.string().max(60), meetings: z.array(ScheduledMeetingSchema).max(12) }),
);
export type MeetingSchedule = z.infer<typeof MeetingScheduleSchema>;
export const NotifyOffSchema = z.array(IdSchema).max(64);
export const PendingClubJoinSchema = z.object({ clubId: IdSchema, at: z.number() });
export type PendingClubJoin = z.infer<typeof PendingClubJoinSchema>;

/** Whatever is in storage, as a schedule (anything malformed counts as no schedule). */
export function readSchedule(value: unknown): MeetingSchedule {
  const parsed = MeetingScheduleSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}
export function readNotifyOff(value: unknown): string[] {
  const parsed = NotifyOffSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

export function alarmName(clubId: string, meetingId: string): string {
  return `${ALARM_PREFIX}${clubId}|${meetingId}`;
}
export function parseAlarmName(name: string): { clubId: string; meetingId: string } | null {
  if (!name.startsWith(ALARM_PREFIX)) return null;
  const [clubId, meetingId, ...rest] = name.slice(ALARM_PREFIX.length).split('|');
  if (rest.length > 0 || !IdSchema.safeParse(clubId).success || !IdSchema.safeParse(meetingId).success) return null;
  return { clubId: clubId as string, meetingId: meetingId as string };
}

/**
 * The alarms that should exist now: one per upcoming meeting of a club whose reminders are on, at
 * REMINDER_LEAD_MS before it. A meeting less than 10 minutes away still gets its reminder (right away);
 * one that has started does not.
 */
export function plannedAlarms(schedule: MeetingSchedule, off: readonly string[], now: number): Map<string, number> {
  const planned = new Map<string, number>();
  for (const [clubId, club] of Object.entries(schedule)) {
    if (off.includes(clubId)) continue;
    for (const m of club.meetings) {
      if (m.at <= now) continue;
      planned.set(alarmName(clubId, m.id), Math.max(m.at - REMINDER_LEAD_MS, now + 1000));
    }
  }
  return planned;
}

export type AlarmsApi = {
  getAll(): Promise<{ name: string; scheduledTime: number }[]>;
  create(name: string, info: { when: number }): unknown;
  clear(name: string): Promise<unknown>;
};

/** Make the browser's club alarms equal to `planned` (other alarms are left alone). Returns what changed. */
export async function syncAlarms(
  api: AlarmsApi,
  planned: Map<string, number>,
): Promise<{ created: string[]; cleared: string[] }> {
  const existing = (await api.getAll()).filter((a) => a.name.startsWith(ALARM_PREFIX));
  const cleared: string[] = [];
  const created: string[] = [];
  for (const a of existing) {
    const want = planned.get(a.name);
    // A reminder already moved "to now" keeps its time; a changed meeting time moves the alarm.
    if (want === undefined || Math.abs(want - a.scheduledTime) > 60_000) {
      await api.clear(a.name);
      cleared.push(a.name);
    }
  }
  const kept = new Set(existing.map((a) => a.name).filter((n) => !cleared.includes(n)));
  for (const [name, when] of planned) {
    if (kept.has(name)) continue;
    await api.create(name, { when });
    created.push(name);
  }
  return { created, cleared };
}

/** "Wed 3 Dec, 19:30" in the reader's language and time zone (the zone can be given for tests). */
export function meetingTimeText(at: number, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(at));
}

/** The reminder's text: title names the club, the message the time (reader's zone) and what to read. */
export function reminderText(
  club: { name: string },
  meeting: { at: number; note: string },
  {
    locale,
    timeZone,
    t,
  }: { locale: string; timeZone?: string; t: (key: 'meetingReminderTitle' | 'meetingReminderBody', subs: string[]) => string },
): { title: string; message: string } {
  const when = meetingTimeText(meeting.at, locale, timeZone);
  return {
    title: t('meetingReminderTitle', [club.name]),
    message: t('meetingReminderBody', [when, meeting.note || '—']),
  };
}

/** A hand-off still worth acting on. */
export function freshHandoff(value: unknown, now: number): PendingClubJoin | null {
  const parsed = PendingClubJoinSchema.safeParse(value);
  if (!parsed.success) return null;
  return now - parsed.data.at <= HANDOFF_TTL_MS && parsed.data.at <= now + 60_000 ? parsed.data : null;
}
