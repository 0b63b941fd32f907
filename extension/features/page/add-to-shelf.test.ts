import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parsePeerMessage } from '../../../shared/schemas/peer-messages';
import { detectBook } from '../../detectors/index';
import { closeWindows, haveSharedPages, parseHtml, readPage, sharedPagesDir } from '../../detectors/test-support';

// The module's production wiring (build-time config, Firebase) is replaced; the shelf write is captured
// (the emulator tests cover the write itself), and normaliseBook, which decides the entry's fields, is real.
vi.mock('../../data/config', () => ({ config: {} }));
vi.mock('../../data/firebase-app', () => ({ firebase: () => ({ db: {} }) }));
vi.mock('../../data/books-repository', async (original) => ({
  ...(await original<object>()),
  booksRepository: () => ({ get: async () => null }),
}));
const written: unknown[] = [];
vi.mock('../../data/shelf-repository', async (original) => ({
  ...(await original<object>()),
  addToShelf: async (_db: unknown, _uid: string, input: { isbn13: string }) => {
    written.push(input);
    return { isbn13: input.isbn13, synced: Promise.resolve(), created: true };
  },
}));

const { addBookToShelf, shelfInputFrom, withRecord } = await import('./add-to-shelf');
const { normaliseBook } = await import('../../data/shelf-repository');
const { bookCardFrom } = await import('./book-card');

const YES24 = path.join(sharedPagesDir, 'yes24/leechis7-2026-detail-goods-125557465.excerpt.html');
const URL_OF_PAGE = 'https://www.yes24.com/product/goods/125557465';

afterAll(closeWindows);

describe.skipIf(!haveSharedPages())('adding from a room card (saved YES24 page)', () => {
  it('gives the same shelf entry fields as adding from the chip (pages, category, date, cover)', async () => {
    const detected = detectBook(parseHtml(readPage(YES24), URL_OF_PAGE), URL_OF_PAGE);
    expect(detected).not.toBeNull();
    if (!detected) return;
    written.length = 0;
    await addBookToShelf('uidBob', detected);
    // The card crosses the data channel as JSON and is parsed by the receiver like any peer message.
    const card = bookCardFrom(detected, 'uidAlice123');
    expect(card).not.toBeNull();
    const received = parsePeerMessage(JSON.stringify({ type: 'book-card', card }));
    expect(received.ok).toBe(true);
    if (!received.ok || received.message.type !== 'book-card') return;
    await addBookToShelf('uidCarol', received.message.card);
    expect(written).toHaveLength(2);
    const [fromChip, fromCard] = written.map((input) => normaliseBook(input as never));
    expect(fromCard).toEqual(fromChip);
    expect(fromCard?.pages).toBe(372);
    expect(fromCard?.category).toBe('humanities');
    expect(fromCard?.pubDate).toBe('2024-03-28');
  });
});

describe('a card from an older panel (no pages or category)', () => {
  const bare = {
    isbn13: '9791171711673',
    title: '하루 한 장 나의 어휘력을 위한 필사 노트',
    authors: ['유선경'],
    url: 'https://www.yes24.com/product/goods/125557465',
    sharedBy: 'uidAlice123',
    sharedAt: 1_764_000_000_000,
  };
  const record = {
    isbn13: '9791171711673',
    title: '하루 한 장 나의 어휘력을 위한 필사 노트',
    authors: ['유선경'],
    publisher: '위즈덤하우스',
    coverUrl: 'https://image.yes24.com/goods/125557465/XL',
    pages: 372,
    pubDate: '2024-03-28',
    category: 'humanities',
    createdBy: 'uidBob',
    createdAt: new Date(0),
  } as const;

  it('fills pages, date and category from the shared books record, never overriding what the card has', () => {
    const filled = normaliseBook(withRecord(shelfInputFrom(bare), record as never));
    expect(filled).toMatchObject({ pages: 372, pubDate: '2024-03-28', category: 'humanities', publisher: '위즈덤하우스' });
    const own = withRecord(shelfInputFrom({ ...bare, pages: 400, categoryPath: '국내도서 > 소설' }), record as never);
    expect(own.pages).toBe(400);
    expect(own.category).toBeUndefined();
    expect(withRecord(shelfInputFrom(bare), null)).toEqual(shelfInputFrom(bare));
  });
});
