import { useEffect, useMemo, useState } from 'preact/hooks';
import { CATEGORIES, type CategoryId, categoryLabel } from '../../../shared/categories';
import { SHELF_STATUSES, type ShelfStatus } from '../../../shared/reading';
import type { ShelfEntry } from '../../../shared/schemas/shelf-entry';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { shelfRepository } from '../../data/shelf-repository';
import { t, uiLocale } from '../../i18n';
import { AddBookForm } from './add-book-form';
import { STATUS_LABELS } from './labels';
import { describeShelfError } from './shelf-errors';
import { ShelfItem } from './shelf-item';
import { useSlowPending } from './slow-pending';
import './shelf.css';

/** The reader's shelf: add by ISBN, filter by status and category, most recent activity first. */
export function ShelfView({ user }: { user: { uid: string } }) {
  const { db } = firebase();
  const [entries, setEntries] = useState<ShelfEntry[] | null>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<ShelfStatus | 'all'>('all');
  const [category, setCategory] = useState<CategoryId | 'all'>('all');
  const locale = uiLocale();
  const slow = useSlowPending(pending);

  useEffect(
    () =>
      shelfRepository(db).watch(
        user.uid,
        (list, unsynced) => {
          setEntries(list);
          setPending(unsynced);
        },
        (err) => setError(describeShelfError(err)),
      ),
    [db, user.uid],
  );

  const shown = useMemo(
    () =>
      (entries ?? []).filter((e) => (status === 'all' || e.status === status) && (category === 'all' || e.category === category)),
    [entries, status, category],
  );
  const usedCategories = useMemo(() => new Set((entries ?? []).map((e) => e.category)), [entries]);

  return (
    <section class="card shelf" data-testid="shelf">
      <h2>{t('shelfTitle')}</h2>
      <AddBookForm db={db} uid={user.uid} entries={entries ?? []} />
      <ErrorNote message={error} />
      {entries === null && <p class="muted">{t('loading')}</p>}
      {entries !== null && entries.length === 0 && (
        <p class="muted shelf-empty" data-testid="shelf-empty">
          {t('shelfEmpty')}
        </p>
      )}
      {entries !== null && entries.length > 0 && (
        <>
          <div class="shelf-filters">
            <label>
              {t('shelfFilterStatus')}
              <select
                value={status}
                data-testid="shelf-filter-status"
                onChange={(e) => setStatus(e.currentTarget.value as ShelfStatus | 'all')}
              >
                <option value="all">{t('shelfFilterAll')}</option>
                {SHELF_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(STATUS_LABELS[s])}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('shelfFilterCategory')}
              <select
                value={category}
                data-testid="shelf-filter-category"
                onChange={(e) => setCategory(e.currentTarget.value as CategoryId | 'all')}
              >
                <option value="all">{t('shelfFilterAll')}</option>
                {CATEGORIES.filter((c) => usedCategories.has(c.id)).map((c) => (
                  <option key={c.id} value={c.id}>
                    {categoryLabel(c.id, locale)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {shown.length === 0 ? (
            <p class="muted" data-testid="shelf-empty-filtered">
              {t('shelfEmptyFiltered')}
            </p>
          ) : (
            <ul class="shelf-list">
              {shown.map((entry) => (
                <ShelfItem
                  key={entry.isbn13}
                  db={db}
                  uid={user.uid}
                  entry={entry}
                  unsynced={pending.has(entry.isbn13)}
                  pending={slow.has(entry.isbn13)}
                  onError={(err) => setError(describeShelfError(err))}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
