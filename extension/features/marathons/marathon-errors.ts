import { MarathonError, type MarathonErrorCode } from '../../data/marathons-repository';
import { type MessageKey, t } from '../../i18n';

const MESSAGES: Record<MarathonErrorCode, MessageKey> = {
  'invalid-title': 'marathonErrInvalidTitle',
  'end-before-start': 'marathonErrEndBeforeStart',
  'too-long': 'marathonErrTooLong',
  'already-ended': 'marathonErrAlreadyEnded',
  'invalid-target': 'marathonErrInvalidTarget',
  'invalid-target-books': 'marathonErrInvalidTargetBooks',
  'invalid-code': 'marathonErrInvalidCode',
  'code-refused': 'marathonErrCodeRefused',
  'too-many-running': 'marathonErrTooMany',
  'not-member': 'marathonErrNotMember',
  'not-found': 'marathonErrNotFound',
  ended: 'marathonErrEnded',
  offline: 'marathonErrOffline',
  failed: 'marathonErrFailed',
};

/** A marathon error in the reader's language (anything unexpected: "Something went wrong"). */
export function describeMarathonError(err: unknown): string {
  if (err instanceof MarathonError) return t(MESSAGES[err.code]);
  return t('marathonErrFailed');
}
