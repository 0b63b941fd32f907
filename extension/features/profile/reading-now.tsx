import type { ReadingEntry } from '../../../shared/schemas/shelf-entry';
import { t } from '../../i18n';

/** "Reading now": the books a reader is reading (their public reading summary), or nothing when empty. */
export function ReadingNow({ entries, note }: { entries: readonly ReadingEntry[]; note?: string | null }) {
  if (entries.length === 0) return null;
  return (
    <div class="profile-reading" data-testid="profile-reading">
      <h3 class="profile-subtitle">{t('profileReadingNow')}</h3>
      <ul class="chips">
        {entries.map((e) => (
          <li key={e.isbn13} class="chip" data-isbn={e.isbn13} title={e.authors.join(', ') || undefined}>
            {e.authors.length > 0 ? `${e.title} · ${e.authors[0]}` : e.title}
          </li>
        ))}
      </ul>
      {note && <p class="muted">{note}</p>}
    </div>
  );
}
