import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { safeCoverUrl } from '../../../shared/cover-hosts';
import { formatRoomCode } from '../../../shared/room-code';
import { type Club, formatInviteCode, inviteHash, leads, roleIn } from '../../../shared/schemas/club';
import { BookCover } from '../../components/book-cover';
import { ErrorNote } from '../../components/error-note';
import { clubsRepository } from '../../data/clubs-repository';
import { firebase } from '../../data/firebase-app';
import { t } from '../../i18n';
import { ClubMarathons } from '../marathons/club-marathons';
import { joinClubRoom } from '../room/club-room';
import { ClubBookPicker } from './club-book-picker';
import { describeClubError } from './club-errors';
import { ClubMembers, JoinRequests, ROLE_KEYS } from './club-members';
import { ClubSchedule } from './club-schedule';
import { ClubSettings } from './club-settings';
import { NextMeeting } from './next-meeting';
import { useClub, useNotifyOn } from './use-clubs';

/** One club: what it reads, when it meets, who is in it, and (for hosts) how to run it. */
export function ClubPage({
  clubId,
  uid,
  displayName,
  onBack,
}: {
  clubId: string;
  uid: string;
  displayName: string;
  onBack(): void;
}) {
  const { loaded, club } = useClub(clubId);
  if (!loaded)
    return (
      <div class="club-page">
        <BackButton onBack={onBack} />
        <p class="muted">{t('loading')}</p>
      </div>
    );
  if (!club?.members[uid])
    return (
      <div class="club-page">
        <BackButton onBack={onBack} />
        <p class="muted" data-testid="club-gone">
          {t('clubGone')}
        </p>
      </div>
    );
  return <ClubView club={club} uid={uid} displayName={displayName} onBack={onBack} />;
}

function BackButton({ onBack }: { onBack(): void }) {
  return (
    <button type="button" class="link" onClick={onBack} data-testid="club-back">
      ← {t('clubsBack')}
    </button>
  );
}

function ClubView({ club, uid, displayName, onBack }: { club: Club; uid: string; displayName: string; onBack(): void }) {
  const leader = leads(club, uid);
  const role = roleIn(club, uid);
  const [editing, setEditing] = useState(false);
  return (
    <article class="club-page" data-testid="club-page" aria-labelledby="club-name">
      <BackButton onBack={onBack} />
      <header class="club-header">
        <h3 id="club-name" class="club-name" data-testid="club-name">
          {club.name}
        </h3>
        <p class="muted small">
          {t(club.visibility === 'public' ? 'clubPublic' : 'clubPrivate')}
          {club.requireApproval ? ` · ${t('clubApprovalShort')}` : ''} · {t(ROLE_KEYS[role])}
        </p>
        {club.description && <p class="club-description">{club.description}</p>}
        {leader && !editing && (
          <button type="button" class="link small" onClick={() => setEditing(true)}>
            {t('clubEdit')}
          </button>
        )}
      </header>
      {editing && <ClubSettings club={club} onDone={() => setEditing(false)} />}
      <RoomButton club={club} />
      <CurrentBook club={club} leader={leader} uid={uid} />
      <section class="club-block" aria-labelledby="club-next-title">
        <h4 id="club-next-title">{t('clubNextMeeting')}</h4>
        <NextMeeting clubId={club.id} label={false} />
        <ClubSchedule clubId={club.id} uid={uid} leader={leader} />
        <NotifyToggle clubId={club.id} />
      </section>
      <div class="club-block">
        <ClubMarathons clubId={club.id} uid={uid} displayName={displayName} canCreate={leader} />
      </div>
      {leader && <InviteBlock club={club} uid={uid} />}
      {leader && <JoinRequests club={club} />}
      <ClubMembers club={club} uid={uid} />
      <LeaveBlock club={club} uid={uid} onLeft={onBack} />
    </article>
  );
}

function RoomButton({ club }: { club: Club }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div class="club-room-join">
      <button
        type="button"
        class="primary"
        data-testid="club-join-room"
        disabled={busy}
        onClick={async () => {
          setError(null);
          setBusy(true);
          try {
            await joinClubRoom(club.id, undefined, club.roomCode);
          } catch {
            setError(t('clubRoomFailed'));
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('clubJoinRoom')}
      </button>
      <span class="muted small">{t('clubRoomCode', formatRoomCode(club.roomCode))}</span>
      <ErrorNote message={error} />
    </div>
  );
}

function CurrentBook({ club, leader, uid }: { club: Club; leader: boolean; uid: string }) {
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const book = club.currentBook;
  return (
    <section class="club-block" aria-labelledby="club-book-title" data-testid="club-book">
      <h4 id="club-book-title">{t('clubCurrentBook')}</h4>
      {book ? (
        <div class="club-book">
          <BookCover class="book-cover" url={safeCoverUrl(book.coverUrl)} title={book.title} />
          <div class="book-meta">
            <strong class="book-title" data-testid="club-book-title">
              {book.title}
            </strong>
            {book.authors.length > 0 && <span class="muted">{book.authors.join(', ')}</span>}
          </div>
        </div>
      ) : (
        <p class="muted small">{t('clubNoBook')}</p>
      )}
      {leader && !picking && (
        <div class="row">
          <button type="button" class="small" data-testid="club-book-pick" onClick={() => setPicking(true)}>
            {t(book ? 'clubBookChange' : 'clubBookPick')}
          </button>
          {book && (
            <button
              type="button"
              class="link small"
              onClick={() =>
                clubsRepository(firebase().db)
                  .setCurrentBook(club.id, null)
                  .catch((err) => setError(describeClubError(err)))
              }
            >
              {t('clubBookClear')}
            </button>
          )}
        </div>
      )}
      {picking && (
        <ClubBookPicker
          uid={uid}
          onCancel={() => setPicking(false)}
          onPick={async (picked) => {
            setError(null);
            try {
              await clubsRepository(firebase().db).setCurrentBook(club.id, picked);
              setPicking(false);
            } catch (err) {
              setError(describeClubError(err));
            }
          }}
        />
      )}
      <ErrorNote message={error} />
    </section>
  );
}

function NotifyToggle({ clubId }: { clubId: string }) {
  const [on, setOn] = useNotifyOn(clubId);
  return (
    <label class="inline small">
      <input type="checkbox" data-testid="club-notify" checked={on} onChange={(e) => setOn(e.currentTarget.checked)} />
      {t('clubNotify')}
    </label>
  );
}

/** The invite code and link (hosts and co-hosts): copy, or replace it (the old one stops working). */
function InviteBlock({ club, uid }: { club: Club; uid: string }) {
  const [code, setCode] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    clubsRepository(firebase().db)
      .inviteCode(club.id)
      .then(setCode, (err) => setError(describeClubError(err)));
  }, [club.id]);
  const link = code ? `${browser.runtime.getURL('/sidepanel.html')}${inviteHash(club.id, code)}` : '';
  async function copy(text: string, done: string) {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(done);
    } catch {
      setStatus(t('clubCopyFailed'));
    }
  }
  return (
    <section class="club-block" aria-labelledby="club-invite-title">
      <h4 id="club-invite-title">{t('clubInvite')}</h4>
      <p class="small muted">{t(club.visibility === 'private' ? 'clubInviteHintPrivate' : 'clubInviteHintPublic')}</p>
      {code && (
        <p class="invite-code" data-testid="club-invite-code" data-code={code}>
          {formatInviteCode(code)}
        </p>
      )}
      <div class="row">
        <button
          type="button"
          class="small"
          disabled={!code}
          onClick={() => code && copy(formatInviteCode(code), t('clubCodeCopied'))}
        >
          {t('clubCopyCode')}
        </button>
        <button type="button" class="small" disabled={!code} onClick={() => copy(link, t('clubLinkCopied'))}>
          {t('clubCopyLink')}
        </button>
        <button
          type="button"
          class="link small"
          onClick={async () => {
            setError(null);
            try {
              setCode(await clubsRepository(firebase().db).regenerateInvite(club, uid));
              setStatus(t('clubCodeReplaced'));
            } catch (err) {
              setError(describeClubError(err));
            }
          }}
        >
          {t('clubNewCode')}
        </button>
      </div>
      {status && (
        <p class="muted small" role="status">
          {status}
        </p>
      )}
      <ErrorNote message={error} />
    </section>
  );
}

function LeaveBlock({ club, uid, onLeft }: { club: Club; uid: string; onLeft(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const host = club.hostUid === uid;
  const alone = Object.keys(club.members).length === 1;
  if (host && !alone) return <p class="muted small">{t('clubHostLeaveHint')}</p>;
  const repo = clubsRepository(firebase().db);
  return (
    <div class="club-leave">
      {confirming ? (
        <div class="row">
          <span class="small">{t(host ? 'clubCloseConfirm' : 'clubLeaveConfirm')}</span>
          <button
            type="button"
            class="danger small"
            data-testid="club-leave-confirm"
            onClick={async () => {
              setError(null);
              try {
                await (host ? repo.close(club, uid) : repo.leave(club, uid));
                onLeft();
              } catch (err) {
                setError(describeClubError(err));
              }
            }}
          >
            {t(host ? 'clubClose' : 'clubLeave')}
          </button>
          <button type="button" class="small" onClick={() => setConfirming(false)}>
            {t('clubCancel')}
          </button>
        </div>
      ) : (
        <button type="button" class="link small" data-testid="club-leave" onClick={() => setConfirming(true)}>
          {t(host ? 'clubClose' : 'clubLeave')}
        </button>
      )}
      <ErrorNote message={error} />
    </div>
  );
}
