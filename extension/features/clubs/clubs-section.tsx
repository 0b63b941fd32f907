import type { User } from 'firebase/auth/web-extension';
import { useEffect, useState } from 'preact/hooks';
import { CLUB_LIMITS, type Club, type ClubVisibility, parseInvite } from '../../../shared/schemas/club';
import type { UserProfile } from '../../../shared/schemas/user-profile';
import { ErrorNote } from '../../components/error-note';
import { clubsRepository } from '../../data/clubs-repository';
import { firebase } from '../../data/firebase-app';
import { t } from '../../i18n';
import { describeClubError } from './club-errors';
import { ClubPage } from './club-page';
import { type ClubEntry, useMyClubs } from './use-clubs';

/** "#club=<id>&code=<code>" (an invite link opened in the panel): the code to offer, once. */
function inviteFromHash(): string | null {
  if (!location.hash.startsWith('#club=')) return null;
  return parseInvite(location.hash)?.code ?? null;
}

/** The reader's clubs: list, create, join by invite code or link, public clubs, and one club's page. */
export function ClubsSection({ user, profile }: { user: User; profile: UserProfile | null }) {
  const uid = user.uid;
  const displayName = profile?.displayName ?? user.displayName ?? '';
  const { loaded, entries } = useMyClubs(uid);
  const [open, setOpen] = useState<string | null>(null);
  const [mode, setMode] = useState<'list' | 'create' | 'browse'>('list');

  if (open)
    return (
      <section class="card clubs" aria-labelledby="clubs-title" data-testid="clubs-section">
        <h2 id="clubs-title" class="visually-hidden">
          {t('clubsTitle')}
        </h2>
        <ClubPage clubId={open} uid={uid} displayName={displayName} onBack={() => setOpen(null)} />
      </section>
    );

  const full = entries.length >= CLUB_LIMITS.clubsPerReader;
  return (
    <section class="card clubs" aria-labelledby="clubs-title" data-testid="clubs-section">
      <h2 id="clubs-title">{t('clubsTitle')}</h2>
      <p class="small muted">{t('clubsIntro')}</p>
      {!loaded && <p class="muted">{t('loading')}</p>}
      {loaded && entries.length === 0 && <p class="muted">{t('clubsEmpty')}</p>}
      {entries.length > 0 && (
        <ul class="club-list" data-testid="club-list" aria-label={t('clubsMine')}>
          {entries.map((e) => (
            <ClubListItem key={e.id} entry={e} uid={uid} onOpen={setOpen} />
          ))}
        </ul>
      )}
      {full && <p class="muted small">{t('clubsFull', String(CLUB_LIMITS.clubsPerReader))}</p>}
      <JoinByCode uid={uid} displayName={displayName} disabled={full} onJoined={setOpen} />
      {mode === 'create' ? (
        <CreateClub
          uid={uid}
          displayName={displayName}
          onCancel={() => setMode('list')}
          onCreated={(id) => {
            setMode('list');
            setOpen(id);
          }}
        />
      ) : (
        <div class="row">
          <button type="button" data-testid="club-create-open" disabled={full} onClick={() => setMode('create')}>
            {t('clubsCreate')}
          </button>
          <button
            type="button"
            class="link"
            aria-expanded={mode === 'browse'}
            onClick={() => setMode(mode === 'browse' ? 'list' : 'browse')}
          >
            {t('clubsBrowse')}
          </button>
        </div>
      )}
      {mode === 'browse' && <PublicClubs uid={uid} displayName={displayName} onOpen={setOpen} />}
    </section>
  );
}

function ClubListItem({ entry, uid, onOpen }: { entry: ClubEntry; uid: string; onOpen(id: string): void }) {
  const [error, setError] = useState<string | null>(null);
  if (entry.state === 'gone') return null;
  if (entry.state === 'loading')
    return (
      <li class="club-item muted small" aria-busy="true">
        {t('loading')}
      </li>
    );
  if (entry.state === 'pending')
    return (
      <li class="club-item" data-testid="club-item-pending">
        <span>
          <strong>{entry.club?.name ?? t('clubsPendingUnnamed')}</strong> <span class="muted small">{t('clubsPending')}</span>
        </span>
        <button
          type="button"
          class="link small"
          onClick={() =>
            clubsRepository(firebase().db)
              .cancelRequest(entry.id, uid)
              .catch((err) => setError(describeClubError(err)))
          }
        >
          {t('clubsCancelRequest')}
        </button>
        <ErrorNote message={error} />
      </li>
    );
  const club = entry.club as Club;
  const count = Object.keys(club.members).length;
  return (
    <li class="club-item" data-testid="club-item" data-club-id={club.id}>
      <button type="button" class="link club-open" onClick={() => onOpen(club.id)}>
        {club.name}
      </button>
      <span class="muted small">
        {t('clubsMemberCount', String(count))} · {t(club.visibility === 'public' ? 'clubPublic' : 'clubPrivate')}
      </span>
      {club.currentBook && <span class="small">{t('clubsReading', club.currentBook.title)}</span>}
    </li>
  );
}

/** Paste an invite code ("ABCD-EFGH") or a whole invite link. */
function JoinByCode({
  uid,
  displayName,
  disabled,
  onJoined,
}: {
  uid: string;
  displayName: string;
  disabled: boolean;
  onJoined(id: string): void;
}) {
  const [text, setText] = useState(() => inviteFromHash() ?? '');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (inviteFromHash()) history.replaceState(null, '', location.pathname + location.search);
  }, []);
  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    const invite = parseInvite(text);
    if (!invite) {
      setError(t('clubErrorCodeFormat'));
      return;
    }
    setBusy(true);
    try {
      const { clubId, outcome } = await clubsRepository(firebase().db).joinWithCode(uid, displayName, invite.code);
      setText('');
      if (outcome === 'requested') setStatus(t('clubsRequested'));
      else onJoined(clubId);
    } catch (err) {
      setError(describeClubError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="club-join" onSubmit={submit} data-testid="club-join-form">
      <label for="club-join-code">
        {t('clubsJoinLabel')}
        <small>{t('clubsJoinHint')}</small>
      </label>
      <div class="row">
        <input
          id="club-join-code"
          name="clubCode"
          value={text}
          autoComplete="off"
          maxLength={2048}
          placeholder="ABCD-EFGH"
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" data-testid="club-join" disabled={busy || disabled || text.trim() === ''}>
          {t('clubsJoin')}
        </button>
      </div>
      {status && (
        <p class="muted small" role="status">
          {status}
        </p>
      )}
      <ErrorNote message={error} />
    </form>
  );
}

function CreateClub({
  uid,
  displayName,
  onCancel,
  onCreated,
}: {
  uid: string;
  displayName: string;
  onCancel(): void;
  onCreated(id: string): void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<ClubVisibility>('private');
  const [requireApproval, setApproval] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onCreated(
        await clubsRepository(firebase().db).create(uid, displayName, { name, description, visibility, requireApproval }),
      );
    } catch (err) {
      setError(describeClubError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="club-form" onSubmit={submit} data-testid="club-create-form" aria-labelledby="club-create-title">
      <h3 id="club-create-title">{t('clubsCreate')}</h3>
      <label>
        {t('clubName')}
        <input
          name="clubName"
          required
          maxLength={CLUB_LIMITS.name}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('clubDescription')}
        <textarea
          name="clubDescription"
          rows={3}
          maxLength={CLUB_LIMITS.description}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </label>
      <fieldset class="club-visibility">
        <legend>{t('clubVisibility')}</legend>
        <label class="inline">
          <input
            type="radio"
            name="clubVisibility"
            checked={visibility === 'private'}
            onChange={() => setVisibility('private')}
          />
          {t('clubPrivate')}
        </label>
        <label class="inline">
          <input type="radio" name="clubVisibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} />
          {t('clubPublic')}
        </label>
        <p class="muted small">{t(visibility === 'public' ? 'clubPublicHint' : 'clubPrivateHint')}</p>
      </fieldset>
      <label class="inline">
        <input
          type="checkbox"
          name="clubApproval"
          checked={requireApproval}
          onChange={(e) => setApproval(e.currentTarget.checked)}
        />
        {t('clubApproval')}
      </label>
      <ErrorNote message={error} />
      <div class="row">
        <button type="submit" class="primary" data-testid="club-create" disabled={busy}>
          {t('clubsCreateSubmit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('clubCancel')}
        </button>
      </div>
    </form>
  );
}

/** Public clubs, newest first, by cursor ("more"). */
function PublicClubs({ uid, displayName, onOpen }: { uid: string; displayName: string; onOpen(id: string): void }) {
  const [clubs, setClubs] = useState<Club[]>([]);
  const [cursor, setCursor] = useState<Awaited<ReturnType<ReturnType<typeof clubsRepository>['publicPage']>>['cursor']>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  async function load(from: typeof cursor) {
    setLoading(true);
    try {
      const page = await clubsRepository(firebase().db).publicPage(from);
      setClubs((prev) => (from ? [...prev, ...page.clubs] : page.clubs));
      setCursor(page.cursor);
      setHasMore(page.hasMore);
    } catch (err) {
      setError(describeClubError(err));
    } finally {
      setLoading(false);
    }
  }
  useEffect(() => {
    load(null);
  }, []);
  async function join(club: Club) {
    setError(null);
    try {
      const outcome = await clubsRepository(firebase().db).join(uid, displayName, club.id, null, club.requireApproval);
      if (outcome === 'requested') setStatus(t('clubsRequested'));
      else onOpen(club.id);
    } catch (err) {
      setError(describeClubError(err));
    }
  }
  return (
    <section class="public-clubs" aria-labelledby="public-clubs-title">
      <h3 id="public-clubs-title">{t('clubsPublicTitle')}</h3>
      {!loading && clubs.length === 0 && <p class="muted small">{t('clubsPublicEmpty')}</p>}
      <ul class="club-list">
        {clubs.map((c) => (
          <li key={c.id} class="club-item">
            <strong>{c.name}</strong>
            {c.description && <span class="muted small club-description">{c.description}</span>}
            <span class="muted small">{t('clubsMemberCount', String(Object.keys(c.members).length))}</span>
            {c.members[uid] ? (
              <button type="button" class="link small" onClick={() => onOpen(c.id)}>
                {t('clubsOpen')}
              </button>
            ) : (
              <button type="button" class="small" onClick={() => join(c)} aria-label={t('clubsJoinNamed', c.name)}>
                {t(c.requireApproval ? 'clubsAskToJoin' : 'clubsJoin')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {loading && <p class="muted small">{t('loading')}</p>}
      {hasMore && !loading && (
        <button type="button" class="link" onClick={() => load(cursor)}>
          {t('catalogMore')}
        </button>
      )}
      {status && (
        <p class="muted small" role="status">
          {status}
        </p>
      )}
      <ErrorNote message={error} />
    </section>
  );
}
