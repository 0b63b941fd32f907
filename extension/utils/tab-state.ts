import { z } from 'zod';
import { DetectedBookSchema } from '../../shared/schemas/detected-book';

/** What the background knows about one tab, kept in storage.session (it survives worker restarts). */
export const TabStateSchema = z.object({
  tabId: z.number().int(),
  url: z.string().max(2048),
  site: z.string().max(40).nullable(),
  book: DetectedBookSchema.nullable(),
  updatedAt: z.number(),
});
export type TabState = z.infer<typeof TabStateSchema>;

export const tabKey = (tabId: number) => `tab:${tabId}`;
