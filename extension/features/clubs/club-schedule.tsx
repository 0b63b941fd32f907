import { useState } from 'preact/hooks';
import { CLUB_LIMITS } from '../../../shared/schemas/club';
import { ErrorNote } from '../../components/error-note';
import { clubsRepository } from '../../data/clubs-repository';
import { firebase } from '../../data/firebase-app';
import { t, uiLocale } from '../../i18n';
import { describeClubError } from './club-errors';
import { meetingTimeText } from './meeting-alarms';
import { meetingReading } from './next-meeting';
import { useMeetings } from './use-clubs';

/** A <input type="datetime-local"> value ("2026-12-03T19:30") as an instant in the reader's own zone. */
export function localInputToDate(value: string): Date | null {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(d.getTime()) ? null : d;
}

const toInt = (v: string) => (v.trim() === '' ? null : Number(v));

/** The meeting schedule: everyone sees it; hosts and co-hosts add and remove meetings. */
export function ClubSchedule({ clubId, uid, leader }: { clubId: string; uid: string; leader: boolean }) {
  const meetings = useMeetings(clubId);
  const [adding, setAdding] = useState(false);
  const [when, setWhen] = useState('');
  const [note, setNote] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const repo = clubsRepository(firebase().db);

  async function add(event: Event) {
    event.preventDefault();
    setError(null);
    const at = localInputToDate(when);
    if (!at) {
      setError(t('clubMeetingNeedsTime'));
      return;
    }
    if (meetings.length >= CLUB_LIMITS.meetings) {
      setError(t('clubMeetingsFull', String(CLUB_LIMITS.meetings)));
      return;
    }
    try {
      await repo.saveMeeting(clubId, uid, { at, note, fromPage: toInt(from), toPage: toInt(to) });
      setAdding(false);
      setWhen('');
      setNote('');
      setFrom('');
      setTo('');
    } catch (err) {
      setError(describeClubError(err));
    }
  }

  return (
    <div class="club-schedule" data-testid="club-schedule">
      {meetings.length > 0 && (
        <ol class="club-meetings" aria-label={t('clubSchedule')}>
          {meetings.map((m) => (
            <li key={m.id} class="club-meeting" data-testid="club-meeting">
              <time dateTime={m.at.toISOString()}>{meetingTimeText(m.at.getTime(), uiLocale())}</time>
              <span class="small">{meetingReading(m)}</span>
              {leader && (
                <button
                  type="button"
                  class="link small"
                  aria-label={t('clubMeetingDeleteNamed', meetingTimeText(m.at.getTime(), uiLocale()))}
                  onClick={() => repo.deleteMeeting(clubId, m.id).catch((err) => setError(describeClubError(err)))}
                >
                  {t('clubMeetingDelete')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {leader &&
        (adding ? (
          <form class="club-form" onSubmit={add} data-testid="club-meeting-form">
            <label>
              {t('clubMeetingWhen')}
              <input
                type="datetime-local"
                name="meetingAt"
                required
                value={when}
                onInput={(e) => setWhen(e.currentTarget.value)}
              />
            </label>
            <label>
              {t('clubMeetingNote')}
              <input
                name="meetingNote"
                maxLength={CLUB_LIMITS.meetingNote}
                placeholder={t('clubMeetingNotePlaceholder')}
                value={note}
                onInput={(e) => setNote(e.currentTarget.value)}
              />
            </label>
            <div class="row">
              <label>
                {t('clubMeetingFrom')}
                <input
                  type="number"
                  name="meetingFrom"
                  min={1}
                  max={20000}
                  value={from}
                  onInput={(e) => setFrom(e.currentTarget.value)}
                />
              </label>
              <label>
                {t('clubMeetingTo')}
                <input
                  type="number"
                  name="meetingTo"
                  min={1}
                  max={20000}
                  value={to}
                  onInput={(e) => setTo(e.currentTarget.value)}
                />
              </label>
            </div>
            <div class="row">
              <button type="submit" class="primary small" data-testid="club-meeting-save">
                {t('clubMeetingSave')}
              </button>
              <button type="button" class="small" onClick={() => setAdding(false)}>
                {t('clubCancel')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" class="small" data-testid="club-meeting-add" onClick={() => setAdding(true)}>
            {t('clubMeetingAdd')}
          </button>
        ))}
      <ErrorNote message={error} />
    </div>
  );
}
