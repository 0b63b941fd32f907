import type { PostKind, ReportReason } from '../../../shared/schemas/post';
import type { MessageKey } from '../../i18n';

export const KIND_LABELS = {
  review: 'boardKindReview',
  essay: 'boardKindEssay',
  recommendation: 'boardKindRecommendation',
  quote: 'boardKindQuote',
} as const satisfies Record<PostKind, MessageKey>;

export const REASON_LABELS = {
  spam: 'boardReasonSpam',
  abuse: 'boardReasonAbuse',
  spoiler: 'boardReasonSpoiler',
  other: 'boardReasonOther',
} as const satisfies Record<ReportReason, MessageKey>;

/** ★★★★½ for 4.5. */
export function stars(rating: number): string {
  const full = Math.floor(rating);
  return `${'★'.repeat(full)}${rating - full >= 0.5 ? '½' : ''}`;
}
