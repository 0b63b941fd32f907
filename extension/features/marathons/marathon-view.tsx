import { useEffect, useState } from 'preact/hooks';
import {
  daysLeft,
  isCompleted,
  logsByDay,
  marathonState,
  pagesPerDayNeeded,
  progressShare,
  projectedFinish,
} from '../../../shared/marathon';
import type { MarathonLog, Participant } from '../../../shared/schemas/marathon';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { marathonsRepository } from '../../data/marathons-repository';
import { t, uiLocale } from '../../i18n';
import { pinMarathon } from '../room/club-room';
import { roomErrorText } from '../room/room-errors';
import { Leaderboard } from './leaderboard';
import { describeMarathonError } from './marathon-errors';
import { ProgressRing } from './progress-ring';
import { readerTimeZone, useMarathon, useNow } from './use-marathon';
import { useRoomHost } from './use-room-host';
import { useStrip } from './use-strip';

/**
 * One marathon for the reader: a progress ring, pages against the target, days left, "N pages a day to
 * finish", a projected finish, the history per day (in the reader's time zone), the leaderboard, and
 * hide / leave / invite / show in the room.
 */
export function MarathonView({ marathonId, uid, onBack }: { marathonId: string; uid: string; onBack: () => void }) {
  const db = firebase().db;
  const repo = marathonsRepository(db);
  const marathon = useMarathon(marathonId);
  const [me, setMe] = useState<Participant | null | undefined>(undefined);
  const [logs, setLogs] = useState<MarathonLog[]>([]);
  const [invite, setInvite] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { state: board } = useStrip(marathonId, uid);
  const room = useRoomHost();
  const now = useNow();
  const zone = readerTimeZone();

  useEffect(() => repo.watchParticipant(marathonId, uid, setMe, () => setMe(null)), [marathonId, uid]);
  useEffect(() => repo.watchLogs(marathonId, uid, setLogs, () => setLogs([])), [marathonId, uid]);
  useEffect(() => {
    if (marathon && marathon.ownerUid === uid && marathon.clubId === null) {
      repo.inviteCode(marathonId).then(setInvite, () => setInvite(null));
    }
  }, [marathon?.id, marathon?.ownerUid]);

  async function act(fn: () => Promise<unknown>, after?: () => void) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      after?.();
    } catch (err) {
      setError(describeMarathonError(err));
    } finally {
      setBusy(false);
    }
  }

  const back = (
    <button type="button" class="link" onClick={onBack} data-testid="marathon-back">
      ← {t('marathonBack')}
    </button>
  );
  if (marathon === undefined) {
    return (
      <div class="marathon-view">
        {back}
        <p class="muted">{t('loading')}</p>
      </div>
    );
  }
  if (marathon === null) {
    return (
      <div class="marathon-view" data-testid="marathon-gone">
        {back}
        <p class="muted">{t('marathonGone')}</p>
        <button type="button" disabled={busy} onClick={() => act(() => repo.forget(uid, marathonId), onBack)}>
          {t('marathonRemoveFromList')}
        </button>
      </div>
    );
  }

  const nf = new Intl.NumberFormat(uiLocale());
  const df = new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeZone: zone });
  const pages = Math.max(0, me?.pages ?? 0);
  const books = Math.max(0, me?.books ?? 0);
  const state = marathonState(marathon, now);
  const share = progressShare(pages, marathon.targetPages);
  const left = daysLeft(marathon, now, zone);
  const pace = pagesPerDayNeeded(pages, marathon.targetPages, marathon, now, zone);
  const finish = state === 'running' ? projectedFinish(pages, marathon.targetPages, marathon, now) : null;
  const completed = isCompleted(marathon, { pages, books }, now);
  const days = logsByDay(logs, zone);
  const isOwner = marathon.ownerUid === uid;
  const pinned = room.pinned === marathonId;

  return (
    <div class="marathon-view" data-testid="marathon-view" data-marathon={marathonId}>
      {back}
      <h3 class="marathon-title">{marathon.title}</h3>
      <p class="small muted">
        {marathon.clubId ? t('marathonClub') : t('marathonPersonal')} · {df.format(marathon.startAt)} –{' '}
        {df.format(marathon.endAt)}
        {marathon.book && <> · {t('marathonBookOnly', marathon.book.title)}</>}
      </p>
      <div class="marathon-progress">
        <ProgressRing share={share} />
        <div class="marathon-figures">
          <p data-testid="marathon-pages">
            <strong>{t('marathonPagesOf', [nf.format(pages), nf.format(marathon.targetPages)])}</strong>
          </p>
          {marathon.targetBooks !== null && (
            <p class="small">{t('marathonBooksOf', [nf.format(books), nf.format(marathon.targetBooks)])}</p>
          )}
          <p class="small" data-testid="marathon-state">
            {state === 'upcoming' && t('marathonStartsOn', df.format(marathon.startAt))}
            {state === 'running' && (left <= 1 ? t('marathonLastDay') : t('marathonDaysLeft', nf.format(left)))}
            {state === 'ended' && (completed ? t('marathonCompleted') : t('marathonNotCompleted'))}
          </p>
          {state === 'running' && (
            <p class="small" data-testid="marathon-pace">
              {pace === 0 ? t('marathonReached') : t('marathonPace', nf.format(pace))}
            </p>
          )}
          {state === 'running' && pace > 0 && (
            <p class="small muted" data-testid="marathon-projected">
              {finish ? t('marathonProjected', df.format(finish)) : t('marathonProjectedNone')}
            </p>
          )}
        </div>
      </div>

      <h4 class="marathon-subtitle">{t('marathonLeaderboard')}</h4>
      <Leaderboard state={board} uid={uid} />
      {me && (
        <label class="inline small">
          <input
            type="checkbox"
            checked={me.hidden}
            disabled={busy}
            data-testid="marathon-hide"
            onChange={(e) => {
              const hidden = e.currentTarget.checked;
              void act(() => repo.setHidden(uid, marathonId, hidden));
            }}
          />
          {t('marathonHide')}
        </label>
      )}

      <h4 class="marathon-subtitle">{t('marathonHistory')}</h4>
      {days.length === 0 ? (
        <p class="small muted">{t('marathonHistoryEmpty')}</p>
      ) : (
        <ul class="marathon-history" data-testid="marathon-history">
          {days.map((d) => (
            <li key={d.day} data-day={d.day}>
              <span>{df.format(new Date(`${d.day}T12:00:00Z`))}</span>
              <span>{t('marathonPagesCount', nf.format(d.pages))}</span>
            </li>
          ))}
        </ul>
      )}

      {isOwner && invite && (
        <div class="marathon-invite">
          <label>
            {t('marathonInvite')}
            <input readOnly value={invite} data-testid="marathon-invite" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button
            type="button"
            onClick={() =>
              navigator.clipboard?.writeText(invite).then(
                () => setCopied(true),
                () => {},
              )
            }
          >
            {copied ? t('marathonCopied') : t('marathonCopy')}
          </button>
        </div>
      )}

      <div class="row">
        {room.hosting && (
          <button
            type="button"
            disabled={busy}
            data-testid="marathon-pin"
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await pinMarathon(pinned ? null : marathonId);
              } catch (err) {
                setError(`${t('marathonErrPin')} ${roomErrorText(err)}`);
              } finally {
                setBusy(false);
              }
            }}
          >
            {pinned ? t('marathonHideInRoom') : t('marathonShowInRoom')}
          </button>
        )}
        {me && (
          <button
            type="button"
            disabled={busy}
            data-testid="marathon-leave"
            onClick={() => act(() => repo.leave(uid, marathonId), onBack)}
          >
            {t('marathonLeave')}
          </button>
        )}
        {isOwner && (
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() => {
              if (confirm(t('marathonConfirmDelete'))) void act(() => repo.remove(uid, marathonId), onBack);
            }}
          >
            {t('marathonDelete')}
          </button>
        )}
      </div>
      <ErrorNote message={error} />
    </div>
  );
}
