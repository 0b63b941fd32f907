import type { DocumentSnapshot } from 'firebase/firestore';
import { useEffect, useState } from 'preact/hooks';
import { type Club, type ClubRole, type JoinRequest, leads, roleIn } from '../../../shared/schemas/club';
import { ErrorNote } from '../../components/error-note';
import { clubsRepository, type MemberWithLevel } from '../../data/clubs-repository';
import { firebase } from '../../data/firebase-app';
import { type MessageKey, t } from '../../i18n';
import { describeClubError } from './club-errors';

export const ROLE_KEYS: Record<ClubRole, MessageKey> = {
  host: 'clubRoleHost',
  cohost: 'clubRoleCohost',
  member: 'clubRoleMember',
};

/**
 * The members in joining order with their levels (users/{uid}/stats/public), by pages of 30; the host
 * makes and unmakes co-hosts, hands the club over and removes anyone; a co-host removes plain members.
 * Reloads the loaded pages whenever the club's membership or roles change.
 */
export function ClubMembers({ club, uid }: { club: Club; uid: string }) {
  const [members, setMembers] = useState<MemberWithLevel[]>([]);
  const [cursor, setCursor] = useState<DocumentSnapshot | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const repo = clubsRepository(firebase().db);
  const signature = `${Object.keys(club.members).sort().join(',')}|${club.hostUid}|${club.coHostUids.join(',')}`;

  async function load(from: DocumentSnapshot | null) {
    setLoading(true);
    try {
      const page = await repo.membersPage(club.id, from);
      setMembers((prev) => (from ? [...prev, ...page.members] : page.members));
      setCursor(page.cursor);
      setHasMore(page.hasMore);
      setError(null);
    } catch (err) {
      setError(describeClubError(err));
    } finally {
      setLoading(false);
    }
  }
  useEffect(() => {
    load(null);
  }, [club.id, signature]);

  async function act(fn: () => Promise<void>) {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(describeClubError(err));
    }
  }
  const count = Object.keys(club.members).length;
  return (
    <section class="club-block" aria-labelledby="club-members-title" data-testid="club-members">
      <h4 id="club-members-title">{t('clubMembers', String(count))}</h4>
      <ul class="club-members">
        {members.map((m) => (
          <MemberRow key={m.uid} club={club} me={uid} member={m} act={act} />
        ))}
      </ul>
      {loading && <p class="muted small">{t('loading')}</p>}
      {hasMore && !loading && (
        <button type="button" class="link small" onClick={() => load(cursor)}>
          {t('clubMoreMembers')}
        </button>
      )}
      <ErrorNote message={error} />
    </section>
  );
}

function MemberRow({
  club,
  me,
  member,
  act,
}: {
  club: Club;
  me: string;
  member: MemberWithLevel;
  act(fn: () => Promise<void>): Promise<void>;
}) {
  const [confirm, setConfirm] = useState<'remove' | 'transfer' | null>(null);
  const repo = clubsRepository(firebase().db);
  const role = roleIn(club, member.uid);
  const iAmHost = club.hostUid === me;
  const mayRemove = member.uid !== me && role !== 'host' && (iAmHost || (leads(club, me) && role === 'member'));
  return (
    <li class="club-member" data-testid="club-member" data-uid={member.uid}>
      <span class="club-member-name">
        <strong>{member.displayName}</strong>
        {member.uid === me && <span class="muted small"> ({t('clubYou')})</span>}
      </span>
      <span class="badge" data-testid="club-member-level">
        {member.level === null ? t('clubLevelUnknown') : t('clubLevel', String(member.level))}
      </span>
      <span class="muted small" data-testid="club-member-role">
        {t(ROLE_KEYS[role])}
      </span>
      {(iAmHost || mayRemove) && member.uid !== me && (
        <span class="row club-member-actions">
          {iAmHost && role !== 'host' && (
            <button
              type="button"
              class="link small"
              aria-label={t(role === 'cohost' ? 'clubUnmakeCohostNamed' : 'clubMakeCohostNamed', member.displayName)}
              onClick={() => act(() => repo.setCoHost(club, member.uid, role !== 'cohost'))}
            >
              {t(role === 'cohost' ? 'clubUnmakeCohost' : 'clubMakeCohost')}
            </button>
          )}
          {iAmHost && (
            <button
              type="button"
              class="link small"
              aria-label={t('clubTransferNamed', member.displayName)}
              onClick={() => setConfirm('transfer')}
            >
              {t('clubTransfer')}
            </button>
          )}
          {mayRemove && (
            <button
              type="button"
              class="link small"
              aria-label={t('clubRemoveNamed', member.displayName)}
              onClick={() => setConfirm('remove')}
            >
              {t('clubRemove')}
            </button>
          )}
        </span>
      )}
      {confirm && (
        <span class="row">
          <span class="small">{t(confirm === 'remove' ? 'clubRemoveConfirm' : 'clubTransferConfirm', member.displayName)}</span>
          <button
            type="button"
            class="danger small"
            onClick={() =>
              act(() => (confirm === 'remove' ? repo.remove(club, me, member.uid) : repo.transferHost(club, member.uid))).then(
                () => setConfirm(null),
              )
            }
          >
            {t(confirm === 'remove' ? 'clubRemove' : 'clubTransfer')}
          </button>
          <button type="button" class="small" onClick={() => setConfirm(null)}>
            {t('clubCancel')}
          </button>
        </span>
      )}
    </li>
  );
}

/** Pending join requests (hosts and co-hosts), live: approve or decline. */
export function JoinRequests({ club }: { club: Club }) {
  const [requests, setRequests] = useState<JoinRequest[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () => clubsRepository(firebase().db).watchRequests(club.id, setRequests, (err) => setError(describeClubError(err))),
    [club.id],
  );
  if (requests.length === 0 && !club.requireApproval) return null;
  const repo = clubsRepository(firebase().db);
  return (
    <section class="club-block" aria-labelledby="club-requests-title" data-testid="club-requests">
      <h4 id="club-requests-title">{t('clubRequests', String(requests.length))}</h4>
      {requests.length === 0 && <p class="muted small">{t('clubRequestsNone')}</p>}
      <ul class="club-members">
        {requests.map((r) => (
          <li key={r.uid} class="club-member" data-testid="club-request">
            <strong>{r.displayName}</strong>
            <span class="row">
              <button
                type="button"
                class="small primary"
                aria-label={t('clubApproveNamed', r.displayName)}
                onClick={() => repo.approve(club, r).catch((err) => setError(describeClubError(err)))}
              >
                {t('clubApprove')}
              </button>
              <button
                type="button"
                class="small"
                aria-label={t('clubDeclineNamed', r.displayName)}
                onClick={() => repo.decline(club.id, r.uid).catch((err) => setError(describeClubError(err)))}
              >
                {t('clubDecline')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <ErrorNote message={error} />
    </section>
  );
}
