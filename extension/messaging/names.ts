/** Protocol names and the small value lists content scripts need, kept free of Zod (see send.ts). */
export const BACKGROUND_PROTOCOL = 'chaekbang.background';
export const CONTENT_PROTOCOL = 'chaekbang.content';

export const BOOK_ACTIONS = ['share', 'shelf'] as const;
export const ACTION_STATUSES = [
  'shared',
  'added',
  'already-on-shelf',
  'no-room',
  'needs-sign-in',
  'needs-panel',
  'error',
] as const;
