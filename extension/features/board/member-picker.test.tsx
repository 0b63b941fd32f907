// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../i18n', () => ({ t: (key: string) => key, uiLocale: () => 'en' }));
const { MemberPicker } = await import('./member-picker');
type LoadMembers = import('./member-picker').LoadMembers;

afterEach(cleanup);

const clubs = [
  { id: 'c1', name: '수요 모임', hostUid: 'uHana', coHostUids: [] },
  { id: 'c2', name: '주말 모임', hostUid: 'uOscar', coHostUids: [] },
];
const cursorAfterMinu = { id: 'minu-doc' } as unknown as Parameters<LoadMembers>[1];

describe('recommendation recipient picker (members of my clubs)', () => {
  it('lists the chosen club’s members without the reader, picks one, and clears back to no one', async () => {
    const load = vi.fn<LoadMembers>(async (clubId) =>
      clubId === 'c1'
        ? {
            members: [
              { uid: 'uHana', name: 'Hana' },
              { uid: 'uMe', name: 'Me' },
              { uid: 'uMinu', name: 'Minu' },
            ],
            cursor: null,
            hasMore: false,
          }
        : { members: [{ uid: 'uOscar', name: 'Oscar' }], cursor: null, hasMore: false },
    );
    const onPick = vi.fn();
    const view = render(<MemberPicker clubs={clubs} selfUid="uMe" toUid="" load={load} onPick={onPick} />);
    const member = view.getByTestId('member-picker-member') as HTMLSelectElement;
    await waitFor(() => expect(member.options.length).toBe(3));
    expect([...member.options].map((o) => o.textContent)).toEqual(['boardPickMemberNone', 'Hana', 'Minu']);
    fireEvent.change(member, { target: { value: 'uMinu' } });
    expect(onPick).toHaveBeenLastCalledWith({ uid: 'uMinu', name: 'Minu' });
    fireEvent.change(member, { target: { value: '' } });
    expect(onPick).toHaveBeenLastCalledWith(null);

    fireEvent.change(view.getByTestId('member-picker-club'), { target: { value: 'c2' } });
    await waitFor(() => expect([...member.options].map((o) => o.textContent)).toEqual(['boardPickMemberNone', 'Oscar']));
    expect(load).toHaveBeenLastCalledWith('c2', null);
  });

  it('pages by cursor ("More members"), and a refused read says so without breaking the form', async () => {
    const load = vi.fn<LoadMembers>(async (_clubId, cursor) =>
      cursor
        ? { members: [{ uid: 'uJi', name: 'Ji' }], cursor: null, hasMore: false }
        : { members: [{ uid: 'uMinu', name: 'Minu' }], cursor: cursorAfterMinu, hasMore: true },
    );
    const view = render(<MemberPicker clubs={clubs} selfUid="uMe" toUid="uMinu" load={load} onPick={() => {}} />);
    fireEvent.click(await view.findByTestId('member-picker-more'));
    const member = view.getByTestId('member-picker-member') as HTMLSelectElement;
    await waitFor(() => expect([...member.options].map((o) => o.value)).toEqual(['', 'uMinu', 'uJi']));
    expect(load).toHaveBeenLastCalledWith('c1', cursorAfterMinu);
    expect(member.value).toBe('uMinu');
    cleanup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const failed = render(
      <MemberPicker clubs={clubs} selfUid="uMe" toUid="" load={() => Promise.reject(new Error('denied'))} onPick={() => {}} />,
    );
    expect((await failed.findByRole('alert')).textContent).toBe('boardPickMemberFailed');
    warn.mockRestore();
  });
});
