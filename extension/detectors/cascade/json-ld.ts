import { parseIsbn } from '../../../shared/isbn';
import {
  cleanAuthors,
  clip,
  clipPublisher,
  clipTitle,
  httpUrl,
  normalizeDate,
  parsePages,
  parsePrice,
  splitAuthors,
} from '../parse';
import type { PartialBook } from '../types';

/** Bounds for hostile pages. */
const MAX_SCRIPTS = 30;
const MAX_SCRIPT_CHARS = 5_000_000;
const MAX_DEPTH = 12;
const MAX_NODES = 5_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function hasType(node: JsonObject, type: string): boolean {
  return asArray(node['@type']).some(
    (t) => typeof t === 'string' && (t === type || t.endsWith(`/${type}`) || t.endsWith(`:${type}`)),
  );
}

/** All `Book` nodes, outermost first (a Book's own workExample books are read through it, not listed). */
export function findBookNodes(roots: readonly Json[]): JsonObject[] {
  const books: JsonObject[] = [];
  const stack: { value: Json; depth: number }[] = roots.map((value) => ({ value, depth: 0 })).reverse();
  let visited = 0;
  while (stack.length > 0 && visited < MAX_NODES) {
    const item = stack.pop();
    if (!item || item.depth > MAX_DEPTH) continue;
    visited += 1;
    const { value, depth } = item;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) {
        const child = value[i];
        if (child !== undefined && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
      }
      continue;
    }
    if (!isObject(value)) continue;
    if (hasType(value, 'Book')) {
      books.push(value);
      continue;
    }
    const keys = Object.keys(value).slice(0, 200).reverse();
    for (const key of keys) {
      const child = value[key];
      if (child !== undefined && child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return books;
}

/** Parse every `application/ld+json` script; malformed ones are skipped silently. */
export function readJsonLd(doc: Document): Json[] {
  const roots: Json[] = [];
  const scripts = doc.querySelectorAll('script[type="application/ld+json" i]');
  const count = Math.min(scripts.length, MAX_SCRIPTS);
  for (let i = 0; i < count; i += 1) {
    const text = scripts[i]?.textContent ?? '';
    if (text.length === 0 || text.length > MAX_SCRIPT_CHARS) continue;
    try {
      roots.push(JSON.parse(text) as Json);
    } catch {
      // Malformed JSON-LD is common (trailing commas, raw newlines): ignore it.
    }
  }
  return roots;
}

function str(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isObject(value)) return str(value.name ?? value['@value'] ?? value.url);
  if (Array.isArray(value)) return str(value[0]);
  return undefined;
}

function isbnOf(node: JsonObject): ReturnType<typeof parseIsbn> {
  for (const value of asArray(node.isbn)) {
    const parsed = typeof value === 'string' || typeof value === 'number' ? parseIsbn(String(value)) : null;
    if (parsed) return parsed;
  }
  return null;
}

function authorsOf(node: JsonObject): string[] {
  const names: string[] = [];
  for (const author of asArray(node.author ?? node.creator).slice(0, 30)) {
    const name = str(author);
    // Kyobo 2024: one Person "히가시노 게이고 지음 | 최고은 번역".
    if (name) names.push(...(name.includes('|') ? splitAuthors(name) : [name]));
  }
  return cleanAuthors(names);
}

function priceOf(node: JsonObject, examples: JsonObject[]): number | undefined {
  for (const offer of asArray(node.offers)) {
    if (isObject(offer)) {
      const price = parsePrice(str(offer.price ?? offer.Price ?? offer.lowPrice));
      if (price !== undefined) return price;
    }
  }
  for (const example of examples) {
    const action = asArray(example.potentialAction).find(isObject);
    const offer = action ? asArray(action.expectsAcceptanceOf).find(isObject) : undefined;
    const price = offer ? parsePrice(str(offer.Price ?? offer.price)) : undefined;
    if (price !== undefined) return price;
  }
  return undefined;
}

function nodeMatches(node: JsonObject, productId: string | null, pageUrl: string): boolean {
  const ids = [node.url, node['@id'], node.sku, node.productID].map((v) => (typeof v === 'string' ? v : ''));
  if (productId && ids.some((id) => id.includes(productId))) return true;
  return ids.some((id) => id.length > 0 && id.replace(/\/+$/, '').toLowerCase() === pageUrl.replace(/\/+$/, '').toLowerCase());
}

/** Step 2: schema.org Book (walks @graph and type arrays; reads workExample[].isbn). */
export function jsonLdBook(roots: readonly Json[], productId: string | null, pageUrl: string): PartialBook | null {
  const books = findBookNodes(roots);
  if (books.length === 0) return null;
  // Anchor to the page's own product when several books are described (carousels, series).
  const node = books.find((b) => nodeMatches(b, productId, pageUrl)) ?? books[0];
  if (!node) return null;
  const examples = asArray(node.workExample).filter(isObject).slice(0, 20);
  const parsed = isbnOf(node) ?? examples.map(isbnOf).find((value) => value !== null) ?? null;
  const image = asArray(node.image)[0];
  const book: PartialBook = {
    title: clipTitle(str(node.name) ?? str(node.headline)),
    authors: authorsOf(node),
    publisher: clipPublisher(str(node.publisher)),
    pubDate: normalizeDate(str(node.datePublished) ?? examples.map((e) => str(e.datePublished)).find(Boolean)),
    pages: parsePages(node.numberOfPages ?? examples.map((e) => e.numberOfPages).find((v) => v !== undefined)),
    coverUrl: httpUrl(isObject(image) ? str(image.url ?? image.contentUrl) : str(image), pageUrl),
    price: priceOf(node, examples),
  };
  const genre = asArray(node.genre).filter((g): g is string => typeof g === 'string');
  if (genre.length > 1) book.categoryPath = clip(genre.join(' > '), 200) || undefined;
  if (parsed) {
    book.isbn13 = parsed.isbn13;
    book.isbn10 = parsed.isbn10 ?? undefined;
    book.extractor = 'json-ld';
  }
  return book;
}
