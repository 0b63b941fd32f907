/**
 * Spoilers by progress (issue 12). A post or comment carries `spoilerPage`, the author's page in the book
 * when they wrote it. A viewing reader below that page, or with no progress in the book, sees the text
 * collapsed under "spoiler, p. N" with "show anyway"; logging past the page opens it (the board follows
 * the reader's shelf live). A courtesy, not secrecy: the text is delivered to the browser either way.
 */

/** What the viewer has read of the book (their shelf entry), or null when it is not on their shelf. */
export type Progress = { currentPage: number; status: string; rereadCount: number } | null | undefined;

export type SpoilerState = 'open' | 'collapsed';

export function spoilerState(
  spoilerPage: number | null | undefined,
  progress: Progress,
  options: { viewerIsAuthor?: boolean } = {},
): SpoilerState {
  if (!spoilerPage || spoilerPage <= 0 || options.viewerIsAuthor) return 'open';
  if (!progress) return 'collapsed';
  // A finished book (or one read before) holds no more surprises.
  if (progress.status === 'read' || progress.rereadCount > 0) return 'open';
  return progress.currentPage >= spoilerPage ? 'open' : 'collapsed';
}

/** The default spoiler page of a new post: the author's current page in the book (none at page 0). */
export function defaultSpoilerPage(progress: Progress): number | null {
  if (!progress || !Number.isInteger(progress.currentPage) || progress.currentPage <= 0) return null;
  return progress.currentPage;
}
