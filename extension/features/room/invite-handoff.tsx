import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { formatRoomCode } from '../../../shared/room-code';
import { t } from '../../i18n';
import { freshInvite, PENDING_INVITE_KEY } from '../../utils/invite-handoff';
import { openInviteRoom } from './club-room';

type Changes = Record<string, { newValue?: unknown }>;

/** The fresh invite hand-off in storage.session (the background put it there from the invite page's button). */
function watchInvite(onValue: (value: unknown) => void): () => void {
  browser.storage.session
    .get(PENDING_INVITE_KEY)
    .then((v) => onValue(v[PENDING_INVITE_KEY]))
    .catch(() => {});
  const onChanged = (changes: Changes, area: string) => {
    if (area === 'session' && PENDING_INVITE_KEY in changes) onValue(changes[PENDING_INVITE_KEY]?.newValue);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

/**
 * Mounted while a reader is signed in (renders nothing): takes an invite link's room handed over by the background
 * (now, or when the reader clicks "Open in the side panel" while the panel is open) and shows it on the Room tab,
 * checked like a typed code (club-room.ts openInviteRoom). Taken once: the hand-off is removed.
 */
export function InviteHandoff({ onOpen }: { onOpen(): void }) {
  useEffect(
    () =>
      watchInvite((value) => {
        const invite = freshInvite(value, Date.now());
        if (!invite) return;
        browser.storage.session.remove(PENDING_INVITE_KEY).catch(() => {});
        onOpen();
        openInviteRoom(invite.code);
      }),
    [onOpen],
  );
  return null;
}

/** On the sign-in screen: the invite waiting for the reader (it opens on the Room tab after signing in). */
export function InviteSignInNotice() {
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => watchInvite((value) => setCode(freshInvite(value, Date.now())?.code ?? null)), []);
  if (!code) return null;
  return (
    <div class="notice" role="status" data-testid="invite-sign-in">
      <span>{t('inviteSignIn', formatRoomCode(code))}</span>
    </div>
  );
}
