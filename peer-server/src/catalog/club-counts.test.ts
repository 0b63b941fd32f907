import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import type { CatalogBook } from '../../../shared/schemas/catalog';
import { ManualClock } from './clock';
import { ClubCounts, InterestTally, shelfEvents } from './club-counts';
import { catalogBookFromRecord } from './local-index';
import { bookFromDoc, verifiedFields } from './own-data';

const DAY = 24 * 3600 * 1000;
const page = { page: 1, pageSize: 20 };
const book = (isbn13: string, title: string, category: CatalogBook['category'] = 'novel') =>
  catalogBookFromRecord({ isbn13, title, authors: ['한강'], category }) as CatalogBook;
const A = book('9788936434267', '아몬드');
const B = book('9791197221989', '코스모스', 'science');

describe('shelfEvents', () => {
  it('an add counts on its day; a finish only with status read; a rating on the day it was last written', () => {
    expect(shelfEvents({ addedAt: 1, status: 'want-to-read' })).toEqual([{ kind: 'shelf-add', at: 1 }]);
    expect(shelfEvents({ addedAt: 1, status: 'reading', finishedAt: 5 })).toEqual([{ kind: 'shelf-add', at: 1 }]);
    expect(shelfEvents({ addedAt: 1, status: 'read', finishedAt: 5, rating: 4, updatedAt: 9 })).toEqual([
      { kind: 'shelf-add', at: 1 },
      { kind: 'finish', at: 5 },
      { kind: 'rating', at: 9 },
    ]);
    expect(shelfEvents({ addedAt: null, rating: 'five' as unknown, status: 'read' })).toEqual([]);
  });
});

describe('ClubCounts', () => {
  it('sums weights per book over the window, replaces an entry on change, subtracts it on removal', async () => {
    const clock = new ManualClock();
    const club = new ClubCounts(clock);
    const now = clock.now();
    club.set('users/u1/shelf/a', A, shelfEvents({ addedAt: now, status: 'read', finishedAt: now, rating: 5, updatedAt: now }));
    club.set('users/u2/shelf/a', A, shelfEvents({ addedAt: now - 10 * DAY }));
    club.set('users/u2/shelf/b', B, shelfEvents({ addedAt: now }));
    expect(await club.top(null, '7d', page)).toEqual([
      { book: A, clubScore: 6 },
      { book: B, clubScore: 1 },
    ]);
    expect((await club.top(null, '30d', page))[0]).toEqual({ book: A, clubScore: 7 });
    expect(await club.top('science', '7d', page)).toEqual([{ book: B, clubScore: 1 }]);
    // u1 takes the rating back and un-finishes: only the add is left.
    club.set('users/u1/shelf/a', A, shelfEvents({ addedAt: now, status: 'reading' }));
    expect((await club.top('novel', '30d', page))[0]?.clubScore).toBe(2);
    club.remove('users/u1/shelf/a');
    club.remove('users/u2/shelf/a');
    expect(await club.top('novel', '30d', page)).toEqual([]);
    expect(club.books).toBe(1);
  });

  it('events age out of the window as days pass', async () => {
    const clock = new ManualClock();
    const club = new ClubCounts(clock);
    club.set('p', A, shelfEvents({ addedAt: clock.now() }));
    clock.advance(7 * DAY);
    expect(await club.top(null, '7d', page)).toEqual([]);
    expect(await club.top(null, '30d', page)).toHaveLength(1);
  });

  it('lists the current record of a book (a verified title wins over the shelf snapshot)', async () => {
    const verified = { ...A, title: '아몬드 (검증)' };
    const club = new ClubCounts(new ManualClock(), (isbn) => (isbn === A.isbn13 ? verified : null));
    club.set('p', A, shelfEvents({ addedAt: Date.UTC(2026, 10, 30) }));
    expect((await club.top(null, '7d', page))[0]?.book.title).toBe('아몬드 (검증)');
  });

  it('with minReaders, a book one reader shelved is not listed (it would point at them)', async () => {
    const clock = new ManualClock();
    const club = new ClubCounts(clock, () => null, 2);
    club.set('u1', A, shelfEvents({ addedAt: clock.now() }));
    expect(await club.top(null, '7d', page)).toEqual([]);
    club.set('u2', A, shelfEvents({ addedAt: clock.now() }));
    expect(await club.top(null, '7d', page)).toHaveLength(1);
  });

  it('keeps no document path or uid in what it holds', () => {
    const club = new ClubCounts(new ManualClock());
    club.set('users/secret-uid-123/shelf/9788936434267', A, shelfEvents({ addedAt: Date.UTC(2026, 10, 30) }));
    const held = JSON.stringify([...(club as unknown as { byEntry: Map<string, unknown> }).byEntry.entries()]);
    expect(held).not.toContain('secret-uid-123');
  });
});

describe('InterestTally', () => {
  it('counts the categories readers chose, most chosen first; ignores unknown ids; forgets a reader who clears theirs', () => {
    const tally = new InterestTally();
    tally.set('users/a/profile/details', ['novel', 'science', 'astrology']);
    tally.set('users/b/profile/details', ['science']);
    tally.set('users/c/profile/details', 'novel');
    expect(tally.chosen()).toEqual(['science', 'novel']);
    tally.set('users/a/profile/details', []);
    expect(tally.chosen()).toEqual(['science']);
    tally.remove('users/b/profile/details');
    expect(tally.chosen()).toEqual([]);
  });
});

describe('books/ documents', () => {
  it('a verified record names its source; a provisional one is our own data', () => {
    const doc = { isbn13: A.isbn13, title: '아몬드', authors: ['손원평'], category: 'novel' };
    expect(bookFromDoc(doc)?.source.provider).toBe('chaekbang');
    expect(bookFromDoc({ ...doc, source: 'nl-seoji', verifiedAt: Timestamp.now() })?.source.provider).toBe('nl-seoji');
    // A marker without its timestamp, or an unknown source, is not trusted.
    expect(bookFromDoc({ ...doc, source: 'nl-seoji' })?.source.provider).toBe('chaekbang');
    expect(bookFromDoc({ ...doc, source: 'evil', verifiedAt: Timestamp.now() })?.source.provider).toBe('chaekbang');
    expect(bookFromDoc({ title: 'no isbn' })).toBeNull();
  });

  it('verified fields: only what the source knows, in the record shape the rules and schema accept', () => {
    const fields = verifiedFields({
      ...A,
      publisher: null,
      pages: 264,
      category: 'other',
      source: { provider: 'yes24', attribution: 'x' },
    });
    expect(fields).toEqual({ title: A.title, authors: A.authors, source: 'yes24', pages: 264 });
  });
});
