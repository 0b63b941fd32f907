// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BookCard } from '../../../shared/schemas/peer-messages';
import type { PostWithId } from '../../../shared/schemas/post';
import type { Page } from '../../data/posts-repository';
import type { Progress } from '../board/spoiler';

vi.mock('../../i18n', () => ({
  t: (key: string, sub?: string | string[]) => (sub ? `${key}:${[sub].flat().join(',')}` : key),
  uiLocale: () => 'en',
}));

// The card's data layer, loaded on demand by the rating badge and the reviews (Firestore is not in unit tests;
// the queries themselves are covered by posts-indexes.test.ts and the board's emulator tests).
const data = vi.hoisted(() => ({
  shelf: null as null | ((entries: { isbn13: string; currentPage: number; status: string; rereadCount: number }[]) => void),
  page: null as null | Page<unknown>,
  loads: [] as string[],
}));
vi.mock('../../data/firebase-app', () => ({
  firebase: () => ({ db: {}, auth: { currentUser: { uid: 'uidBob' } } }),
}));
vi.mock('../../data/posts-repository', () => ({
  postsRepository: () => ({
    watchRatings: (isbn13: string, onChange: (r: unknown) => void) => {
      onChange({ isbn13, halfStars: 9, reviewCount: 1, lastPostId: 'p1', updatedAt: new Date() });
      return () => {};
    },
    bookReviews: async (isbn13: string) => {
      data.loads.push(isbn13);
      return data.page;
    },
  }),
}));
vi.mock('../../data/shelf-repository', () => ({
  shelfRepository: () => ({
    watch: (_uid: string, onChange: NonNullable<typeof data.shelf>) => {
      data.shelf = onChange;
      return () => {
        data.shelf = null;
      };
    },
  }),
}));

const { BookCardView } = await import('./book-card-view');
const { BookReviewsList } = await import('../board/book-reviews');

afterEach(cleanup);

const card: BookCard = {
  isbn13: '9791171711673',
  title: '필사 노트',
  authors: ['유선경'],
  coverUrl: 'https://image.yes24.com/goods/125557465/XL',
  url: 'https://www.yes24.com/product/goods/125557465',
  sharedBy: 'uidAlice123',
  sharedAt: 1_764_000_000_000,
};

describe('BookCardView', () => {
  it('loads a cover from a known book-image host', () => {
    const { container } = render(<BookCardView card={card} sharerName="Alice" />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://image.yes24.com/goods/125557465/XL');
  });

  it('never loads a cover from any other host, even if a card got past the schema (the placeholder shows)', () => {
    const { container } = render(
      <BookCardView card={{ ...card, coverUrl: 'https://tracker.example/pixel.gif?viewer=1' }} sharerName="Alice" />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.book-cover.placeholder')?.textContent).toBe('필');
  });

  it('links over https (a plain-http store link is upgraded; library http links stay)', () => {
    const upgraded = render(<BookCardView card={{ ...card, url: 'http://www.yes24.com/product/goods/1' }} sharerName="A" />);
    expect(upgraded.container.querySelector('a')?.getAttribute('href')).toBe('https://www.yes24.com/product/goods/1');
    cleanup();
    const library = render(
      <BookCardView card={{ ...card, url: 'http://lib.sdm.or.kr/sdmlib/searchResultDetail.do?bookKey=1' }} sharerName="A" />,
    );
    expect(library.container.querySelector('a')?.getAttribute('href')).toBe(
      'http://lib.sdm.or.kr/sdmlib/searchResultDetail.do?bookKey=1',
    );
  });
});

function review(over: Partial<PostWithId> = {}): PostWithId {
  const at = new Date('2026-11-01T10:00:00Z');
  return {
    id: 'p1',
    kind: 'review',
    isbn13: card.isbn13,
    bookTitle: card.title,
    bookAuthors: card.authors,
    bookCoverUrl: null,
    category: 'poetry-essay',
    authorUid: 'uidAlice123',
    authorName: 'Alice',
    authorLevel: 3,
    title: '',
    body: 'The ending on p. 200 changes everything.',
    rating: 4.5,
    quotePage: null,
    audience: null,
    toUid: null,
    toName: null,
    spoilerPage: 200,
    clubId: null,
    status: 'visible',
    likeCount: 0,
    commentCount: 0,
    lastCommentId: null,
    week: 2944,
    createdAt: at,
    editedAt: null,
    ...over,
  };
}
const at = (currentPage: number): Progress => ({ currentPage, status: 'reading', rereadCount: 0 });
const onePage = (items: PostWithId[]): Page<PostWithId> => ({ items, cursor: null, hasMore: false });

describe("the room card's reviews list (spoilers by the viewing reader's own progress)", () => {
  it('collapses a review for a reader below its page, and shows the text to a reader past it', async () => {
    const load = async () => onePage([review()]);
    const below = render(<BookReviewsList isbn13={card.isbn13} load={load} progress={at(50)} viewerUid="uidBob" />);
    await below.findByTestId('room-review');
    expect(below.getByTestId('spoiler').textContent).toContain('boardSpoilerCollapsed:200');
    expect(below.queryByTestId('room-review-text')).toBeNull();
    // Logging past the page opens it in place (the progress prop is live).
    below.rerender(<BookReviewsList isbn13={card.isbn13} load={load} progress={at(210)} viewerUid="uidBob" />);
    expect(below.getByTestId('room-review-text').textContent).toBe('The ending on p. 200 changes everything.');
    expect(below.queryByTestId('spoiler')).toBeNull();
    cleanup();
    const past = render(<BookReviewsList isbn13={card.isbn13} load={load} progress={at(210)} viewerUid="uidBob" />);
    expect((await past.findByTestId('room-review-text')).textContent).toContain('changes everything');
    cleanup();
    const none = render(<BookReviewsList isbn13={card.isbn13} load={load} progress={null} viewerUid="uidBob" />);
    await none.findByTestId('spoiler');
    fireEvent.click(none.getByTestId('spoiler-show'));
    expect(none.getByTestId('room-review-text')).toBeTruthy();
  });

  it('pages by cursor: "More reviews" asks for the page after the last one and appends it', async () => {
    const cursors: unknown[] = [];
    const first = { id: 'last-doc' } as unknown as Page<PostWithId>['cursor'];
    const load = async (cursor: Page<PostWithId>['cursor']) => {
      cursors.push(cursor);
      return cursor
        ? onePage([review({ id: 'p3', spoilerPage: null, body: 'older' })])
        : {
            items: [review({ id: 'p1', spoilerPage: null }), review({ id: 'p2', spoilerPage: null })],
            cursor: first,
            hasMore: true,
          };
    };
    const view = render(<BookReviewsList isbn13={card.isbn13} load={load} progress={null} viewerUid="uidBob" />);
    fireEvent.click(await view.findByTestId('room-reviews-more'));
    await waitFor(() => expect(view.getAllByTestId('room-review')).toHaveLength(3));
    expect(cursors).toEqual([null, first]);
    expect(view.queryByTestId('room-reviews-more')).toBeNull();
  });

  it('no reviews, or a failed load, says so instead of an empty box; markup in a review stays text', async () => {
    const empty = render(<BookReviewsList isbn13={card.isbn13} load={async () => onePage([])} progress={null} viewerUid="u" />);
    expect((await empty.findByTestId('room-reviews-empty')).textContent).toBe('boardNoReviews');
    cleanup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const failed = render(
      <BookReviewsList isbn13={card.isbn13} load={() => Promise.reject(new Error('offline'))} progress={null} viewerUid="u" />,
    );
    expect((await failed.findByRole('alert')).textContent).toContain('roomReviewsUnavailable');
    warn.mockRestore();
    cleanup();
    const hostile = render(
      <BookReviewsList
        isbn13={card.isbn13}
        load={async () => onePage([review({ spoilerPage: null, body: '<img src=x onerror="window.pwned=1">' })])}
        progress={null}
        viewerUid="u"
      />,
    );
    await hostile.findByTestId('room-review-text');
    expect(hostile.container.querySelector('.room-reviews-list img')).toBeNull();
  });

  it('the card\'s rating opens the reviews in place, driven by the reader\'s shelf live, and "Back to the book" returns focus', async () => {
    data.page = onePage([review()]);
    data.loads = [];
    const view = render(<BookCardView card={card} sharerName="Alice" />);
    const rating = await view.findByTestId('book-rating');
    expect(rating.tagName).toBe('BUTTON');
    expect(rating.getAttribute('aria-label')).toBe('roomReviewsOpenOne:4.5,1');
    fireEvent.click(rating);
    const section = await view.findByTestId('room-book-reviews');
    expect(section.querySelector('h3')?.textContent).toBe(`roomReviewsTitle:${card.title}`);
    await view.findByTestId('room-review');
    expect(data.loads).toEqual([card.isbn13]);
    // Bob is at p. 50: collapsed. He logs p. 210 on his shelf: it opens without a reload.
    data.shelf?.([{ isbn13: card.isbn13, currentPage: 50, status: 'reading', rereadCount: 0 }]);
    await view.findByTestId('spoiler');
    data.shelf?.([{ isbn13: card.isbn13, currentPage: 210, status: 'reading', rereadCount: 0 }]);
    await view.findByTestId('room-review-text');
    // axe on the open reviews (happy-dom: structure, names and labels; colours are checked by the e2e axe runs).
    const axe = (await import('axe-core')).default;
    const result = await axe.run(view.getByTestId('room-book-reviews'), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    fireEvent.click(view.getByTestId('room-reviews-back'));
    await waitFor(() => expect(view.queryByTestId('room-book-reviews')).toBeNull());
    expect(document.activeElement).toBe(view.getByTestId('book-rating'));
    expect(data.shelf).toBeNull();
  });
});
