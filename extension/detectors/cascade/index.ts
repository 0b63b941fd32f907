import { normalizeIsbn } from '../../../shared/isbn';
import type { DetectContext, PartialBook, SiteDetector } from '../types';
import { flightBook, readFlightText } from './framework';
import { jsonLdBook, readJsonLd } from './json-ld';
import { collectLabelPairs, labelBook } from './labels';
import { metaBook } from './meta';
import { coverIsbn, scanAreaIsbn } from './scan';

export { flightBook, readFlightText } from './framework';
export { findBookNodes, jsonLdBook, readJsonLd } from './json-ld';
export { collectLabelPairs, labelBook, labelKind } from './labels';
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
  const fromLabels = labelRoot ? labelBook(collectLabelPairs(labelRoot)) : null;
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
