import { parseIsbn } from '../../../shared/isbn';
import { clipTitle, httpUrl, normalizeDate } from '../parse';
import type { MetaIndex, PartialBook } from '../types';

const MAX_META = 500;

/** Read every `<meta>` once: property, name and itemprop keys, lower-cased. */
export function readMeta(doc: Document): MetaIndex {
  const index = new Map<string, string[]>();
  const metas = doc.querySelectorAll('meta');
  const count = Math.min(metas.length, MAX_META);
  for (let i = 0; i < count; i += 1) {
    const meta = metas[i];
    if (!meta) continue;
    const content = meta.getAttribute('content');
    if (content === null) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = meta.getAttribute(attr)?.trim().toLowerCase();
      if (!key) continue;
      const list = index.get(key) ?? [];
      if (list.length < 10) list.push(content.slice(0, 4096));
      index.set(key, list);
    }
  }
  return index;
}

export function metaValue(meta: MetaIndex, key: string): string | undefined {
  return meta.get(key)?.find((value) => value.trim().length > 0);
}

/** True when the page's meta says it is about a book (og:type book / books.book, or a book ISBN tag). */
export function metaSaysBook(meta: MetaIndex): boolean {
  const type = metaValue(meta, 'og:type')?.trim().toLowerCase();
  return type === 'book' || type === 'books.book' || ['books:isbn', 'book:isbn'].some((key) => meta.has(key));
}

/** Step 3: `books:isbn` → `book:isbn` → `og:barcode`; plus cover and release date. Title is a fallback only. */
export function metaBook(meta: MetaIndex, base: string): PartialBook {
  const book: PartialBook = {};
  for (const key of ['books:isbn', 'book:isbn', 'og:barcode']) {
    const parsed = (meta.get(key) ?? []).map((value) => parseIsbn(value)).find((value) => value !== null);
    if (parsed) {
      book.isbn13 = parsed.isbn13;
      book.isbn10 = parsed.isbn10 ?? undefined;
      book.extractor = 'meta';
      break;
    }
  }
  book.coverUrl = httpUrl(metaValue(meta, 'og:image'), base);
  book.pubDate = normalizeDate(metaValue(meta, 'book:release_date') ?? metaValue(meta, 'books:release_date'));
  return book;
}

/** og:title, then twitter:title: the caller cleans site suffixes. */
export function metaTitle(meta: MetaIndex): string | undefined {
  return clipTitle(metaValue(meta, 'og:title') ?? metaValue(meta, 'twitter:title'));
}
