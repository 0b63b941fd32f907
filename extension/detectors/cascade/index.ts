import { normalizeIsbn } from '../../../shared/isbn';
import type { DetectContext, PartialBook, SiteDetector } from '../types';
import { flightBook, readFlightText } from './framework';
import { jsonLdBook, readJsonLd } from './json-ld';
import { collectLabelPairs, labelBook, labelIsbns } from './labels';
import { metaBook } from './meta';
import { coverIsbn, scanAreaIsbn } from './scan';

export { flightBook, readFlightText } from './framework';
export { findBookNodes, jsonLdBook, readJsonLd } from './json-ld';
export { collectLabelPairs, labelBook, labelIsbns, labelKind } from './labels';
export { metaSaysBook, metaTitle, metaValue, readMeta } from './meta';
export { coverIsbn, scanAreaIsbn } from './scan';

const FIELDS = [
  'title',
  'authors',
  'publisher',
  'pubDate',
  'pages',
  'coverUrl',
  'price',
  'categoryPath',
  'kdc',
] as const satisfies readonly (keyof PartialBook)[];

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** Merge layers field by field: the first layer that has a field wins; the ISBN comes as one unit. */
export function mergeLayers(layers: readonly (PartialBook | null | undefined)[]): PartialBook {
  const out: PartialBook = {};
  for (const layer of layers) {
    if (!layer) continue;
    if (!out.isbn13 && layer.isbn13) {
      out.isbn13 = layer.isbn13;
      out.isbn10 = layer.isbn10;
      out.extractor = layer.extractor;
    }
    for (const key of FIELDS) {
      if (!isSet(out[key]) && isSet(layer[key])) Object.assign(out, { [key]: layer[key] });
    }
  }
  return out;
}

/** An ISBN carried by the URL, as a cascade layer. */
export function urlLayer(detector: SiteDetector, url: URL): PartialBook | null {
  const raw = detector.isbnFromUrl?.(url);
  const parsed = raw ? normalizeIsbn(raw.replace(/[\s-]/g, '')) : null;
  return parsed ? { isbn13: parsed.isbn13, isbn10: parsed.isbn10 ?? undefined, extractor: 'url' } : null;
}

export type CascadeOptions = {
  /** Generic pages: no label scan outside a product area, and only 13-digit ISBNs from cover names. */
  readonly strict?: boolean;
};

/**
 * The generic cascade, in book-sites.md order: URL → JSON-LD → meta → framework data → labels →
 * checksum scan of the product area → cover URL. Each step runs its `querySelectorAll` once.
 */
export function runCascade(ctx: DetectContext, detector: SiteDetector, options: CascadeOptions = {}): PartialBook {
  const href = ctx.url.href;
  const fromUrl = urlLayer(detector, ctx.url);
  const fromJsonLd = jsonLdBook(readJsonLd(ctx.doc), ctx.productId, href);
  const fromMeta = metaBook(ctx.meta, href);
  const fromFlight = ctx.productId ? flightBook(readFlightText(ctx.doc), ctx.productId) : null;
  const labelRoot = ctx.area ?? (options.strict ? null : ctx.doc.body);
  // Without a product area the labels are read over the whole page: only an unambiguous ISBN counts there.
  const wholePage = labelRoot !== null && labelRoot !== ctx.area;
  const fromLabels = labelRoot
    ? labelBook(collectLabelPairs(labelRoot, wholePage ? otherBooksTest() : undefined), { unique: wholePage })
    : null;
  const needScan = ![fromUrl, fromJsonLd, fromMeta, fromFlight, fromLabels].some((layer) => layer?.isbn13);
  const fromScan = needScan && detector.regexScan !== false ? scanAreaIsbn(ctx.area) : null;
  const merged = mergeLayers([fromUrl, fromJsonLd, fromFlight, fromLabels, fromMeta, fromScan]);
  // The ISBN order differs from the field order: meta ISBN tags outrank framework data and labels.
  const isbnLayer = [fromUrl, fromJsonLd, fromMeta, fromFlight, fromLabels, fromScan].find((layer) => layer?.isbn13);
  if (isbnLayer) {
    merged.isbn13 = isbnLayer.isbn13;
    merged.isbn10 = isbnLayer.isbn10;
    merged.extractor = isbnLayer.extractor;
  } else {
    const cover = coverIsbn(merged.coverUrl);
    if (cover && (!options.strict || cover.isbn10 === undefined || merged.coverUrl?.includes(cover.isbn13 ?? '-'))) {
      Object.assign(merged, { isbn13: cover.isbn13, isbn10: cover.isbn10, extractor: cover.extractor });
    }
  }
  return merged;
}

/** Class / id names of regions that list other books (carousels, "related", "bought together", lists). */
const OTHER_BOOKS_NAME = /related|together|recom|similar|also|carousel|slider|swiper|best|rank|rel_|\beditions\b/i;
/** Headings of such regions. */
const OTHER_BOOKS_HEADING = /함께|관련|추천|비슷한|같은|다른|베스트|related|also|similar|recommend|more|customers/i;

/** Whether `node` itself is a region that lists other books (by its name or its own heading). */
function listsOtherBooks(node: Element): boolean {
  if (OTHER_BOOKS_NAME.test(`${node.getAttribute('class') ?? ''} ${node.id ?? ''}`)) return true;
  const heading = node.querySelector(':scope > :is(h2, h3, h4, h5)');
  return heading !== null && OTHER_BOOKS_HEADING.test((heading.textContent ?? '').slice(0, 120));
}

/** A skip test for `collectLabelPairs`: in a region that lists other books (up to eight ancestors), memoised. */
export function otherBooksTest(): (el: Element) => boolean {
  const memo = new Map<Element, boolean>();
  return (el) => {
    let node: Element | null = el;
    for (let depth = 0; node && depth < 8; depth += 1, node = node.parentElement) {
      if (node.tagName === 'BODY' || node.tagName === 'HTML') return false;
      let hit = memo.get(node);
      if (hit === undefined) {
        hit = listsOtherBooks(node);
        memo.set(node, hit);
      }
      if (hit) return true;
    }
    return false;
  };
}

/** Kinds that show the product area holds the record's own information rows. */
const RECORD_KINDS = new Set(['publisher', 'imprint', 'date', 'pages', 'form', 'issn', 'kdc']);

/**
 * The cascade's page-wide pass, for a site detector whose product area held no ISBN: label rows (a
 * table, a list, an "ISBN 978…" line) anywhere on the page outside regions listing other books,
 * accepted only when they all name one book. Not when the product area already shows the record's own rows without an
 * ISBN (a record that has none, or a periodical): then another ISBN on the page is another book's.
 */
export function wholePageLayer(doc: Document, area: Element | null): PartialBook | null {
  const body = doc.body;
  if (!body) return null;
  if (area && collectLabelPairs(area).some((p) => RECORD_KINDS.has(p.kind))) return null;
  const pairs = collectLabelPairs(body, otherBooksTest());
  if (labelIsbns(pairs).length > 1) return null;
  return labelBook(pairs, { unique: true });
}
