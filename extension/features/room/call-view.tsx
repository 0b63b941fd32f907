import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { safeCoverUrl } from '../../../shared/cover-hosts';
import type { BookCard } from '../../../shared/schemas/peer-messages';
import { BookCover } from '../../components/book-cover';
import { CameraOffIcon, MicOffIcon } from '../../components/icons';
import { t } from '../../i18n';
import { lazyView } from '../lazy-view';
import type { AddOutcome } from '../page/add-to-shelf';
import { BookCardView } from './book-card-view';
import { CameraRecovery, useCameraEnded } from './camera-recovery';
import { ChatPanel } from './chat-panel';
import { inviteLink } from './invite-link';
import { useJoinSettled } from './join-settle';
import { LockoutNotice, useRoomInfo } from './lockout-notice';
import { levelMeter } from './media';
import type { MemberState, RoomSession, RoomSnapshot } from './room-session';
import { leaveRoom } from './room-store';
import { roomSyncFor, useRoomSync } from './room-sync';
import { Video } from './video';

/*
 * The reader-only parts of the call load on first use (their own chunks): the book search, the club and marathon
 * strip, the sprint and a member's profile read Firestore, which a guest's call in the web room never needs (and
 * never downloads). The panel loads them ahead on the pre-join screen when the browser is idle (room-view.tsx), and
 * a reader's call view mounts them once its join has settled (join-settle.ts), never while the call sets up.
 */
const sprintPanel = () => import('./sprint-panel');
const RoomSearch = lazyView(() => import('../discover/room-search').then((m) => m.RoomSearch));
const RoomClubStrip = lazyView(() => import('./room-club-strip').then((m) => m.RoomClubStrip));
const SprintPanel = lazyView(() => sprintPanel().then((m) => m.SprintPanel));
const SprintButton = lazyView(() => sprintPanel().then((m) => m.SprintButton));
const SprintResultsCards = lazyView(() => sprintPanel().then((m) => m.SprintResultsCards));
const PublicProfile = lazyView(() => import('../profile/public-profile').then((m) => m.PublicProfile));
const readerParts = [RoomSearch, RoomClubStrip, SprintPanel, SprintButton, SprintResultsCards, PublicProfile];
/** Start loading the reader-only parts of the call (their chunks), e.g. on the pre-join screen. */
export function preloadReaderParts() {
  for (const part of readerParts) part.preload().catch(() => {});
}

const SPEAKING_LEVEL = 0.03;

/**
 * Highlight whoever is loudest above a floor, sampled a few times a second. Meters are kept per stream and
 * reconciled on each tick (not rebuilt when the member list changes), so a joining member's streams are
 * never delayed by audio set-up: none before this panel's join settled, and a member's stream only once its
 * audio flows (the remote track is unmuted when the first packets arrive, after the call's ICE and DTLS).
 */
function useActiveSpeaker(session: RoomSession, snap: RoomSnapshot, localStream: MediaStream, settled: boolean) {
  const latest = useRef(snap);
  latest.current = snap;
  useEffect(() => {
    if (!settled) return;
    const meters = new Map<string, { peerId: string; meter: ReturnType<typeof levelMeter> }>();
    const timer = setInterval(() => {
      const s = latest.current;
      const wanted = new Map<string, { peerId: string; stream: MediaStream }>();
      for (const m of s.members)
        if (m.stream && !m.muted && audioFlowing(m.stream))
          wanted.set(`${m.peerId}:${m.stream.id}`, { peerId: m.peerId, stream: m.stream });
      if (!s.muted && s.selfPeerId) wanted.set(`self:${localStream.id}`, { peerId: s.selfPeerId, stream: localStream });
      for (const [key, entry] of meters) {
        if (!wanted.has(key)) {
          entry.meter.stop();
          meters.delete(key);
        }
      }
      for (const [key, { peerId, stream }] of wanted)
        if (!meters.has(key)) meters.set(key, { peerId, meter: levelMeter(stream) });
      let best: string | null = null;
      let bestLevel = SPEAKING_LEVEL;
      for (const { peerId, meter } of meters.values()) {
        const level = meter.level();
        if (level > bestLevel) [best, bestLevel] = [peerId, level];
      }
      session.setSpeaker(best);
    }, 300);
    return () => {
      clearInterval(timer);
      for (const { meter } of meters.values()) meter.stop();
    };
  }, [session, localStream, settled]);
}

/** A remote stream's audio has arrived (a track that is not muted by the browser for lack of packets). */
function audioFlowing(stream: MediaStream): boolean {
  return stream.getAudioTracks().some((track) => !track.muted);
}

function MutedIcon() {
  return (
    <span class="muted-icon" role="img" title={t('roomMuted')} aria-label={t('roomMuted')}>
      <MicOffIcon />
    </span>
  );
}

function CameraOffBadge() {
  return (
    <span class="muted-icon" role="img" title={t('roomCameraIsOff')} aria-label={t('roomCameraIsOff')}>
      <CameraOffIcon />
    </span>
  );
}

/** A guest of the web room (no account, anonymous sign-in): marked on their tile, in the panel and on the page. */
function GuestMark() {
  return (
    <span class="badge guest-mark" data-testid="guest-mark">
      {t('roomGuestMark')}
    </span>
  );
}

/** On the sharer's tile: the shared book's cover, so the card is seen beside the reader who shared it. */
function TileBook({ card }: { card: BookCard }) {
  return (
    <span class="tile-book" data-testid="tile-book" role="img" aria-label={t('roomTileSharing', card.title)}>
      <BookCover url={safeCoverUrl(card.coverUrl)} title={card.title} class="tile-book-cover" />
    </span>
  );
}

function Tile({
  member,
  speaking,
  sharing,
  onOpen,
  onFirstFrame,
}: {
  member: MemberState;
  speaking: boolean;
  sharing: BookCard | null;
  onOpen: (() => void) | null;
  onFirstFrame: () => void;
}) {
  const showVideo = member.stream !== null && !member.cameraOff;
  return (
    <figure
      class={`tile${speaking ? ' speaking' : ''}${showVideo ? '' : ' camera-off'}`}
      data-testid="remote-tile"
      data-peer={member.peerId}
    >
      {/* A guest (web room) has no profile to open. */}
      {onOpen && (
        <button
          type="button"
          class="tile-hit"
          data-testid="tile-open-profile"
          aria-label={t('roomOpenProfile', member.displayName)}
          onClick={onOpen}
        />
      )}
      {/* With the camera off the stream still carries the voice: its <video> stays, out of sight. */}
      {member.stream && <Video stream={member.stream} testId="remote-video" hidden={!showVideo} onFirstFrame={onFirstFrame} />}
      {!showVideo && (
        <div class="avatar" aria-hidden="true">
          {Array.from(member.displayName)[0] ?? ''}
        </div>
      )}
      {sharing && <TileBook card={sharing} />}
      <figcaption>
        <span class="tile-name" data-testid="tile-name">
          {member.displayName}
        </span>
        {member.guest && <GuestMark />}
        {member.level !== null && <span class="badge">{t('roomLevel', String(member.level))}</span>}
        {member.muted && <MutedIcon />}
        {member.cameraOff && <CameraOffBadge />}
        {member.media === 'connecting' && <span class="muted small">{t('roomConnecting')}</span>}
      </figcaption>
    </figure>
  );
}

export function CallView({
  session,
  snap,
  localStream,
  selfName,
  selfLevel,
  onAddCard,
  guest = false,
  extraControls,
}: {
  session: RoomSession;
  snap: RoomSnapshot;
  localStream: MediaStream;
  selfName: string;
  selfLevel: number | null;
  /** Add the shared book to the reader's shelf; null for a guest (no shelf): the card keeps "open in a store". */
  onAddCard: ((card: BookCard) => Promise<AddOutcome>) | null;
  /**
   * The web room's guest: no shelf, board, sprint, club strip or profiles (no account, no Firestore writes); the
   * call, chat and shared cards as for everyone.
   */
  guest?: boolean;
  /** More call controls from the host page (the web room's camera facing toggle). */
  extraControls?: ComponentChildren;
}) {
  // Everything below that the call does not need waits until the join has settled (join-settle.ts).
  const { settled, frameShown } = useJoinSettled(session, snap);
  useActiveSpeaker(session, snap, localStream, settled);
  useEffect(() => {
    if (!guest && settled) preloadReaderParts();
  }, [guest, settled]);
  const [copied, setCopied] = useState(false);
  const [profileOf, setProfileOf] = useState<string | null>(null);
  // The member popover takes focus when it opens and gives it back to the tile that opened it on close (Escape too).
  const profileOpener = useRef<HTMLElement | null>(null);
  const profileClose = useRef<HTMLButtonElement>(null);
  const openProfile = (uid: string) => {
    profileOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setProfileOf(uid);
  };
  const closeProfile = () => {
    setProfileOf(null);
    profileOpener.current?.focus();
    profileOpener.current = null;
  };
  useEffect(() => {
    if (profileOf) profileClose.current?.focus();
  }, [profileOf]);
  const code = snap.code ?? '';
  const pretty = `${code.slice(0, 3)}-${code.slice(3)}`;
  const roomInfo = useRoomInfo(settled ? snap.code : null);
  // Until the room info is asked for, the join's own answer says whether the room has a passcode.
  const hasPasscode = roomInfo?.room.hasPasscode ?? session.joinedRoom?.hasPasscode ?? false;
  const sharer = snap.bookCard
    ? snap.bookCard.sharedBy === snap.selfPeerId
      ? selfName
      : (snap.members.find((m) => m.peerId === snap.bookCard?.sharedBy)?.displayName ?? '…')
    : '';
  const cardOnSelf = snap.bookCard !== null && snap.bookCard.sharedBy === snap.selfPeerId;
  const camera = useCameraEnded(session, localStream);
  const selfVideo = localStream.getVideoTracks()[0];
  // Club, pinned marathon and reading sprint, in step with the room server (room-sync.ts).
  const sync = !guest && settled && (snap.phase === 'in-room' || snap.phase === 'reconnecting') ? roomSyncFor(session) : null;
  const sprintResults = (useRoomSync(sync)?.results.size ?? 0) > 0;

  return (
    <section class="call" data-testid="call" data-phase={snap.phase}>
      <div class="call-bar">
        <span class="room-code" data-testid="room-code">
          {t('roomCode', pretty)}
        </span>
        <button
          type="button"
          class="link"
          onClick={() => {
            navigator.clipboard
              .writeText(t(hasPasscode ? 'roomInviteTextPasscode' : 'roomInviteText', [pretty, inviteLink(code)]))
              .then(
                () => setCopied(true),
                () => {},
              );
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          {copied ? t('roomCopied') : t('roomCopyInvite')}
        </button>
      </div>
      {snap.phase === 'reconnecting' && (
        <p class="banner" role="status" data-testid="reconnecting">
          {t('roomReconnecting')}
        </p>
      )}
      {snap.relay === 'on' && (
        <p class="muted small" data-testid="relay-on">
          {t('roomRelayOn')}
        </p>
      )}
      {snap.relay === 'unavailable' && (
        <p class="banner" role="status" data-testid="relay-unavailable">
          {t('roomRelayUnavailable')}
        </p>
      )}
      {!guest && settled && <RoomSearch />}
      <CameraRecovery camera={camera} />
      <LockoutNotice guard={roomInfo?.passcodeGuard} />
      <div class="tiles" data-count={snap.members.length + 1}>
        <figure
          class={`tile self${snap.speakerPeerId === snap.selfPeerId ? ' speaking' : ''}${selfVideo && !snap.cameraOff ? '' : ' camera-off'}`}
          data-testid="self-tile"
        >
          {selfVideo && !snap.cameraOff ? (
            // Keyed by track: a camera picked again after it ended gets a fresh element.
            <Video key={selfVideo.id} stream={localStream} muted mirrored />
          ) : (
            <div class="avatar" aria-hidden="true">
              {Array.from(selfName)[0] ?? ''}
            </div>
          )}
          {cardOnSelf && snap.bookCard && <TileBook card={snap.bookCard} />}
          <figcaption>
            <span class="tile-name">{t('roomYou', selfName)}</span>
            {guest && <GuestMark />}
            {selfLevel !== null && <span class="badge">{t('roomLevel', String(selfLevel))}</span>}
            {snap.muted && <MutedIcon />}
            {snap.cameraOff && selfVideo && <CameraOffBadge />}
          </figcaption>
        </figure>
        {snap.members.map((m) => (
          <Tile
            key={m.peerId}
            member={m}
            speaking={snap.speakerPeerId === m.peerId}
            sharing={snap.bookCard?.sharedBy === m.peerId ? snap.bookCard : null}
            onOpen={guest || m.guest ? null : () => openProfile(m.uid)}
            onFirstFrame={() => {
              frameShown(m.peerId);
              session.mediaShown(m.peerId);
            }}
          />
        ))}
      </div>
      {snap.selfPeerId && !guest && settled && <RoomClubStrip uid={snap.selfPeerId} sync={sync} />}
      {snap.selfPeerId && !guest && settled && <SprintPanel sync={sync} uid={snap.selfPeerId} selfName={selfName} />}
      {/* The shared book spans the call under the tiles (never a grid cell of its own beside the sharer). */}
      {snap.bookCard && (
        <BookCardView
          card={snap.bookCard}
          sharerName={sharer}
          {...(onAddCard ? { onAdd: onAddCard } : {})}
          {...(cardOnSelf ? { onClear: () => session.shareBook(null) } : {})}
        />
      )}
      {profileOf && snap.selfPeerId && (
        <div
          class="profile-popover"
          role="dialog"
          aria-modal="false"
          aria-labelledby="member-profile-title"
          data-testid="member-profile"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              closeProfile();
            }
          }}
        >
          {/* Named, and a heading over the profile's own sub-headings (h3), for screen readers. */}
          <h2 id="member-profile-title" class="visually-hidden">
            {t('roomMemberProfile', snap.members.find((m) => m.uid === profileOf)?.displayName ?? '')}
          </h2>
          <button type="button" class="link close" ref={profileClose} onClick={closeProfile}>
            {t('dismiss')}
          </button>
          <PublicProfile uid={profileOf} viewerUid={snap.selfPeerId} sharesRoom />
        </div>
      )}
      <div class="controls">
        <button type="button" data-testid="toggle-mute" aria-pressed={snap.muted} onClick={() => session.setMuted(!snap.muted)}>
          {snap.muted ? t('roomUnmute') : t('roomMute')}
        </button>
        <button
          type="button"
          data-testid="toggle-camera"
          aria-pressed={snap.cameraOff}
          disabled={localStream.getVideoTracks().length === 0 || camera.busy}
          onClick={() => (camera.ended ? camera.restart() : session.setCameraOff(!snap.cameraOff))}
        >
          {snap.cameraOff ? t('roomCameraOn') : t('roomCameraOff')}
        </button>
        {extraControls}
        {!guest && settled && <SprintButton sync={sync} />}
        <LeaveButton />
      </div>
      <ChatPanel
        lines={snap.chat}
        selfPeerId={snap.selfPeerId}
        onSend={(text) => session.sendChat(text)}
        extra={sprintResults ? <SprintResultsCards sync={sync} /> : undefined}
      />
    </section>
  );
}

function LeaveButton() {
  return (
    <button type="button" class="danger" data-testid="leave-room" onClick={() => leaveRoom()}>
      {t('roomLeave')}
    </button>
  );
}
