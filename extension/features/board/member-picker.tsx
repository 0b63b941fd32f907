import {
  collection,
  type DocumentSnapshot,
  documentId,
  type Firestore,
  getDocs,
  limit,
  orderBy,
  query,
  startAfter,
} from 'firebase/firestore';
import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { CLUB_LIMITS } from '../../../shared/schemas/club';
import { DisplayNameSchema } from '../../../shared/schemas/user-profile';
import { t } from '../../i18n';
import type { ClubOption } from './board-hooks';

export type MemberOption = { uid: string; name: string };
export type MemberPage = { members: MemberOption[]; cursor: DocumentSnapshot | null; hasMore: boolean };
export type LoadMembers = (clubId: string, cursor: DocumentSnapshot | null) => Promise<MemberPage>;

const MemberRow = z.object({ uid: z.string().min(1).max(128), displayName: DisplayNameSchema });

/**
 * One page of a club's members for the recipient picker: names only (no level reads), in joining order,
 * by cursor (the same query shape as the club page's member list; the rules let members list it).
 */
export function clubMembersLoader(db: Firestore): LoadMembers {
  return async (clubId, cursor) => {
    const size = CLUB_LIMITS.membersPage;
    const snap = await getDocs(
      query(
        collection(db, 'clubs', clubId, 'members'),
        orderBy('joinedAt'),
        orderBy(documentId()),
        ...(cursor ? [startAfter(cursor)] : []),
        limit(size + 1),
      ),
    );
    const docs = snap.docs.slice(0, size);
    const members = docs
      .map((d) => MemberRow.safeParse(d.data()))
      .flatMap((p) => (p.success ? [{ uid: p.data.uid, name: p.data.displayName }] : []));
    return { members, cursor: docs.at(-1) ?? null, hasMore: snap.docs.length > size };
  };
}

/**
 * "Recommend to a member of my clubs": pick one of the reader's clubs, then one of its members (30 at a
 * time, "more members" for the next page). The reader is left out of the list.
 */
export function MemberPicker({
  clubs,
  selfUid,
  toUid,
  load,
  onPick,
}: {
  clubs: ClubOption[];
  selfUid: string;
  toUid: string;
  load: LoadMembers;
  onPick(member: MemberOption | null): void;
}) {
  const [clubId, setClubId] = useState(clubs[0]?.id ?? '');
  const [members, setMembers] = useState<MemberOption[] | null>(null);
  const [cursor, setCursor] = useState<DocumentSnapshot | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [failed, setFailed] = useState(false);

  const fetchPage = (id: string, after: DocumentSnapshot | null) => {
    setFailed(false);
    load(id, after).then(
      (page) => {
        setMembers((prev) => [...(after ? (prev ?? []) : []), ...page.members]);
        setCursor(page.cursor);
        setHasMore(page.hasMore);
      },
      (err) => {
        console.warn('Chaekbang: club members did not load', err);
        setFailed(true);
        if (!after) setMembers([]);
      },
    );
  };
  useEffect(() => {
    if (!clubs.some((c) => c.id === clubId)) setClubId(clubs[0]?.id ?? '');
  }, [clubs.map((c) => c.id).join(',')]);
  useEffect(() => {
    setMembers(null);
    if (clubId) fetchPage(clubId, null);
  }, [clubId]);

  const others = (members ?? []).filter((m) => m.uid !== selfUid);
  return (
    <fieldset class="member-picker" data-testid="member-picker">
      <legend>{t('boardPickMember')}</legend>
      <label>
        {t('boardPickMemberClub')}
        <select value={clubId} data-testid="member-picker-club" onChange={(e) => setClubId(e.currentTarget.value)}>
          {clubs.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('boardPickMemberName')}
        <select
          value={others.some((m) => m.uid === toUid) ? toUid : ''}
          data-testid="member-picker-member"
          disabled={members === null}
          onChange={(e) => {
            const uid = e.currentTarget.value;
            onPick(others.find((m) => m.uid === uid) ?? null);
          }}
        >
          <option value="">{members === null ? t('loading') : t('boardPickMemberNone')}</option>
          {others.map((m) => (
            <option key={m.uid} value={m.uid}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      {hasMore && (
        <button type="button" class="link" data-testid="member-picker-more" onClick={() => fetchPage(clubId, cursor)}>
          {t('boardPickMemberMore')}
        </button>
      )}
      {failed && (
        <p class="muted" role="alert">
          {t('boardPickMemberFailed')}
        </p>
      )}
    </fieldset>
  );
}
