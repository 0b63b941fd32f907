import { CATEGORIES, categoryFromStorePath } from '../../../shared/categories';
import { safeBookLink } from '../../../shared/cover-hosts';
import { type CatalogBook, STORES, type StoreId, storeLinksFor } from '../../../shared/schemas/catalog';
import type { DetectedBook } from '../../../shared/schemas/detected-book';

/** Store pages for a book: the links the source gave, completed with each store's search by ISBN. */
export function storeLinksOf(book: Pick<CatalogBook, 'isbn13' | 'storeLinks'>): { store: StoreId; url: string }[] {
  const byIsbn = storeLinksFor(book.isbn13);
  return STORES.flatMap((store) => {
    const url = safeBookLink(book.storeLinks[store]) ?? byIsbn[store];
    return url ? [{ store, url }] : [];
  });
}

/** The year of a publication date ("2026-11-10" → "2026"), or null. */
export function yearOf(pubDate: string | null): string | null {
  return pubDate ? pubDate.slice(0, 4) : null;
}

/** The source's page for this very record (not just its home page), when it gave one. */
function recordPage(book: CatalogBook): string | null {
  const link = safeBookLink(book.source.url ?? null);
  return link && new URL(link).pathname.length > 1 ? link : null;
}

/**
 * A catalog result as the book the rest of the panel already knows how to share and shelve (the same
 * path as a book detected on a page): the room card links to the source's page for the record (else its
 * store page, or YES24's search by ISBN), and our category travels as a store path when there is no KDC.
 */
export function detectedFromCatalog(book: CatalogBook): DetectedBook {
  const url = recordPage(book) ?? storeLinksOf(book)[0]?.url ?? storeLinksFor(book.isbn13).yes24 ?? 'https://www.yes24.com/';
  const label = CATEGORIES.find((c) => c.id === book.category)?.ko;
  const categoryPath =
    !book.kdc && book.category !== 'other' && label && categoryFromStorePath(label) === book.category ? label : undefined;
  return {
    isbn13: book.isbn13,
    ...(book.isbn10 ? { isbn10: book.isbn10 } : {}),
    title: book.title,
    authors: book.authors,
    ...(book.publisher ? { publisher: book.publisher } : {}),
    ...(book.pubDate ? { pubDate: book.pubDate } : {}),
    ...(book.pages ? { pages: book.pages } : {}),
    ...(book.coverUrl ? { coverUrl: book.coverUrl } : {}),
    ...(book.priceKrw !== null ? { price: book.priceKrw } : {}),
    ...(categoryPath ? { categoryPath } : {}),
    ...(book.kdc ? { kdc: book.kdc } : {}),
    url,
    site: 'catalog',
    extractor: 'site',
  };
}
