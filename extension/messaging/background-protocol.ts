import { z } from 'zod';
import { DetectedBookSchema } from '../../shared/schemas/detected-book';
import { ActionStatusSchema, BookActionSchema } from '../utils/book-action';
import { defineProtocol } from './define-protocol';

/** Messages whose one receiver is the background service worker. Messages are verbs; state lives in storage. */
export const backgroundProtocol = defineProtocol('chaekbang.background', {
  /** A content script started on a supported site (or re-ran after an in-page navigation). */
  pageVisited: {
    input: z.object({ url: z.string().max(2048), site: z.string().max(40).nullable() }),
    output: z.null(),
  },
  /** The content script's detection result for the page it runs in (null: not a book page). */
  bookDetected: {
    input: z.object({ url: z.string().max(2048), book: DetectedBookSchema.nullable() }),
    output: z.null(),
  },
  /** A reader clicked Share to room / Add to shelf on the chip: hand it to the side panel. */
  requestBookAction: {
    input: z.object({ action: BookActionSchema, book: DetectedBookSchema }),
    output: z.object({ id: z.string(), panelOpened: z.boolean() }),
  },
  /** The side panel finished (or could not finish) a pending action: tell the tab it came from. */
  bookActionDone: {
    input: z.object({ id: z.string().max(64), tabId: z.number().int().nullable(), status: ActionStatusSchema, detail: z.string().max(300).optional() }),
    output: z.null(),
  },
});
