import type { Firestore } from 'firebase/firestore';
import { useState } from 'preact/hooks';
import { CATEGORIES, type CategoryId, categoryLabel } from '../../../shared/categories';
import { safeCoverUrl } from '../../../shared/cover-hosts';
import { progressPercent, SHELF_STATUSES, type ShelfStatus } from '../../../shared/reading';
import { SHELF_LIMITS, type ShelfEntry } from '../../../shared/schemas/shelf-entry';
import { BookCover } from '../../components/book-cover';
import { CharCounter } from '../../components/char-counter';
import {
  changeStatus,
  logPages,
  markFinished,
  readAgain,
  removeFromShelf,
  type ShelfWrite,
  setCategory,
  setCurrentPage,
  setNotes,
  setRating,
  setTotalPages,
} from '../../data/shelf-repository';
import { t, uiLocale } from '../../i18n';
import { openEditor } from '../board/drafts';
import { STATUS_LABELS } from './labels';

const RATINGS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5] as const;

type Props = {
  db: Firestore;
  uid: string;
  entry: ShelfEntry;
  /** A write of this entry is not on the server yet (often for a few milliseconds only). */
  unsynced: boolean;
  /** ...and it is really waiting on the network (offline, or slow): say so. */
  pending: boolean;
  onError: (err: unknown) => void;
};

/** One book on the shelf: progress with one-tap +10 pages; details for pages, rating, notes, rereading. */
export function ShelfItem({ db, uid, entry, unsynced, pending, onError }: Props) {
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState('');
  const [total, setTotal] = useState('');
  const [notes, setNotesDraft] = useState<string | null>(null);
  const locale = uiLocale();
  const pct = progressPercent(entry.currentPage, entry.totalPages);

  // Writes show at once from the local cache; `synced` settles later (offline: when back online).
  function run(write: () => ShelfWrite) {
    try {
      write().synced.catch(onError);
    } catch (err) {
      onError(err);
    }
  }
  const pageNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
  const date = (d: Date | null) => (d ? d.toLocaleDateString(locale) : '');

  return (
    <li
      class="shelf-item"
      data-testid="shelf-item"
      data-isbn={entry.isbn13}
      data-status={entry.status}
      data-unsynced={String(unsynced)}
    >
      <div class="shelf-item-main">
        <BookCover class="shelf-cover" url={safeCoverUrl(entry.coverUrl)} title={entry.title} />
        <div class="shelf-item-body">
          <p class="shelf-item-title" data-testid="shelf-title">
            {entry.title}
          </p>
          <p class="muted shelf-item-meta">
            {[entry.authors.join(', '), categoryLabel(entry.category, locale)].filter(Boolean).join(' · ')}
          </p>
          <label class="shelf-inline">
            <span class="visually-hidden">{t('shelfStatusLabel')}</span>
            <select
              value={entry.status}
              data-testid="shelf-status"
              onChange={(e) => run(() => changeStatus(db, uid, entry, e.currentTarget.value as ShelfStatus))}
            >
              {SHELF_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(STATUS_LABELS[s])}
                </option>
              ))}
            </select>
          </label>
          <div class="shelf-progress">
            <progress max={100} value={pct ?? 0} aria-hidden={pct === null} />
            <span data-testid="shelf-progress">
              {pct === null
                ? t('shelfProgressNoTotal', String(entry.currentPage))
                : t('shelfProgress', [String(entry.currentPage), String(entry.totalPages), String(pct)])}
            </span>
          </div>
          <div class="shelf-actions">
            {entry.status !== 'read' && (
              <button
                type="button"
                data-testid="shelf-plus10"
                disabled={entry.totalPages !== null && entry.currentPage >= entry.totalPages}
                onClick={() => run(() => logPages(db, uid, entry, 10))}
              >
                {t('shelfPlus10')}
              </button>
            )}
            {entry.status !== 'read' ? (
              <button type="button" data-testid="shelf-finish" onClick={() => run(() => markFinished(db, uid, entry))}>
                {t('shelfMarkFinished')}
              </button>
            ) : (
              <>
                <button type="button" data-testid="shelf-read-again" onClick={() => run(() => readAgain(db, uid, entry))}>
                  {t('shelfReadAgain')}
                </button>
                {/* Finishing a book offers a review, its rating prefilled from the shelf (issue 12). */}
                <button
                  type="button"
                  data-testid="shelf-write-review"
                  onClick={() =>
                    openEditor({
                      kind: 'review',
                      isbn13: entry.isbn13,
                      rating: entry.rating === null ? '' : String(entry.rating),
                    }).catch(onError)
                  }
                >
                  {t('shelfWriteReview')}
                </button>
              </>
            )}
            <button type="button" class="link" aria-expanded={open} data-testid="shelf-details" onClick={() => setOpen(!open)}>
              {t('shelfDetails')}
            </button>
          </div>
          {pending && (
            <p class="muted shelf-dates" role="status" data-testid="shelf-pending">
              {t('shelfPendingSync')}
            </p>
          )}
          <p class="muted shelf-dates">
            {[
              entry.startedAt && t('shelfStarted', date(entry.startedAt)),
              entry.finishedAt && t('shelfFinished', date(entry.finishedAt)),
              entry.rereadCount > 0 && t('shelfRereads', String(entry.rereadCount)),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
      </div>
      {open && (
        <div class="shelf-details">
          <form
            class="shelf-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              run(() => setCurrentPage(db, uid, entry, pageNumber(page)));
              setPage('');
            }}
          >
            <label>
              {t('shelfPageLabel')}
              <input
                inputMode="numeric"
                value={page}
                placeholder={String(entry.currentPage)}
                data-testid="shelf-page-input"
                onInput={(e) => setPage(e.currentTarget.value)}
              />
            </label>
            <button type="submit" data-testid="shelf-page-save">
              {t('shelfSave')}
            </button>
          </form>
          <form
            class="shelf-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              run(() => setTotalPages(db, uid, entry, total.trim() === '' ? null : pageNumber(total)));
              setTotal('');
            }}
          >
            <label>
              {t('shelfTotalPagesLabel')}
              <input
                inputMode="numeric"
                value={total}
                placeholder={entry.totalPages ? String(entry.totalPages) : ''}
                data-testid="shelf-total-input"
                onInput={(e) => setTotal(e.currentTarget.value)}
              />
            </label>
            <button type="submit">{t('shelfSave')}</button>
          </form>
          <label>
            {t('shelfRating')}
            <select
              value={entry.rating === null ? '' : String(entry.rating)}
              data-testid="shelf-rating"
              onChange={(e) => {
                const v = e.currentTarget.value;
                run(() => setRating(db, uid, entry, v === '' ? null : Number(v)));
              }}
            >
              <option value="">{t('shelfClearRating')}</option>
              {RATINGS.map((r) => (
                <option key={r} value={String(r)}>
                  {`${'★'.repeat(Math.floor(r))}${r % 1 ? '½' : ''} — ${t('shelfRatingValue', String(r))}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('shelfFilterCategory')}
            <select
              value={entry.category}
              onChange={(e) => run(() => setCategory(db, uid, entry, e.currentTarget.value as CategoryId))}
            >
              {CATEGORIES.map((c) => (
                <option key={c.id} value={c.id}>
                  {categoryLabel(c.id, locale)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('shelfNotes')}
            <textarea
              rows={4}
              value={notes ?? entry.notes}
              aria-describedby={`notes-count-${entry.isbn13}`}
              aria-invalid={(notes ?? entry.notes).length > SHELF_LIMITS.notes}
              data-testid="shelf-notes"
              onInput={(e) => setNotesDraft(e.currentTarget.value)}
            />
            <CharCounter id={`notes-count-${entry.isbn13}`} value={notes ?? entry.notes} max={SHELF_LIMITS.notes} />
          </label>
          <div class="shelf-actions">
            <button
              type="button"
              data-testid="shelf-notes-save"
              disabled={notes === null || notes === entry.notes || notes.length > SHELF_LIMITS.notes}
              onClick={() => {
                run(() => setNotes(db, uid, entry, notes ?? entry.notes));
                setNotesDraft(null);
              }}
            >
              {t('shelfSaveNotes')}
            </button>
            <button
              type="button"
              class="danger"
              data-testid="shelf-remove"
              onClick={() => run(() => removeFromShelf(db, uid, entry))}
            >
              {t('shelfRemove')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
