import { ShelfError, type ShelfErrorCode } from '../../data/shelf-repository';
import type { MessageKey } from '../../i18n';
import { t } from '../../i18n';
import { describeError } from '../account/describe-error';

const KEYS: Record<ShelfErrorCode, MessageKey> = {
  'invalid-isbn': 'errInvalidIsbn',
  'invalid-book': 'errInvalidBook',
  'invalid-page': 'errInvalidPage',
  'invalid-rating': 'errInvalidRating',
  'notes-too-long': 'errNotesTooLong',
};

/** A sentence the reader can act on, for a shelf input error or any Firestore error. */
export function describeShelfError(err: unknown): string {
  if (err instanceof ShelfError) return t(KEYS[err.code]);
  return describeError(err);
}
