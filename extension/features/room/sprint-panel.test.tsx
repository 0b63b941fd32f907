// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ShelfEntry } from '../../../shared/schemas/shelf-entry';
import type { RoomSyncState } from './room-sync';

vi.mock('../../i18n', () => ({
  t: (key: string, subs?: string | string[]) => [key, ...(subs === undefined ? [] : [subs].flat())].join('|'),
  uiLocale: () => 'en',
}));
vi.mock('../../data/firebase-app', () => ({ firebase: () => ({ auth: { currentUser: null }, db: {} }) }));
vi.mock('./room-store', () => ({ roomsClientFor: () => null, roomUser: () => null, currentRoom: () => null }));
const book = (over: Partial<ShelfEntry> = {}): ShelfEntry =>
  ({
    isbn13: '9788936434120',
    title: '소년이 온다',
    authors: ['한강'],
    category: 'novel',
    status: 'reading',
    startedAt: new Date(),
    finishedAt: null,
    currentPage: 40,
    totalPages: 216,
    pagesBanked: 0,
    rating: null,
    notes: '',
    rereadCount: 0,
    addedAt: new Date(),
    updatedAt: new Date(),
    ...over,
  }) as ShelfEntry;
const shelfWrites: Array<{ page: number }> = [];
vi.mock('../../data/shelf-repository', () => ({
  shelfRepository: () => ({
    watch: (_uid: string, onChange: (e: ShelfEntry[]) => void) => {
      onChange([book(), book({ isbn13: '9788936433598', title: '채식주의자', currentPage: 0, status: 'want-to-read' })]);
      return () => {};
    },
  }),
  setCurrentPage: (_db: unknown, _uid: string, _entry: ShelfEntry, page: number) => {
    shelfWrites.push({ page });
    return { isbn13: _entry.isbn13, synced: Promise.resolve() };
  },
}));
const { SprintButton, SprintPanel, SprintResultsCards, sprintPageProblem } = await import('./sprint-panel');

afterEach(() => cleanup());

/** A stand-in for RoomSync: a fixed state, a clock, and spies for the actions. */
function fakeSync(state: Partial<RoomSyncState>, serverNow = 1_800_000_000_000) {
  const full: RoomSyncState = {
    info: null,
    isHost: false,
    seenRunning: new Set(),
    endedAt: new Map(),
    cancelled: null,
    reported: new Set(),
    results: new Map(),
    setupOpen: false,
    ...state,
  };
  return {
    clock: { now: () => serverNow },
    snapshot: full,
    subscribe: (l: (s: RoomSyncState) => void) => {
      l(full);
      return () => {};
    },
    startSprint: vi.fn(async () => full.info),
    cancelSprint: vi.fn(async () => full.info),
    report: vi.fn(),
    setSetupOpen: vi.fn(),
    dismissCancelled: vi.fn(),
  };
}
const T = 1_800_000_000_000;
const info = (sprint: { id: string; endsAt: number } | null) => ({
  code: 'K7P2QX',
  name: null,
  capacity: 6,
  memberCount: 2,
  hasPasscode: false,
  createdAt: 1,
  clubId: null,
  pinnedMarathonId: null,
  sprint: sprint ? { ...sprint, startedBy: 'h', startedAt: sprint.endsAt - 600_000, minutes: 10 } : null,
});

describe('SprintPanel', () => {
  it('idle, it takes no room: the host opens the set-up from the controls; a guest has no button', async () => {
    const idle = fakeSync({ info: info(null), isHost: true });
    expect(render(<SprintPanel sync={idle as never} uid="h" selfName="Host" />).container.textContent).toBe('');
    const button = render(<SprintButton sync={idle as never} />).getByTestId('sprint-open');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    await act(() => {
      fireEvent.click(button);
    });
    expect(idle.setSetupOpen).toHaveBeenCalledWith(true);
    cleanup();
    expect(render(<SprintButton sync={fakeSync({ info: info(null) }) as never} />).container.textContent).toBe('');
    const running = fakeSync({ info: info({ id: 's1', endsAt: T + 60_000 }), seenRunning: new Set(['s1']), isHost: true }, T);
    expect(render(<SprintButton sync={running as never} />).container.textContent).toBe('');
  });

  it('offers the host a length and Start once the set-up is open; shows a guest nothing while no sprint runs', async () => {
    const host = fakeSync({ info: info(null), isHost: true, setupOpen: true });
    const view = render(<SprintPanel sync={host as never} uid="h" selfName="Host" />);
    const select = view.container.querySelector('select[name="sprintMinutes"]') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['10', '15', '20', '25', '30', '45', '60']);
    await act(() => {
      fireEvent.change(select, { target: { value: '45' } });
    });
    await act(() => {
      fireEvent.click(view.getByTestId('sprint-start'));
    });
    expect(host.startSprint).toHaveBeenCalledWith(45);
    cleanup();
    const guest = render(<SprintPanel sync={fakeSync({ info: info(null) }) as never} uid="g" selfName="Guest" />);
    expect(guest.container.textContent).toBe('');
  });

  it('counts down to the server’s end instant (not this machine’s clock); Cancel only for the host', () => {
    const sync = fakeSync({ info: info({ id: 's1', endsAt: T + 95_000 }), seenRunning: new Set(['s1']) }, T);
    const view = render(<SprintPanel sync={sync as never} uid="g" selfName="Guest" />);
    expect(view.getByTestId('sprint-countdown').textContent).toBe('1:35');
    expect(view.getByTestId('sprint-countdown').getAttribute('role')).toBe('timer');
    expect(view.queryByTestId('sprint-cancel')).toBeNull();
  });

  it('at the end asks for the page reached in a book being read (most recent first) and reports the pages read', async () => {
    shelfWrites.length = 0;
    const sync = fakeSync({ info: info({ id: 's1', endsAt: T - 1 }), seenRunning: new Set(['s1']) }, T);
    const view = render(<SprintPanel sync={sync as never} uid="g" selfName="Guest" />);
    const options = [...(view.container.querySelector('select[name="sprintBook"]') as HTMLSelectElement).options];
    expect(options.map((o) => o.textContent)).toEqual(['sprintBookOption|소년이 온다|40']);
    const input = view.container.querySelector('input[name="sprintPage"]') as HTMLInputElement;
    await act(() => {
      fireEvent.input(input, { target: { value: '30' } });
    });
    await act(() => {
      fireEvent.submit(view.getByTestId('sprint-entry'));
    });
    expect(view.getByTestId('error').textContent).toBe('sprintPageBehind|40');
    expect(sync.report).not.toHaveBeenCalled();
    await act(() => {
      fireEvent.input(input, { target: { value: '63' } });
    });
    await act(() => {
      fireEvent.submit(view.getByTestId('sprint-entry'));
    });
    expect(shelfWrites).toEqual([{ page: 63 }]);
    expect(sync.report).toHaveBeenCalledWith('s1', 23, '소년이 온다', 'g', 'Guest');
  });

  it('a sprint that vanished before its end says the host cancelled it', () => {
    const view = render(<SprintPanel sync={fakeSync({ info: info(null), cancelled: 's1' }) as never} uid="g" selfName="G" />);
    expect(view.getByTestId('sprint-cancelled').textContent).toBe('sprintCancelleddismiss');
  });
});

describe('sprintPageProblem', () => {
  const b = { currentPage: 40, totalPages: 216 };
  it('takes a page at or after the current one and within the book', () => {
    expect(sprintPageProblem('40', b)).toBeNull();
    expect(sprintPageProblem(' 216 ', b)).toBeNull();
    expect(sprintPageProblem('5000', { currentPage: 0, totalPages: null })).toBe('sprintPageInvalid');
    expect(sprintPageProblem('1999', { currentPage: 0, totalPages: null })).toBeNull();
  });
  it('refuses junk, pages behind and pages past the end, each with its reason', () => {
    for (const junk of ['', 'abc', '-3', '4.5', '1e3', '9999999']) expect(sprintPageProblem(junk, b)).toBe('sprintPageInvalid');
    expect(sprintPageProblem('39', b)).toBe('sprintPageBehind|40');
    expect(sprintPageProblem('217', b)).toBe('sprintPagePastEnd|216');
  });
});

describe('SprintResultsCards', () => {
  it('lists who read how many pages, most first', () => {
    const results = new Map([
      [
        's1',
        [
          { peerId: 'a', name: 'Ana', pagesRead: 5, bookTitle: 'A', self: false },
          { peerId: 'me', name: 'Me', pagesRead: 23, bookTitle: 'B', self: true },
        ],
      ],
    ]);
    const view = render(
      <ol>
        <SprintResultsCards sync={fakeSync({ results }) as never} />
      </ol>,
    );
    expect(view.getAllByTestId('sprint-result-pages').map((e) => e.textContent)).toEqual([
      'sprintPagesRead|23',
      'sprintPagesRead|5',
    ]);
    expect(view.getAllByTestId('sprint-result-row')[0]?.textContent).toContain('roomYou|Me');
  });
});
