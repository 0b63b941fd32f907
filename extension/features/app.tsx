import type { User } from 'firebase/auth/web-extension';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { PendingAction } from '../utils/book-action';
import { AuthForm } from './account/auth-form';
import { BoardTab } from './board/board-tab';
import { ClubsTab } from './clubs/clubs-tab';
import { DiscoverTab } from './discover/discover-tab';
import { addBookToShelf } from './page/add-to-shelf';
import { OnThisPage } from './page/on-this-page';
import { shareToRoom, usePendingAction } from './page/pending-actions';
import { ProfileView } from './profile/profile-view';
import { useCurrentRoom } from './room/room-store';
import { RoomView } from './room/room-view';
import { useEndCallWhenProfileGone, useSession } from './session';
import { ShelfView } from './shelf/shelf-view';
import { useReaderLevel } from './use-level';
import { useProfile } from './use-profile';

export const VIEWS = ['room', 'clubs', 'board', 'discover', 'shelf', 'profile'] as const;
export type View = (typeof VIEWS)[number];

const LABELS = {
  room: 'navRoom',
  clubs: 'navClubs',
  board: 'navBoard',
  discover: 'navDiscover',
  shelf: 'navShelf',
  profile: 'navProfile',
} as const;

function SignedIn({ user }: { user: User }) {
  const [view, setView] = useState<View>(() => (location.hash.startsWith('#join=') ? 'room' : 'profile'));
  const profile = useProfile(user.uid);
  const level = useReaderLevel(user.uid);
  const room = useCurrentRoom();
  useEndCallWhenProfileGone(user.uid);
  // Whatever tab is showing, the room hears about a new name or level (finishing a book levels you up).
  useEffect(() => {
    if (profile) room?.session.updateSelf({ displayName: profile.displayName, level });
  }, [room, profile?.displayName, level]);
  const inviteCode = location.hash.startsWith('#join=') ? decodeURIComponent(location.hash.slice(6)) : null;
  return (
    <>
      <OnThisPage onShare={shareToRoom} onShelf={(book) => addBookToShelf(user.uid, book).catch(() => 'error' as const)} />
      <nav class="tabs" aria-label={t('appTitle')}>
        {VIEWS.map((v) => (
          <button
            type="button"
            key={v}
            class={v === view ? 'tab active' : 'tab'}
            aria-current={v === view ? 'page' : undefined}
            data-testid={`nav-${v}`}
            onClick={() => setView(v)}
          >
            {t(LABELS[v])}
          </button>
        ))}
      </nav>
      {view === 'profile' && <ProfileView user={user} />}
      {view === 'shelf' && <ShelfView user={user} />}
      {view === 'clubs' && <ClubsTab user={user} profile={profile} />}
      {view === 'board' && <BoardTab user={user} profile={profile} />}
      {view === 'discover' && <DiscoverTab user={user} profile={profile} />}
      {view === 'room' &&
        (profile ? (
          <RoomView user={user} self={{ displayName: profile.displayName, level }} initialCode={inviteCode} />
        ) : (
          <p class="muted">{t('loading')}</p>
        ))}
    </>
  );
}

function PendingNotice({ pending, signedIn, onDismiss }: { pending: PendingAction; signedIn: boolean; onDismiss(): void }) {
  const text =
    pending.action === 'share'
      ? t('pendingShareNoRoom', pending.book.title)
      : !signedIn
        ? t('pendingSignIn', pending.book.title)
        : null;
  if (!text) return null;
  return (
    <div class="notice" role="status" data-testid="pending-action">
      <span>{text}</span>
      <button type="button" class="link" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}

export function App() {
  const session = useSession();
  const user = session.status === 'signed-in' ? session.user : null;
  const { pending, dismiss } = usePendingAction(user, addBookToShelf);
  return (
    <main class="app">
      <header class="app-header">
        <h1>{t('appTitle')}</h1>
      </header>
      {pending && <PendingNotice pending={pending} signedIn={user !== null} onDismiss={dismiss} />}
      {session.status === 'loading' && <p class="muted">{t('loading')}</p>}
      {session.status === 'signed-out' && <AuthForm />}
      {session.status === 'signed-in' && <SignedIn user={session.user} />}
    </main>
  );
}
