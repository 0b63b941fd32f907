import { type Meeting, nextMeeting } from '../../../shared/schemas/club';
import { t, uiLocale } from '../../i18n';
import { meetingTimeText } from './meeting-alarms';
import { useMeetings, useNow } from './use-clubs';

/** What to read by a meeting: "1–3장 · p. 1–80". */
export function meetingReading(m: Pick<Meeting, 'note' | 'fromPage' | 'toPage'>): string {
  const pages =
    m.fromPage !== null && m.toPage !== null
      ? t('clubPages', [String(m.fromPage), String(m.toPage)])
      : m.toPage !== null
        ? t('clubPagesTo', String(m.toPage))
        : m.fromPage !== null
          ? t('clubPagesFrom', String(m.fromPage))
          : '';
  return [m.note, pages].filter(Boolean).join(' · ');
}

/**
 * "Next meeting" of a club (the club page, and the room of a club): when, in the reader's zone, and what to
 * read. `label`: say "Next meeting:" in front (the room; the club page has it as a heading).
 */
export function NextMeeting({ clubId, label = true }: { clubId: string; label?: boolean }) {
  const meetings = useMeetings(clubId);
  const now = useNow();
  const next = nextMeeting(meetings, now);
  if (!next)
    return (
      <p class="muted small next-meeting" data-testid="next-meeting">
        {t('clubNoMeeting')}
      </p>
    );
  const reading = meetingReading(next);
  return (
    <p class="next-meeting" data-testid="next-meeting">
      {label && <span class="small muted">{t('clubNextMeeting')}: </span>}
      <time dateTime={next.at.toISOString()}>
        <strong>{meetingTimeText(next.at.getTime(), uiLocale())}</strong>
      </time>
      {reading && <span class="small"> · {reading}</span>}
    </p>
  );
}
