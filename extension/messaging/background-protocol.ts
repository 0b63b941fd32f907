import * as z from 'zod/mini';
import { isRoomCode } from '../../shared/room-code';
import { DetectedBookSchema } from '../../shared/schemas/detected-book';
import { ActionStatusSchema, BookActionSchema } from '../utils/book-action';
import { defineProtocol } from './define-protocol';
import { BACKGROUND_PROTOCOL } from './names';

const url = z.string().check(z.maxLength(2048));

/** Messages whose one receiver is the background service worker. Messages are verbs; state lives in storage. */
export const backgroundMessages = {
  /** A content script started on a supported site (or re-ran after an in-page navigation). */
  pageVisited: {
    input: z.object({ url, site: z.nullable(z.string().check(z.maxLength(40))) }),
    output: z.null(),
  },
  /** The content script's detection result for the page it runs in (null: not a book page). */
  bookDetected: {
    input: z.object({ url, book: z.nullable(DetectedBookSchema) }),
    output: z.null(),
  },
  /** A reader clicked Share to room / Add to shelf on the chip: hand it to the side panel. */
  requestBookAction: {
    input: z.object({ action: BookActionSchema, book: DetectedBookSchema }),
    output: z.object({ id: z.string(), panelOpened: z.boolean() }),
  },
  /** The side panel finished (or could not finish) a pending action: tell the tab it came from. */
  bookActionDone: {
    input: z.object({
      id: z.string().check(z.maxLength(64)),
      tabId: z.nullable(z.number().check(z.int())),
      status: ActionStatusSchema,
      detail: z.optional(z.string().check(z.maxLength(300))),
    }),
    output: z.null(),
  },
  /**
   * "Open in the side panel" on an invite page (/r/<CODE> of our peer-server): open the panel on that room.
   * `openedIn`: the side panel, or a tab when the browser refused to open the panel.
   */
  openInvite: {
    input: z.object({ code: z.string().check(z.refine(isRoomCode, 'a room code')) }),
    output: z.object({ openedIn: z.enum(['side-panel', 'tab']) }),
  },
};
export type BackgroundMessages = typeof backgroundMessages;

export const backgroundProtocol = defineProtocol(BACKGROUND_PROTOCOL, backgroundMessages);
