import { type MessageKey, t } from '../../i18n';
import { waitText } from '../room/room-errors';
import { CatalogClientError, type CatalogErrorCode } from './catalog-client';

export const CATALOG_ERROR_KEYS: Record<CatalogErrorCode, MessageKey> = {
  unavailable: 'catalogErrUnavailable',
  rate_limited: 'catalogErrRateLimited',
  unauthenticated: 'errNotSignedIn',
  not_found: 'catalogErrNotFound',
  invalid_request: 'catalogErrInvalid',
  server_unreachable: 'errServerUnreachable',
  internal: 'catalogErrInternal',
};

/** A catalog failure in the reader's language, with the wait when the server gave one. Never upstream text. */
export function catalogErrorText(err: unknown): string {
  if (!(err instanceof CatalogClientError)) return t('catalogErrInternal');
  if ((err.code === 'rate_limited' || err.code === 'unavailable') && err.retryAfterSeconds)
    return `${t(CATALOG_ERROR_KEYS[err.code])} ${t('catalogRetryIn', waitText(err.retryAfterSeconds))}`;
  return t(CATALOG_ERROR_KEYS[err.code]);
}
