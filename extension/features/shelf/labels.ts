import type { ShelfStatus } from '../../../shared/reading';
import type { MessageKey } from '../../i18n';

export const STATUS_LABELS: Record<ShelfStatus, MessageKey> = {
  'want-to-read': 'statusWantToRead',
  reading: 'statusReading',
  read: 'statusRead',
  stopped: 'statusStopped',
};
