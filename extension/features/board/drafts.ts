import { browser } from 'wxt/browser';
import { z } from 'zod';
import { POST_KINDS } from '../../../shared/schemas/post';
import { emptyForm, type FormState } from './post-form';

/**
 * Drafts of long writing live in storage.local (they survive closing the editor tab, the panel and the
 * browser), one per book and kind, plus the key of the last one touched.
 */
const PREFIX = 'boardDraft:';
const LAST = 'boardDraftLast';

const DraftSchema = z.object({
  kind: z.enum(POST_KINDS),
  isbn13: z.string().max(13),
  title: z.string().max(1_000),
  body: z.string().max(100_000),
  rating: z.string().max(4),
  quotePage: z.string().max(8),
  spoilerPage: z.string().max(8),
  spoilerTouched: z.boolean(),
  audience: z.enum(['everyone', 'club', 'member']),
  clubId: z.string().max(128),
  toUid: z.string().max(128),
  toName: z.string().max(80),
});

export const draftKey = (form: Pick<FormState, 'kind' | 'isbn13'>) => `${PREFIX}${form.isbn13 || 'none'}:${form.kind}`;

export async function loadDraft(key: string): Promise<FormState | null> {
  const got = await browser.storage.local.get(key);
  const parsed = DraftSchema.safeParse(got[key]);
  return parsed.success ? emptyForm(parsed.data) : null;
}

export async function lastDraftKey(): Promise<string | null> {
  const got = await browser.storage.local.get(LAST);
  const key = got[LAST];
  return typeof key === 'string' && key.startsWith(PREFIX) ? key : null;
}

/** Save the form under its key (and forget the key it had before, when the book or kind changed). */
export async function saveDraft(form: FormState, previousKey?: string | null): Promise<string> {
  const key = draftKey(form);
  if (previousKey && previousKey !== key) await browser.storage.local.remove(previousKey);
  await browser.storage.local.set({ [key]: form, [LAST]: key });
  return key;
}

export async function clearDraft(key: string): Promise<void> {
  await browser.storage.local.remove([key, LAST]);
}

/** Open the full-page editor in a tab, on the draft for this book and kind (prefilled from `form`). */
export async function openEditor(form: Partial<FormState>): Promise<void> {
  const full = emptyForm(form);
  const key = draftKey(full);
  const existing = await loadDraft(key);
  // An existing draft for this book and kind keeps its text; what the caller knows fills the rest.
  const merged = existing ? { ...full, ...existing, rating: existing.rating || full.rating } : full;
  await browser.storage.local.set({ [key]: merged, [LAST]: key });
  await browser.tabs.create({ url: `${browser.runtime.getURL('/editor.html')}?draft=${encodeURIComponent(key)}` });
}
