import { beforeEach, describe, expect, it, vi } from 'vitest';

// A fake of the few browser APIs the background's reminder code uses (Chrome flavour: notification buttons).
type Listener<A extends unknown[]> = (...args: A) => void;
const hooks = {
  alarm: [] as Listener<[{ name: string }]>[],
  click: [] as Listener<[string]>[],
  button: [] as Listener<[string, number]>[],
  storage: [] as Listener<[Record<string, unknown>, string]>[],
};
const local: Record<string, unknown> = {};
const session: Record<string, unknown> = {};
const alarms = new Map<string, number>();
const created: { id: string; options: Record<string, unknown> }[] = [];
const tabs: string[] = [];
const area = (data: Record<string, unknown>) => ({
  get: async (keys: string | string[]) =>
    Object.fromEntries(
      [keys]
        .flat()
        .filter((k) => k in data)
        .map((k) => [k, data[k]]),
    ),
  set: async (items: Record<string, unknown>) => void Object.assign(data, items),
});
vi.mock('wxt/browser', () => ({
  browser: {
    alarms: {
      getAll: async () => [...alarms].map(([name, scheduledTime]) => ({ name, scheduledTime })),
      create: (name: string, { when }: { when: number }) => alarms.set(name, when),
      clear: async (name: string) => alarms.delete(name),
      onAlarm: { addListener: (fn: Listener<[{ name: string }]>) => hooks.alarm.push(fn) },
    },
    notifications: {
      create: async (id: string, options: Record<string, unknown>) => {
        created.push({ id, options });
        return id;
      },
      clear: async () => true,
      onClicked: { addListener: (fn: Listener<[string]>) => hooks.click.push(fn) },
      onButtonClicked: { addListener: (fn: Listener<[string, number]>) => hooks.button.push(fn) },
    },
    storage: {
      local: area(local),
      session: area(session),
      onChanged: { addListener: (fn: Listener<[Record<string, unknown>, string]>) => hooks.storage.push(fn) },
    },
    runtime: {
      onStartup: { addListener: () => {} },
      onInstalled: { addListener: () => {} },
      getURL: (p: string) => `chrome-extension://id${p}`,
    },
    i18n: { getUILanguage: () => 'en-US', getMessage: (key: string, subs: string[] = []) => `${key}(${subs.join('|')})` },
    tabs: { create: async ({ url }: { url: string }) => void tabs.push(url) },
  },
}));
const { startMeetingNotifications } = await import('./meeting-notifications');
const { alarmName, MEETING_SCHEDULE_KEY, NOTIFY_OFF_KEY, PENDING_CLUB_JOIN_KEY } = await import('./meeting-alarms');

const flush = () => new Promise((r) => setTimeout(r, 10));

describe('meeting reminders in the background', () => {
  let opened: string[] = [];
  let panelOpens = true;
  beforeEach(() => {
    for (const list of Object.values(hooks)) list.length = 0;
    for (const k of Object.keys(local)) delete local[k];
    for (const k of Object.keys(session)) delete session[k];
    alarms.clear();
    created.length = 0;
    tabs.length = 0;
    opened = [];
    panelOpens = true;
    startMeetingNotifications(() => {
      opened.push('panel');
      return Promise.resolve(panelOpens);
    });
  });

  const at = Date.now() + 60 * 60 * 1000;
  const schedule = { club1: { name: '수요 독서모임', meetings: [{ id: 'm1', at, note: '1–3장' }] } };

  it('a stored schedule becomes an alarm 10 minutes before; turning the club off clears it', async () => {
    local[MEETING_SCHEDULE_KEY] = schedule;
    for (const fn of hooks.storage) fn({ [MEETING_SCHEDULE_KEY]: {} }, 'local');
    await flush();
    expect([...alarms]).toEqual([[alarmName('club1', 'm1'), at - 10 * 60 * 1000]]);
    local[NOTIFY_OFF_KEY] = ['club1'];
    for (const fn of hooks.storage) fn({ [NOTIFY_OFF_KEY]: {} }, 'local');
    await flush();
    expect(alarms.size).toBe(0);
  });

  it('the alarm shows a notification naming the club, the time and the reading, with a join button', async () => {
    local[MEETING_SCHEDULE_KEY] = schedule;
    for (const fn of hooks.alarm) fn({ name: alarmName('club1', 'm1') });
    await flush();
    expect(created).toHaveLength(1);
    expect(created[0]?.options.title).toBe('meetingReminderTitle(수요 독서모임)');
    expect(String(created[0]?.options.message)).toMatch(/^meetingReminderBody\(.+\|1–3장\)$/);
    expect(created[0]?.options.buttons).toEqual([{ title: 'meetingReminderJoin()' }]);
  });

  it('no notification for a club turned off, an unknown meeting or someone else’s alarm', async () => {
    local[MEETING_SCHEDULE_KEY] = schedule;
    local[NOTIFY_OFF_KEY] = ['club1'];
    for (const fn of hooks.alarm) fn({ name: alarmName('club1', 'm1') });
    delete local[NOTIFY_OFF_KEY];
    for (const fn of hooks.alarm) fn({ name: alarmName('club1', 'gone') });
    for (const fn of hooks.alarm) fn({ name: 'other-alarm' });
    await flush();
    expect(created).toHaveLength(0);
  });

  it('a click opens the panel at once (inside the gesture) and hands the club over', async () => {
    for (const fn of hooks.click) fn(alarmName('club1', 'm1'));
    expect(opened).toEqual(['panel']); // synchronously, before any await
    await flush();
    expect(session[PENDING_CLUB_JOIN_KEY]).toMatchObject({ clubId: 'club1' });
    expect(tabs).toEqual([]);
  });

  it('when the browser refuses to open the panel, the panel opens in a tab instead', async () => {
    panelOpens = false;
    for (const fn of hooks.button) fn(alarmName('club1', 'm1'), 0);
    await flush();
    expect(tabs).toEqual(['chrome-extension://id/sidepanel.html']);
    expect(session[PENDING_CLUB_JOIN_KEY]).toMatchObject({ clubId: 'club1' });
  });
});
