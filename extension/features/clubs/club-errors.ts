import { ClubError } from '../../data/clubs-repository';
import { type MessageKey, t } from '../../i18n';

const KEYS: Record<ClubError['code'], MessageKey> = {
  'invalid-input': 'clubErrorInvalid',
  'too-many-clubs': 'clubErrorTooMany',
  'invite-not-found': 'clubErrorInvite',
  'already-member': 'clubErrorAlreadyMember',
  'host-cannot-leave': 'clubErrorHostLeave',
  'not-allowed': 'clubErrorNotAllowed',
  'club-full': 'clubErrorFull',
  'not-found': 'clubErrorNotFound',
};

/** A sentence the reader can act on, in their language (the detail of bad input is kept for the form). */
export function describeClubError(err: unknown): string {
  if (err instanceof ClubError) {
    const text = t(KEYS[err.code]);
    return err.code === 'invalid-input' ? `${text} (${err.message})` : text;
  }
  const code = (err as { code?: string })?.code;
  if (code === 'permission-denied') return t('clubErrorNotAllowed');
  if (code === 'unavailable') return t('clubErrorOffline');
  return t('clubErrorGeneric');
}
