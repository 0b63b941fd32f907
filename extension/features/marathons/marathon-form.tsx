import { useEffect, useState } from 'preact/hooks';
import { MARATHON_LIMITS, type MarathonBook } from '../../../shared/schemas/marathon';
import type { ShelfEntry } from '../../../shared/schemas/shelf-entry';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { marathonsRepository, type Reader, validateMarathonInput } from '../../data/marathons-repository';
import { shelfRepository } from '../../data/shelf-repository';
import { t } from '../../i18n';
import { describeMarathonError } from './marathon-errors';

/** YYYY-MM-DD of a date in the reader's zone (for <input type="date">). */
function dayValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
/** The start (00:00) or the end (23:59:59.999) of a YYYY-MM-DD day in the reader's zone; null if not a date. */
function dayBoundary(value: string, end: boolean): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = end
    ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999)
    : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Create a marathon: personal (joined by others with its invite code) or, with `clubId`, for a club the
 * reader hosts. Dates are whole days in the reader's own time zone; the checks are the rules' (a typed
 * error per field).
 */
export function MarathonForm({
  reader,
  clubId = null,
  onCreated,
  onCancel,
}: {
  reader: Reader;
  clubId?: string | null;
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  const today = new Date();
  const [title, setTitle] = useState('');
  const [start, setStart] = useState(dayValue(today));
  const [end, setEnd] = useState(dayValue(new Date(today.getTime() + 29 * 86_400_000)));
  const [target, setTarget] = useState('1000');
  const [targetBooks, setTargetBooks] = useState('');
  const [bookIsbn, setBookIsbn] = useState('');
  const [shelf, setShelf] = useState<ShelfEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(
    () =>
      shelfRepository(firebase().db).watch(
        reader.uid,
        (entries) => setShelf(entries),
        () => setShelf([]),
      ),
    [reader.uid],
  );

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    const startAt = dayBoundary(start, false);
    const endAt = dayBoundary(end, true);
    const entry = shelf.find((e) => e.isbn13 === bookIsbn);
    const book: MarathonBook | null = entry
      ? { isbn13: entry.isbn13, title: entry.title, authors: entry.authors, coverUrl: entry.coverUrl ?? null }
      : null;
    const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
    try {
      const input = validateMarathonInput({
        title,
        clubId,
        startAt: startAt ?? new Date(Number.NaN),
        endAt: endAt ?? new Date(Number.NaN),
        targetPages: num(target),
        targetBooks: targetBooks.trim() === '' ? null : num(targetBooks),
        book,
      });
      setBusy(true);
      const created = await marathonsRepository(firebase().db).create(reader, input);
      created.synced.catch((err: unknown) => setError(describeMarathonError(err)));
      onCreated(created.id);
    } catch (err) {
      setError(describeMarathonError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="marathon-form card" onSubmit={submit} noValidate data-testid="marathon-form">
      <h3 class="marathon-subtitle">{clubId ? t('marathonNewFor') : t('marathonNew')}</h3>
      <label>
        {t('marathonFieldTitle')}
        <input
          name="title"
          value={title}
          maxLength={MARATHON_LIMITS.title}
          data-testid="marathon-title"
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <label>
          {t('marathonFieldStart')}
          <input
            type="date"
            name="start"
            value={start}
            data-testid="marathon-start"
            onInput={(e) => setStart(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('marathonFieldEnd')}
          <input type="date" name="end" value={end} data-testid="marathon-end" onInput={(e) => setEnd(e.currentTarget.value)} />
        </label>
      </div>
      <div class="row">
        <label>
          {t('marathonFieldTarget')}
          <input
            type="number"
            name="target"
            inputMode="numeric"
            min={MARATHON_LIMITS.targetPages.min}
            max={MARATHON_LIMITS.targetPages.max}
            value={target}
            data-testid="marathon-target"
            onInput={(e) => setTarget(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('marathonFieldBooks')}
          <input
            type="number"
            name="targetBooks"
            inputMode="numeric"
            min={MARATHON_LIMITS.targetBooks.min}
            max={MARATHON_LIMITS.targetBooks.max}
            value={targetBooks}
            data-testid="marathon-target-books"
            onInput={(e) => setTargetBooks(e.currentTarget.value)}
          />
        </label>
      </div>
      <label>
        {t('marathonFieldBook')}
        <select value={bookIsbn} data-testid="marathon-book" onChange={(e) => setBookIsbn(e.currentTarget.value)}>
          <option value="">{t('marathonAnyBook')}</option>
          {shelf.map((e) => (
            <option key={e.isbn13} value={e.isbn13}>
              {e.title}
            </option>
          ))}
        </select>
      </label>
      <ErrorNote message={error} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy} data-testid="marathon-create">
          {t('marathonCreate')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('marathonCancel')}
        </button>
      </div>
    </form>
  );
}
