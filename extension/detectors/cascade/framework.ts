import { parseIsbn } from '../../../shared/isbn';
import { cleanAuthors, clip, clipPublisher, clipTitle, normalizeDate, parsePages } from '../parse';
import type { PartialBook } from '../types';

const MAX_FLIGHT_CHARS = 3_000_000;
const MAX_SCRIPTS = 400;
const MAX_NODES = 20_000;
const MAX_DEPTH = 40;
const PUSH_RE = /self\.__next_f\.push\(\[\s*1\s*,\s*("(?:[^"\\]|\\.)*")\s*\]\)/g;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Concatenate every `self.__next_f.push([1,"…"])` string (Next.js App Router flight data). */
export function readFlightText(doc: Document): string {
  const scripts = doc.querySelectorAll('script:not([src])');
  let out = '';
  const count = Math.min(scripts.length, MAX_SCRIPTS);
  for (let i = 0; i < count && out.length < MAX_FLIGHT_CHARS; i += 1) {
    const text = scripts[i]?.textContent ?? '';
    if (!text.includes('__next_f')) continue;
    for (const match of text.matchAll(PUSH_RE)) {
      try {
        const chunk: unknown = JSON.parse(match[1] ?? '""');
        if (typeof chunk === 'string') out += chunk;
      } catch {
        // A broken chunk: skip it.
      }
    }
  }
  return out.slice(0, MAX_FLIGHT_CHARS);
}

/** The object whose `top.saleCmdtId` (or own `saleCmdtId` with a `cmdtCode`) is the page's S-id. */
function findProduct(root: unknown, productId: string): { top: Obj; summary?: Obj } | null {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_NODES) {
    const item = stack.pop();
    if (!item || item.depth > MAX_DEPTH) continue;
    visited += 1;
    const { value, depth } = item;
    if (Array.isArray(value)) {
      for (const child of value) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
      continue;
    }
    if (!isObj(value)) continue;
    const top = value.top;
    if (isObj(top) && top.saleCmdtId === productId) {
      return { top, summary: isObj(value.summary) ? value.summary : undefined };
    }
    if (value.saleCmdtId === productId && typeof value.cmdtCode === 'string') return { top: value };
    for (const child of Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}

function fromProduct({ top, summary }: { top: Obj; summary?: Obj }): PartialBook {
  const basic = summary && isObj(summary.basicInfo) ? summary.basicInfo : undefined;
  const parsed =
    parseIsbn(typeof top.cmdtCode === 'string' ? top.cmdtCode : '') ??
    parseIsbn(typeof basic?.isbn === 'string' ? basic.isbn : '');
  const names: unknown[] = [];
  if (Array.isArray(top.authors)) {
    for (const author of top.authors.slice(0, 20)) {
      if (isObj(author) && Array.isArray(author.info)) {
        for (const info of author.info.slice(0, 20)) if (isObj(info)) names.push(info.chrcName);
      }
    }
  }
  const publisher = isObj(top.publisher) ? top.publisher : undefined;
  const label = publisher && isObj(publisher.label) ? publisher.label.text : undefined;
  const book: PartialBook = {
    title: clipTitle(top.title),
    authors: cleanAuthors(names),
    publisher: clipPublisher(label),
    pubDate: normalizeDate(publisher?.pubDate),
    pages: parsePages(basic?.page),
  };
  const intro = summary && isObj(summary.intro) ? summary.intro : undefined;
  const path = Array.isArray(intro?.categoriList) ? intro.categoriList[0] : undefined;
  if (isObj(path) && Array.isArray(path.bookCategory)) {
    const labels = path.bookCategory.map((c) => (isObj(c) ? c.label : '')).filter((l) => typeof l === 'string' && l);
    book.categoryPath = clip(labels.join(' > '), 200) || undefined;
  }
  if (parsed) {
    book.isbn13 = parsed.isbn13;
    book.isbn10 = parsed.isbn10 ?? undefined;
    book.extractor = 'framework';
  }
  return book;
}

/**
 * Step 4: Kyobo-style flight data, anchored to the S-id in the URL: recommended products in the same
 * payload carry other ISBNs. Rows are `id:JSON` lines; when a row does not parse (split across chunks),
 * fall back to the `cmdtCode` that follows the page's own `saleCmdtId`.
 */
export function flightBook(flight: string, productId: string | null): PartialBook | null {
  if (!productId || !flight.includes(productId)) return null;
  for (const line of flight.split('\n')) {
    if (!line.includes(productId)) continue;
    const json = line.replace(/^[0-9a-z]+:/i, '');
    if (!json.startsWith('[') && !json.startsWith('{')) continue;
    try {
      const found = findProduct(JSON.parse(json), productId);
      if (found) return fromProduct(found);
    } catch {
      // Fall through to the anchored text search below.
    }
  }
  const safeId = productId.replace(/[^A-Za-z0-9_-]/g, '');
  const anchor = new RegExp(`"saleCmdtId"\\s*:\\s*"${safeId}"`, 'g');
  for (const match of flight.matchAll(anchor)) {
    const window = flight.slice(match.index, match.index + 4000);
    const next = window.slice(1).search(/"saleCmdtId"\s*:/);
    const own = next >= 0 ? window.slice(0, next + 1) : window;
    const code = /"cmdtCode"\s*:\s*"([^"]{10,40})"/.exec(own);
    const parsed = code?.[1] ? parseIsbn(code[1]) : null;
    if (parsed) {
      const title = /"title"\s*:\s*"((?:[^"\\]|\\.){1,600})"/.exec(own)?.[1];
      return { isbn13: parsed.isbn13, isbn10: parsed.isbn10 ?? undefined, extractor: 'framework', title: clipTitle(title) };
    }
  }
  return null;
}
