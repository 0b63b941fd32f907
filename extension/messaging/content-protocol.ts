import * as z from 'zod/mini';
import { ActionStatusSchema, BookActionSchema } from '../utils/book-action';
import { defineProtocol } from './define-protocol';
import { CONTENT_PROTOCOL } from './names';

/** Messages whose one receiver is the content script of a tab. */
export const contentMessages = {
  /** The outcome of an action the reader started from this tab's chip or menu. */
  bookActionResult: {
    input: z.object({
      action: z.nullable(BookActionSchema),
      status: ActionStatusSchema,
      detail: z.optional(z.string().check(z.maxLength(300))),
    }),
    output: z.null(),
  },
};
export type ContentMessages = typeof contentMessages;

export const contentProtocol = defineProtocol(CONTENT_PROTOCOL, contentMessages);
