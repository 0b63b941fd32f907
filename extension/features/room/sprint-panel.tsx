import { useEffect, useMemo, useState } from 'preact/hooks';
import { SPRINT_RESULT_MAX_PAGES } from '../../../shared/schemas/peer-messages';
import { SPRINT_LIMITS, type Sprint } from '../../../shared/schemas/rooms-api';
import type { ShelfEntry } from '../../../shared/schemas/shelf-entry';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { setCurrentPage, shelfRepository } from '../../data/shelf-repository';
import { t } from '../../i18n';
import { roomErrorText } from './room-errors';
import type { RoomSync, RoomSyncState, SprintResultRow } from './room-sync';
import { useRoomSync } from './room-sync';
import { formatCountdown, remainingMs } from './server-clock';

/** The lengths the host can pick (minutes). */
export const SPRINT_CHOICES = [10, 15, 20, 25, 30, 45, 60] as const;

/** Re-render every `ms` while `on`. */
function useTick(on: boolean, ms = 250) {
  const [, setN] = useState(0);
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setN((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [on, ms]);
}

/** The reader's books in progress, most recent first (the shelf's own order). */
function useReadingBooks(uid: string): ShelfEntry[] | null {
  const [books, setBooks] = useState<ShelfEntry[] | null>(null);
  useEffect(
    () =>
      shelfRepository(firebase().db).watch(
        uid,
        (entries) => setBooks(entries.filter((e) => e.status === 'reading')),
        () => setBooks([]),
      ),
    [uid],
  );
  return books;
}

type Phase = 'idle' | 'setup' | 'running' | 'ask' | 'cancelled';

/**
 * What the sprint area shows. Idle it takes no room at all (the host opens the set-up from the call's
 * controls, so a call's layout is the same with or without sprints); after reporting, the results card in the
 * chat says the rest.
 */
function phaseOf(state: RoomSyncState, sprint: Sprint | null, serverNow: number): Phase {
  if (sprint && state.seenRunning.has(sprint.id)) {
    const ended = state.endedAt.has(sprint.id) || serverNow >= sprint.endsAt;
    if (!ended) return 'running';
    if (!state.reported.has(sprint.id)) return 'ask';
  }
  if (state.isHost && state.setupOpen) return 'setup';
  if (state.cancelled) return 'cancelled';
  return 'idle';
}

/** In the call's controls, for the host: opens (or closes) the sprint set-up. Hidden while a sprint is on. */
export function SprintButton({ sync }: { sync: RoomSync | null }) {
  const state = useRoomSync(sync);
  if (!sync || !state?.isHost) return null;
  const sprint = state.info?.sprint ?? null;
  const phase = phaseOf(state, sprint, sync.clock.now());
  if (phase === 'running' || phase === 'ask') return null;
  return (
    <button
      type="button"
      data-testid="sprint-open"
      aria-expanded={state.setupOpen}
      aria-controls="sprint-panel"
      onClick={() => sync.setSetupOpen(!state.setupOpen)}
    >
      {t('sprintOpen')}
    </button>
  );
}

/**
 * The reading sprint in the room: the host picks a length and starts it; every panel counts down to the
 * server's end instant on its estimate of the server's clock; at zero each reader enters the page reached in
 * one of the books they are reading (it goes on the shelf, and from there into their marathons) and the
 * results card appears in the chat.
 */
export function SprintPanel({ sync, uid, selfName }: { sync: RoomSync | null; uid: string; selfName: string }) {
  const state = useRoomSync(sync);
  const sprint = state?.info?.sprint ?? null;
  const serverNow = sync?.clock.now() ?? 0;
  const phase = state ? phaseOf(state, sprint, serverNow) : 'idle';
  useTick(phase === 'running');
  const [minutes, setMinutes] = useState<number>(SPRINT_LIMITS.defaultMinutes);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!sync || !state || phase === 'idle') return null;
  const endedAt = sprint ? state.endedAt.get(sprint.id) : undefined;

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(roomErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      id="sprint-panel"
      class="sprint"
      aria-labelledby="sprint-title"
      data-testid="sprint"
      data-phase={phase}
      data-sprint={sprint?.id ?? ''}
      data-ended-at={endedAt === undefined ? undefined : String(endedAt)}
    >
      <h2 id="sprint-title" class="sprint-title">
        {t('sprintTitle')}
      </h2>
      {phase === 'running' && sprint && (
        <div class="sprint-running">
          <p class="sprint-countdown" role="timer" aria-live="off" data-testid="sprint-countdown">
            {formatCountdown(remainingMs(sprint.endsAt, serverNow))}
          </p>
          <p class="muted small">{t('sprintRunningHint', String(sprint.minutes))}</p>
          {state.isHost && (
            <button type="button" data-testid="sprint-cancel" disabled={busy} onClick={() => act(() => sync.cancelSprint())}>
              {t('sprintCancel')}
            </button>
          )}
        </div>
      )}
      {phase === 'ask' && sprint && (
        <SprintEntry uid={uid} onDone={(pagesRead, bookTitle) => sync.report(sprint.id, pagesRead, bookTitle, uid, selfName)} />
      )}
      {phase === 'cancelled' && (
        <p class="muted small row" role="status" data-testid="sprint-cancelled">
          {t('sprintCancelled')}
          <button type="button" class="link" onClick={() => sync.dismissCancelled()}>
            {t('dismiss')}
          </button>
        </p>
      )}
      {phase === 'setup' && (
        <div class="sprint-start row">
          <label>
            {t('sprintLength')}
            <select name="sprintMinutes" value={String(minutes)} onChange={(e) => setMinutes(Number(e.currentTarget.value))}>
              {SPRINT_CHOICES.map((m) => (
                <option key={m} value={String(m)}>
                  {t('sprintMinutes', String(m))}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="primary"
            data-testid="sprint-start"
            disabled={busy}
            onClick={() => act(() => sync.startSprint(minutes))}
          >
            {t('sprintStart')}
          </button>
          <button type="button" class="link" onClick={() => sync.setSetupOpen(false)}>
            {t('sprintClose')}
          </button>
        </div>
      )}
      <ErrorNote message={error} />
    </section>
  );
}

/** Why a page entered for the sprint cannot be taken, or null. */
export function sprintPageProblem(raw: string, book: Pick<ShelfEntry, 'currentPage' | 'totalPages'>): string | null {
  const text = raw.trim();
  if (!/^\d{1,6}$/.test(text)) return t('sprintPageInvalid');
  const page = Number(text);
  if (page < book.currentPage) return t('sprintPageBehind', String(book.currentPage));
  if (book.totalPages !== null && page > book.totalPages) return t('sprintPagePastEnd', String(book.totalPages));
  if (page - book.currentPage > SPRINT_RESULT_MAX_PAGES) return t('sprintPageInvalid');
  return null;
}

function SprintEntry({ uid, onDone }: { uid: string; onDone(pagesRead: number, bookTitle: string | null): void }) {
  const books = useReadingBooks(uid);
  const [isbn, setIsbn] = useState<string | null>(null);
  const [page, setPage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const book = useMemo(() => books?.find((b) => b.isbn13 === isbn) ?? books?.[0] ?? null, [books, isbn]);

  const submit = (e: Event) => {
    e.preventDefault();
    if (!book) return;
    const problem = sprintPageProblem(page, book);
    if (problem) {
      setError(problem);
      return;
    }
    const reached = Number(page.trim());
    try {
      // Queued offline like every shelf change; E's hook counts it toward the reader's running marathons.
      const write = setCurrentPage(firebase().db, uid, book, reached);
      write.synced.catch(() => {});
    } catch {
      setError(t('sprintPageInvalid'));
      return;
    }
    onDone(reached - book.currentPage, book.title);
  };

  return (
    <form class="sprint-entry" data-testid="sprint-entry" onSubmit={submit} noValidate>
      <p class="sprint-ask">{t('sprintEndedAsk')}</p>
      {books === null && <p class="muted small">{t('loading')}</p>}
      {books?.length === 0 && <p class="muted small">{t('sprintNoBook')}</p>}
      {book && books && (
        <>
          <label>
            {t('sprintBook')}
            <select name="sprintBook" value={book.isbn13} onChange={(e) => setIsbn(e.currentTarget.value)}>
              {books.map((b) => (
                <option key={b.isbn13} value={b.isbn13}>
                  {t('sprintBookOption', [b.title, String(b.currentPage)])}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('sprintPageReached')}
            <input
              name="sprintPage"
              type="number"
              inputMode="numeric"
              min={book.currentPage}
              {...(book.totalPages === null ? {} : { max: book.totalPages })}
              value={page}
              aria-invalid={error !== null}
              onInput={(e) => {
                setPage(e.currentTarget.value);
                setError(null);
              }}
            />
          </label>
          <ErrorNote message={error} />
        </>
      )}
      <div class="row">
        {book && (
          <button type="submit" class="primary" data-testid="sprint-save">
            {t('sprintSave')}
          </button>
        )}
        <button type="button" data-testid="sprint-skip" onClick={() => onDone(0, null)}>
          {t('sprintSkip')}
        </button>
      </div>
    </form>
  );
}

/** The results cards, for the chat: who read how many pages in each sprint, most first. */
export function SprintResultsCards({ sync }: { sync: RoomSync | null }) {
  const state = useRoomSync(sync);
  if (!state || state.results.size === 0) return null;
  return (
    <>
      {[...state.results].map(([sprintId, rows]) => (
        <li key={sprintId} class="sprint-results" data-testid="sprint-results" data-sprint={sprintId}>
          <p class="sprint-results-title">{t('sprintResultsTitle')}</p>
          <ol>
            {[...rows]
              .sort((a, b) => b.pagesRead - a.pagesRead)
              .map((row: SprintResultRow) => (
                <li key={row.peerId} data-testid="sprint-result-row" data-peer={row.peerId}>
                  <span class="chat-from">{row.self ? t('roomYou', row.name) : row.name}</span>{' '}
                  <span data-testid="sprint-result-pages">{t('sprintPagesRead', String(row.pagesRead))}</span>
                  {row.bookTitle && <span class="muted small"> · {row.bookTitle}</span>}
                </li>
              ))}
          </ol>
        </li>
      ))}
    </>
  );
}
