import * as z from 'zod/mini';
import { DetectedBookSchema } from '../../shared/schemas/detected-book';

/** What the background knows about one tab, kept in storage.session (it survives worker restarts). */
export const TabStateSchema = z.object({
  tabId: z.number().check(z.int()),
  url: z.string().check(z.maxLength(2048)),
  site: z.nullable(z.string().check(z.maxLength(40))),
  book: z.nullable(DetectedBookSchema),
  updatedAt: z.number(),
});
export type TabState = z.infer<typeof TabStateSchema>;

export const tabKey = (tabId: number) => `tab:${tabId}`;
