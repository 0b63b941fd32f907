import { t } from '../../i18n';
import { authErrorKey } from './auth-errors';

/** A sentence for the reader, in their language, for any error thrown by Auth or Firestore. */
export function describeError(err: unknown): string {
  const key = authErrorKey(err);
  if (key) return t(key);
  const detail = err instanceof Error ? err.message : String(err);
  return t('errUnknown', detail.slice(0, 200));
}
