import type { User } from 'firebase/auth/web-extension';
import type { FunctionComponent } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { DetectedBook } from '../../shared/schemas/detected-book';
import type { BookCard } from '../../shared/schemas/peer-messages';
import type { UserProfile } from '../../shared/schemas/user-profile';
import { type MessageKey, t } from '../i18n';
import type { ActionStatus, PendingAction } from '../utils/book-action';
import { lazyView, ViewFrame } from './lazy-view';
import { OnThisPage } from './page/on-this-page';
import { shareToRoom, usePendingAction } from './page/pending-actions';
import { useCurrentRoom } from './room/room-store';
import { settledUser, useEndCallWhenProfileGone, usePanelSession } from './session';
import { useReaderLevel } from './use-level';
import { useProfile } from './use-profile';

// Every view loads with its own code on first show (Firebase Auth, Firestore, PeerJS come with the views that
// need them): the panel's first paint needs only this shell (issue 13, bench/panel.ts).
const AuthForm = lazyView(() => import('./account/auth-form').then((m) => m.AuthForm), 'signIn');
const ProfileView = lazyView(() => import('./profile/profile-view').then((m) => m.ProfileView), 'profileTitle');
const ShelfView = lazyView(() => import('./shelf/shelf-view').then((m) => m.ShelfView), 'shelfTitle');
const ClubsTab = lazyView(() => import('./clubs/clubs-tab').then((m) => m.ClubsTab), 'navClubs');
const BoardTab = lazyView(() => import('./board/board-tab').then((m) => m.BoardTab), 'navBoard');
const DiscoverTab = lazyView(() => import('./discover/discover-tab').then((m) => m.DiscoverTab), 'navDiscover');
const RoomView = lazyView(() => import('./room/room-view').then((m) => m.RoomView), 'navRoom');
/** A club's "join the room" (extension/features/room/club-room.ts) opens the Room tab; loads after the paint. */
const RoomRequests = lazyView<{ onRequest(): void }>(() =>
  import('./room/club-room').then(({ useRoomRequests }) => {
    const Requests: FunctionComponent<{ onRequest(): void }> = ({ onRequest }) => {
      useRoomRequests(onRequest);
      return null;
    };
    return Requests;
  }),
);

/** Club meeting reminders' schedule and a reminder's "join the room" hand-off; loads after the paint. */
const ClubsSync = lazyView<{ uid: string }>(() => import('./clubs/clubs-sync').then((m) => m.ClubsSync));
/** An invite link opened in the panel (issue 15): its room on the Room tab; before sign-in, a notice. */
const InviteHandoff = lazyView<{ onOpen(): void }>(() => import('./room/invite-handoff').then((m) => m.InviteHandoff));
const InviteSignInNotice = lazyView<object>(() => import('./room/invite-handoff').then((m) => m.InviteSignInNotice));

/** Add a detected book (or a room card) to the shelf; the shelf's code loads on the first add. */
function addBookToShelf(uid: string, book: DetectedBook | BookCard) {
  return import('./page/add-to-shelf').then((m) => m.addBookToShelf(uid, book));
}

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

/** Each view's code, to start loading the current one while Auth is still restoring the reader. */
const VIEW_CODE = {
  room: RoomView,
  clubs: ClubsTab,
  board: BoardTab,
  discover: DiscoverTab,
  shelf: ShelfView,
  profile: ProfileView,
} as const;
const FRAME_TITLES: Record<View, MessageKey> = {
  room: 'navRoom',
  clubs: 'navClubs',
  board: 'navBoard',
  discover: 'navDiscover',
  shelf: 'shelfTitle',
  profile: 'profileTitle',
};

/**
 * The signed-in panel. `user` is null while Auth restores the reader the hint promised: the tabs work and the
 * current view shows its frame (no reader's data: the hint holds none) while its code loads.
 */
function SignedIn({ user }: { user: User | null }) {
  // '#join=<room code>' opens the Room tab; '#club=<id>&code=<code>' (a club invite link) the Clubs tab.
  const [view, setView] = useState<View>(() =>
    location.hash.startsWith('#join=') ? 'room' : location.hash.startsWith('#club=') ? 'clubs' : 'profile',
  );
  const uid = user?.uid ?? null;
  const profile = useProfile(uid);
  const level = useReaderLevel(uid);
  const room = useCurrentRoom();
  useEndCallWhenProfileGone(uid);
  const openRoomTab = useCallback(() => setView('room'), []);
  useEffect(() => {
    VIEW_CODE[view].preload().catch(() => {}); // the view itself says so if it cannot load
  }, [view]);
  // Whatever tab is showing, the room hears about a new name or level (finishing a book levels you up).
  useEffect(() => {
    if (profile) room?.session.updateSelf({ displayName: profile.displayName, level });
  }, [room, profile?.displayName, level]);
  const inviteCode = location.hash.startsWith('#join=') ? decodeURIComponent(location.hash.slice(6)) : null;
  const onShelf = async (book: DetectedBook): Promise<ActionStatus> => {
    const reader = user ?? (await settledUser());
    if (!reader) return 'needs-sign-in';
    return addBookToShelf(reader.uid, book).catch(() => 'error' as const);
  };
  return (
    <>
      <OnThisPage onShare={shareToRoom} onShelf={onShelf} />
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
      {user ? (
        <SignedInView view={view} user={user} profile={profile} level={level} inviteCode={inviteCode} />
      ) : (
        <ViewFrame title={FRAME_TITLES[view]} />
      )}
      {user && <RoomRequests onRequest={openRoomTab} />}
      {user && <ClubsSync uid={user.uid} />}
      {user && <InviteHandoff onOpen={openRoomTab} />}
    </>
  );
}

function SignedInView({
  view,
  user,
  profile,
  level,
  inviteCode,
}: {
  view: View;
  user: User;
  profile: UserProfile | null;
  level: number | null;
  inviteCode: string | null;
}) {
  if (view === 'profile') return <ProfileView user={user} />;
  if (view === 'shelf') return <ShelfView user={user} />;
  if (view === 'clubs') return <ClubsTab user={user} profile={profile} />;
  if (view === 'board') return <BoardTab user={user} profile={profile} />;
  if (view === 'discover') return <DiscoverTab user={user} profile={profile} />;
  return profile ? (
    <RoomView user={user} self={{ displayName: profile.displayName, level }} initialCode={inviteCode} />
  ) : (
    <ViewFrame title="navRoom" />
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

/** Carries out the reader's chip / context-menu action once the session has settled (not while it restores). */
function PendingActions({ user }: { user: User | null }) {
  const { pending, dismiss } = usePendingAction(user, addBookToShelf);
  return pending ? <PendingNotice pending={pending} signedIn={user !== null} onDismiss={dismiss} /> : null;
}

export function App() {
  const session = usePanelSession();
  const user = session.status === 'signed-in' ? session.user : null;
  const settled = session.status === 'signed-in' || session.status === 'signed-out';
  return (
    <main class="app" data-session={session.status}>
      <header class="app-header">
        <h1>{t('appTitle')}</h1>
      </header>
      {settled && <PendingActions user={user} />}
      {session.status === 'loading' && <p class="muted">{t('loading')}</p>}
      {session.status === 'signed-out' && <InviteSignInNotice />}
      {session.status === 'signed-out' && <AuthForm />}
      {(session.status === 'signed-in' || session.status === 'resuming') && <SignedIn user={user} />}
    </main>
  );
}
