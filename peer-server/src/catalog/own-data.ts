import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { FieldValue, getFirestore, type Timestamp } from 'firebase-admin/firestore';
import type { InterestId } from '../../../shared/catalog-categories';
import { attributionFor, type CatalogBook, CatalogProviderIdSchema } from '../../../shared/schemas/catalog';
import type { Logger } from '../logger';
import { inBackground } from './background';
import type { Catalog } from './catalog';
import { type ClubCounts, type InterestTally, shelfEvents } from './club-counts';
import { catalogBookFromRecord, type LocalBookIndex } from './local-index';

/** Who the server writes verified records as (`createdBy` of a record the server created; never a uid). */
export const CATALOG_WRITER = 'chaekbang-catalog';

const millis = (v: unknown): number | null =>
  v && typeof (v as Timestamp).toMillis === 'function' ? (v as Timestamp).toMillis() : null;

/** A `books/{isbn13}` document → the CatalogBook search shows: a verified record names its source. */
export function bookFromDoc(data: Record<string, unknown>): CatalogBook | null {
  if (typeof data.isbn13 !== 'string' || typeof data.title !== 'string' || !Array.isArray(data.authors)) return null;
  const book = catalogBookFromRecord(data as Parameters<typeof catalogBookFromRecord>[0]);
  if (!book) return null;
  const source = CatalogProviderIdSchema.safeParse(data.source);
  return source.success && millis(data.verifiedAt) !== null ? { ...book, source: attributionFor(source.data, null) } : book;
}

/** The fields a verified record sets (only what the source knows; the rest stays as readers wrote it). */
export function verifiedFields(book: CatalogBook): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    title: book.title,
    authors: book.authors.slice(0, 12),
    source: book.source.provider,
  };
  if (book.publisher) fields.publisher = book.publisher;
  if (book.coverUrl) fields.coverUrl = book.coverUrl;
  if (book.pages) fields.pages = book.pages;
  if (book.pubDate) fields.pubDate = book.pubDate;
  if (book.category !== 'other') fields.category = book.category;
  return fields;
}

/** How long one verification lookup may take before the queue moves on (the sources' own timeouts are far shorter). */
export const VERIFY_LOOKUP_MAX_MS = 5_000;
class VerificationStalled extends Error {
  constructor() {
    super(`no answer within ${VERIFY_LOOKUP_MAX_MS} ms`);
  }
}

export type OwnDataOptions = {
  projectId: string;
  books: LocalBookIndex;
  club: ClubCounts;
  interests: InterestTally;
  logger: Logger;
  /**
   * Verify reader-written records through the catalog's ISBN sources (bounded; off when no source is on).
   * `retryIncompleteMs`: when a lookup was incomplete (a source skipped, over its rate or failing) and found
   * nothing, the ISBN is asked again after this long, up to 3 times (default 10 minutes).
   */
  verify?: {
    catalog: Pick<Catalog, 'lookupIsbn'>;
    perHour: number;
    queueMax: number;
    retryAfterMs: number;
    retryIncompleteMs?: number;
  } | null;
};

/**
 * Our own data from Firestore (firebase-admin, so rules do not apply; the server reads only what it
 * aggregates): `books/` into the search index, every shelf entry (collection group) into club counts,
 * profile details' interests into the warming list. Each listener's first snapshot rebuilds the state,
 * so a restart needs nothing persisted. Returns `ready` (every first snapshot in) and `close`.
 */
export function startOwnData(options: OwnDataOptions) {
  const { books, club, interests, logger } = options;
  const app = initializeApp({ projectId: options.projectId }, `chaekbang-catalog-${randomUUID()}`);
  const db = getFirestore(app);
  const unsubscribes: (() => void)[] = [];
  const firsts: Promise<void>[] = [];
  let closed = false;

  const listen = (name: string, query: FirebaseFirestore.Query, onChange: (change: FirebaseFirestore.DocumentChange) => void) => {
    let resolve: () => void = () => {};
    firsts.push(new Promise<void>((r) => (resolve = r)));
    unsubscribes.push(
      query.onSnapshot(
        (snap) => {
          for (const change of snap.docChanges()) {
            try {
              onChange(change);
            } catch (error) {
              logger.warn('own data: a document could not be read', { feed: name, error: (error as Error).message });
            }
          }
          resolve();
        },
        (error) => {
          logger.warn('own data listener stopped', { feed: name, error: error.message });
          resolve();
        },
      ),
    );
  };

  // Verification queue: one lookup at a time, spaced to `perHour`, bounded, each ISBN tried at most once
  // per `retryAfterMs`.
  const queue: string[] = [];
  const tried = new Map<string, number>();
  const stalls = new Map<string, number>();
  /** ISBNs asked again because their last lookup was incomplete: how many times so far. */
  const incomplete = new Map<string, number>();
  const later = new Set<ReturnType<typeof setTimeout>>();
  let working = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pump = () => {
    const verify = options.verify;
    if (!verify || working || closed || queue.length === 0) return;
    const isbn13 = queue.shift() as string;
    working = true;
    void (async () => {
      try {
        // Bounded: a lookup that never settles must not hold the queue (it did, in 1 run in 4 of catalog.emu's
        // stage: the source was called, and no answer, timeout or failure ever came back). Tried again, 3 times.
        let stalled: ReturnType<typeof setTimeout> | undefined;
        const { book, complete } = await Promise.race([
          // The server's own work: it leaves the sources' reserve to readers (background.ts).
          inBackground(() => verify.catalog.lookupIsbn(isbn13)),
          new Promise<never>((_, reject) => {
            stalled = setTimeout(() => reject(new VerificationStalled()), VERIFY_LOOKUP_MAX_MS);
          }),
        ]).finally(() => clearTimeout(stalled));
        if (book && book.source.provider !== 'chaekbang' && book.isbn13 === isbn13 && !closed) {
          const ref = db.collection('books').doc(isbn13);
          await db.runTransaction(async (tx) => {
            const snap = await tx.get(ref);
            if (!snap.exists || millis(snap.get('verifiedAt')) !== null) return;
            tx.set(ref, { ...verifiedFields(book), verifiedAt: FieldValue.serverTimestamp() }, { merge: true });
          });
          logger.info('book record verified', { isbn13, source: book.source.provider });
        } else if (!closed && !complete && (incomplete.get(isbn13) ?? 0) < 3) {
          // A source was skipped (busy with readers, over its rate) or failing: "not found" means nothing yet.
          incomplete.set(isbn13, (incomplete.get(isbn13) ?? 0) + 1);
          logger.info('book record not verified yet: a source did not answer; asking again later', { isbn13 });
          const t = setTimeout(
            () => {
              later.delete(t);
              if (closed || queue.includes(isbn13)) return;
              queue.push(isbn13);
              pump();
            },
            verify.retryIncompleteMs ?? 10 * 60_000,
          );
          t.unref?.();
          later.add(t);
        } else if (!closed) {
          // No outside source gave the book (none knows it; or none answered, 4 times): the record stays provisional.
          logger.info('book record not verified: no source record', { isbn13 });
        }
      } catch (error) {
        logger.warn('book verification failed', { isbn13, error: (error as Error).message });
        if (error instanceof VerificationStalled && (stalls.get(isbn13) ?? 0) < 3) {
          stalls.set(isbn13, (stalls.get(isbn13) ?? 0) + 1);
          queue.push(isbn13);
        }
      } finally {
        working = false;
        if (!closed) timer = setTimeout(pump, Math.ceil(3_600_000 / verify.perHour));
        timer?.unref?.();
      }
    })();
  };
  const enqueue = (isbn13: string) => {
    const verify = options.verify;
    if (!verify) return;
    const last = tried.get(isbn13);
    if (last !== undefined && Date.now() - last < verify.retryAfterMs) return;
    if (queue.length >= verify.queueMax || queue.includes(isbn13)) return;
    tried.set(isbn13, Date.now());
    if (tried.size > 100_000) tried.delete(tried.keys().next().value as string);
    queue.push(isbn13);
    pump();
  };

  listen('books', db.collection('books'), (change) => {
    const isbn13 = change.doc.id;
    if (change.type === 'removed') return books.remove(isbn13);
    const data = change.doc.data();
    const book = bookFromDoc(data);
    if (book) books.put(book);
    if (millis(data.verifiedAt) === null) enqueue(isbn13);
  });
  listen('shelf', db.collectionGroup('shelf'), (change) => {
    const path = change.doc.ref.path;
    if (change.type === 'removed') return club.remove(path);
    const data = change.doc.data();
    const book = books.get(change.doc.id) ?? bookFromDoc({ ...data, isbn13: change.doc.id });
    if (!book) return club.remove(path);
    club.set(
      path,
      book,
      shelfEvents({
        addedAt: millis(data.addedAt),
        finishedAt: millis(data.finishedAt),
        status: data.status,
        rating: data.rating,
        updatedAt: millis(data.updatedAt),
      }),
    );
  });
  listen('interests', db.collectionGroup('profile'), (change) => {
    if (change.doc.id !== 'details') return;
    const path = change.doc.ref.path;
    if (change.type === 'removed') interests.remove(path);
    else interests.set(path, change.doc.get('interests'));
  });

  const ready = Promise.all(firsts).then(() => undefined);
  return {
    ready,
    chosenInterests: async (): Promise<readonly InterestId[]> => {
      await ready;
      return interests.chosen();
    },
    /** Verification lookups waiting (tests). */
    pending: () => queue.length + (working ? 1 : 0),
    /** Where one ISBN stands (tests' diagnostics): the title the books feed indexed, when it was tried, queued. */
    inspect: (isbn13: string) => ({
      indexedTitle: books.get(isbn13)?.title ?? null,
      triedAt: tried.get(isbn13) ?? null,
      queued: queue.includes(isbn13),
    }),
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const t of later) clearTimeout(t);
      for (const u of unsubscribes) u();
      await deleteApp(app).catch(() => {});
    },
  };
}

export type OwnData = ReturnType<typeof startOwnData>;
