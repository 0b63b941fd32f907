import { createHmac, randomBytes } from 'node:crypto';
import type { InterestId } from '../../../shared/catalog-categories';
import { INTEREST_IDS } from '../../../shared/categories';
import type { CatalogBook } from '../../../shared/schemas/catalog';
import type { Clock } from './clock';
import { CLUB_EVENT_WEIGHTS, type ClubEventKind } from './local-index';
import type { PageParams } from './providers/types';

/**
 * "Popular in our clubs", kept from readers' shelf entries and rebuilt from them on every start (so nothing
 * needs persisting). Privacy: the only thing that leaves this class is a number per book; which entry
 * contributed what is held only to subtract it again when the entry changes or is removed, under an opaque
 * key (an HMAC of the document path with a per-process random secret), never with a uid, and never logged.
 * A book needs contributions from at least `minReaders` different entries before it is listed, so one
 * reader's shelf can never be read back from the list.
 */
const DAY_MS = 24 * 3600 * 1000;
const KST_MS = 9 * 3600 * 1000;

export type ClubEvent = { kind: ClubEventKind; at: number };
type Contribution = { isbn13: string; book: CatalogBook; days: [number, number][] };

/** What one shelf entry contributes: added (1), finished (3), rated (2), each on the day it happened. */
export function shelfEvents(entry: {
  addedAt?: number | null;
  finishedAt?: number | null;
  status?: unknown;
  rating?: unknown;
  updatedAt?: number | null;
}): ClubEvent[] {
  const events: ClubEvent[] = [];
  if (typeof entry.addedAt === 'number') events.push({ kind: 'shelf-add', at: entry.addedAt });
  if (entry.status === 'read' && typeof entry.finishedAt === 'number') events.push({ kind: 'finish', at: entry.finishedAt });
  if (typeof entry.rating === 'number' && entry.rating > 0) {
    const at = entry.updatedAt ?? entry.addedAt;
    if (typeof at === 'number') events.push({ kind: 'rating', at });
  }
  return events;
}

export class ClubCounts {
  private readonly secret = randomBytes(32);
  private readonly byEntry = new Map<string, Contribution>();
  /** isbn13 → day → weighted count, and how many entries contribute. */
  private readonly totals = new Map<string, { book: CatalogBook; days: Map<number, number>; entries: number }>();

  constructor(
    private readonly clock: Clock,
    /** A book's current record (verified title and cover win over the shelf snapshot). */
    private readonly bookOf: (isbn13: string) => CatalogBook | null = () => null,
    private readonly minReaders = 1,
  ) {}

  private keyOf(path: string): string {
    return createHmac('sha256', this.secret).update(path).digest('base64url');
  }

  private day(at: number): number {
    return Math.floor((at + KST_MS) / DAY_MS);
  }

  /** Set what the entry at `path` contributes (replaces what it contributed before). */
  set(path: string, book: CatalogBook, events: readonly ClubEvent[]): void {
    this.remove(path);
    if (events.length === 0) return;
    const days = new Map<number, number>();
    for (const e of events) days.set(this.day(e.at), (days.get(this.day(e.at)) ?? 0) + CLUB_EVENT_WEIGHTS[e.kind]);
    const contribution: Contribution = { isbn13: book.isbn13, book, days: [...days.entries()] };
    this.byEntry.set(this.keyOf(path), contribution);
    const total = this.totals.get(book.isbn13) ?? { book, days: new Map<number, number>(), entries: 0 };
    total.entries += 1;
    for (const [d, n] of contribution.days) total.days.set(d, (total.days.get(d) ?? 0) + n);
    this.totals.set(book.isbn13, total);
  }

  remove(path: string): void {
    const key = this.keyOf(path);
    const old = this.byEntry.get(key);
    if (!old) return;
    this.byEntry.delete(key);
    const total = this.totals.get(old.isbn13);
    if (!total) return;
    total.entries -= 1;
    for (const [d, n] of old.days) {
      const left = (total.days.get(d) ?? 0) - n;
      if (left > 0) total.days.set(d, left);
      else total.days.delete(d);
    }
    if (total.entries <= 0) this.totals.delete(old.isbn13);
  }

  /** Books by score over the last 7 or 30 days (today included), optionally in one category. */
  top = async (
    category: InterestId | null,
    window: '7d' | '30d',
    page: PageParams,
  ): Promise<{ book: CatalogBook; clubScore: number }[]> => {
    const today = this.day(this.clock.now());
    const from = today - (window === '7d' ? 7 : 30) + 1;
    const scored: { book: CatalogBook; clubScore: number }[] = [];
    for (const [isbn13, total] of this.totals) {
      if (total.entries < this.minReaders) continue;
      const book = this.bookOf(isbn13) ?? total.book;
      if (category && book.category !== category) continue;
      let score = 0;
      for (const [d, n] of total.days) if (d >= from && d <= today) score += n;
      if (score > 0) scored.push({ book, clubScore: score });
    }
    scored.sort((a, b) => b.clubScore - a.clubScore || a.book.title.localeCompare(b.book.title));
    return scored.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
  };

  get books(): number {
    return this.totals.size;
  }
}

/** Interest categories readers chose, counted (never kept per reader beyond an opaque key to update). */
export class InterestTally {
  private readonly secret = randomBytes(32);
  private readonly byReader = new Map<string, InterestId[]>();

  set(path: string, interests: unknown): void {
    const key = createHmac('sha256', this.secret).update(path).digest('base64url');
    const valid = Array.isArray(interests)
      ? [...new Set(interests.filter((i): i is InterestId => (INTEREST_IDS as readonly unknown[]).includes(i)))]
      : [];
    if (valid.length === 0) this.byReader.delete(key);
    else this.byReader.set(key, valid);
  }

  remove(path: string): void {
    this.set(path, []);
  }

  /** The categories at least one reader chose, most chosen first. */
  chosen(): InterestId[] {
    const counts = new Map<InterestId, number>();
    for (const list of this.byReader.values()) for (const id of list) counts.set(id, (counts.get(id) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  }
}
