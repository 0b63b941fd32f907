import * as z from 'zod/mini';
import { DetectedBookSchema } from '../../shared/schemas/detected-book';
import { ACTION_STATUSES, BOOK_ACTIONS } from '../messaging/names';

export { ACTION_STATUSES, BOOK_ACTIONS };

/** What a click on the chip or the context menu asks the side panel to do. */
export const BookActionSchema = z.enum(BOOK_ACTIONS);
export type BookAction = z.infer<typeof BookActionSchema>;

export const ActionStatusSchema = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof ActionStatusSchema>;

/** The pending action, kept in storage.session until the side panel carries it out. */
export const PendingActionSchema = z.object({
  id: z.string().check(z.maxLength(64)),
  action: BookActionSchema,
  book: DetectedBookSchema,
  tabId: z.nullable(z.number().check(z.int())),
  at: z.number(),
});
export type PendingAction = z.infer<typeof PendingActionSchema>;
export const PENDING_ACTION_KEY = 'pendingAction';
