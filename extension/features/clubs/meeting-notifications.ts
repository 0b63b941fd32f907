import { browser } from 'wxt/browser';
import {
  MEETING_SCHEDULE_KEY,
  NOTIFY_OFF_KEY,
  PENDING_CLUB_JOIN_KEY,
  parseAlarmName,
  plannedAlarms,
  readNotifyOff,
  readSchedule,
  reminderText,
  syncAlarms,
} from './meeting-alarms';

type OpenPanel = () => Promise<boolean>;
type NotificationsApi = {
  create(id: string, options: Record<string, unknown>): Promise<string>;
  clear(id: string): Promise<boolean>;
  onClicked: { addListener(fn: (id: string) => void): void };
  onButtonClicked?: { addListener(fn: (id: string, index: number) => void): void };
};

/**
 * The background's half of meeting reminders: keeps one alarm per upcoming meeting (from the schedule
 * the side panel stores), shows a notification 10 minutes before, and on its click joins the club's room.
 * `openPanel` must be called synchronously in the click handler: Chrome lets sidePanel.open() run only in
 * answer to a user gesture, and a notification click is one (as is a button on it). When the browser
 * still refuses, the panel opens in a tab instead. Either way the club to join is handed over in
 * storage.session (PENDING_CLUB_JOIN_KEY); the panel joins it as soon as it runs.
 */
export function startMeetingNotifications(openPanel: OpenPanel): void {
  const notifications = (browser as unknown as { notifications?: NotificationsApi }).notifications;
  const alarms = browser.alarms;
  if (!alarms || !notifications) return;

  async function sync() {
    const stored = await browser.storage.local.get([MEETING_SCHEDULE_KEY, NOTIFY_OFF_KEY]);
    const planned = plannedAlarms(readSchedule(stored[MEETING_SCHEDULE_KEY]), readNotifyOff(stored[NOTIFY_OFF_KEY]), Date.now());
    await syncAlarms(
      {
        getAll: () => alarms.getAll(),
        create: (name, info) => alarms.create(name, info),
        clear: (name) => alarms.clear(name),
      },
      planned,
    );
  }

  browser.runtime.onStartup.addListener(() => {
    sync().catch(() => {});
  });
  browser.runtime.onInstalled.addListener(() => {
    sync().catch(() => {});
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && (MEETING_SCHEDULE_KEY in changes || NOTIFY_OFF_KEY in changes)) sync().catch(() => {});
  });

  alarms.onAlarm.addListener((alarm) => {
    const ids = parseAlarmName(alarm.name);
    if (!ids) return;
    (async () => {
      const stored = await browser.storage.local.get([MEETING_SCHEDULE_KEY, NOTIFY_OFF_KEY]);
      if (readNotifyOff(stored[NOTIFY_OFF_KEY]).includes(ids.clubId)) return;
      const club = readSchedule(stored[MEETING_SCHEDULE_KEY])[ids.clubId];
      const meeting = club?.meetings.find((m) => m.id === ids.meetingId);
      if (!club || !meeting || meeting.at < Date.now() - 5 * 60_000) return;
      const { title, message } = reminderText(club, meeting, {
        locale: browser.i18n.getUILanguage(),
        t: (key, subs) => browser.i18n.getMessage(key, subs),
      });
      const isFirefox = typeof (browser as unknown as { sidebarAction?: unknown }).sidebarAction !== 'undefined';
      await notifications.create(alarm.name, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
        // Firefox has no notification buttons: there the whole notification is the button.
        ...(isFirefox ? {} : { buttons: [{ title: browser.i18n.getMessage('meetingReminderJoin') }], requireInteraction: true }),
      });
    })().catch(() => {});
  });

  const join = (notificationId: string) => {
    const ids = parseAlarmName(notificationId);
    if (!ids) return;
    // Synchronously, inside the click's user gesture.
    const opened = openPanel();
    browser.storage.session.set({ [PENDING_CLUB_JOIN_KEY]: { clubId: ids.clubId, at: Date.now() } }).catch(() => {});
    notifications.clear(notificationId).catch(() => {});
    opened.then((ok) => {
      if (!ok) browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') }).catch(() => {});
    });
  };
  notifications.onClicked.addListener(join);
  notifications.onButtonClicked?.addListener((id) => join(id));
}
