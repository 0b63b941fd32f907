/**
 * Book detection core: pure and synchronous (no network, no `browser`, no top-level side effects).
 * The content script calls `matchSite(location.href)` to decide whether to run, `detectBook(document,
 * location.href)` to read the book, and `productSignature(...)` to notice single-page navigations.
 */
import { checkDetectedBook } from '../../shared/book-fields';
import type { DetectedBook } from '../../shared/schemas/detected-book';
import {
  collectLabelPairs,
  labelBook,
  mergeLayers,
  metaSaysBook,
  metaTitle,
  readMeta,
  runCascade,
  scanAreaIsbn,
  urlLayer,
  wholePageLayer,
} from './cascade';
import { clipTitle, elementText, httpUrl } from './parse';
import { GENERIC_DETECTOR, SITE_DETECTORS } from './registry';
import type { DetectContext, PartialBook, SiteDetector, SiteMatch } from './types';

export { DETECTORS, GENERIC_DETECTOR, SITE_DETECTORS } from './registry';
export type { DetectContext, PartialBook, SiteDetector, SiteMatch } from './types';

function parseUrl(url: string): URL | null {
  if (typeof url !== 'string' || url.length > 8192) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
  } catch {
    return null;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Whether `detector` takes `url` as a detail page (URL patterns, minus exclusions on raw and decoded URL). */
export function isDetailUrl(detector: SiteDetector, url: string): boolean {
  if (!detector.urlPatterns.some((re) => re.test(url))) return false;
  const decoded = safeDecode(url);
  return !(detector.excludePatterns ?? []).some((re) => re.test(url) || re.test(decoded));
}

/** Whether the site owns `url` (detail or not). Owned URLs never fall through to the generic detector. */
export function claimsUrl(detector: SiteDetector, url: string): boolean {
  return detector.sitePatterns.some((re) => re.test(url)) || detector.urlPatterns.some((re) => re.test(url));
}

/**
 * The site detectors that may claim `url`, in registry order: those whose id's first word starts a label of its
 * host name, and those for any host whose URL hints it has. Only their patterns are compiled and tested (a
 * regular expression's first use costs 20-400 µs: the first `detectBook` on a page pays for every one it touches).
 */
export function siteCandidates(url: URL): SiteDetector[] {
  const labels = url.hostname.split('.');
  const lower = url.href.toLowerCase();
  return SITE_DETECTORS.filter((d) =>
    d.urlHints ? d.urlHints.some((h) => lower.includes(h)) : labels.some((l) => l.startsWith(d.id.split('-')[0] ?? '')),
  );
}

/**
 * Which site detector claims a URL and whether it is a single-book detail page. Null when no site
 * claims it (the generic detector may still find schema.org Book data on the page).
 */
export function matchSite(url: string): SiteMatch | null {
  const parsed = parseUrl(url);
  if (!parsed) return null;
  const href = parsed.href;
  const sites = siteCandidates(parsed);
  const detector = sites.find((d) => isDetailUrl(d, href)) ?? sites.find((d) => claimsUrl(d, href));
  if (!detector) return null;
  const isDetail = isDetailUrl(detector, href);
  const productId = isDetail ? (detector.productId?.(parsed) ?? null) : null;
  const isbn13 = isDetail ? (urlLayer(detector, parsed)?.isbn13 ?? null) : null;
  return { detector, isDetail, productId, isbn13 };
}

/** The elements the detector's product-area selectors match, in order of preference (at most 12). */
function candidateRegions(doc: Document, detector: SiteDetector): Element[] {
  const out: Element[] = [];
  for (const selector of detector.productArea ?? []) {
    try {
      for (const el of doc.querySelectorAll(selector)) if (out.length < 12 && !out.includes(el)) out.push(el);
    } catch {
      // An unsupported selector in this engine: skip it.
    }
  }
  return out;
}

function buildContext(doc: Document, url: URL, detector: SiteDetector, regions: readonly Element[]): DetectContext {
  const area = regions[0] ?? null;
  return { doc, url, productId: detector.productId?.(url) ?? null, area, meta: readMeta(doc) };
}

/** Section headings that name a panel, not the book ("상세정보", "Product details"). */
const SECTION_HEADING = /^(?:\S{0,2}\s*(?:정보|보기|사항|소개)|목차|(?:product |book )?(?:details|information|description))$/i;

/** The first heading under `root` that reads like a title (not the site's name, not a section name). */
function headingIn(root: ParentNode, selector: string, skip: string | null): string | undefined {
  const els = root.querySelectorAll(selector);
  for (let i = 0; i < Math.min(els.length, 20); i += 1) {
    const el = els[i];
    if (!el || el.closest('header, nav, footer, aside')) continue;
    const text = elementText(el, 400);
    if (!text || text.length > 300 || SECTION_HEADING.test(text) || (skip && text === skip)) continue;
    return text;
  }
  return undefined;
}

/**
 * When the site's title selectors and labels miss: the product area's heading, then (where the site
 * allows it) og:title / the document title, then the page's main heading.
 */
function fallbackTitle(ctx: DetectContext, detector: SiteDetector): string | undefined {
  const clean = (raw: string | undefined) =>
    raw ? clipTitle(detector.cleanTitle ? detector.cleanTitle(raw) : raw)?.split(/\s+\/\s+/)[0] : undefined;
  const fromArea = ctx.area ? headingIn(ctx.area, 'h1, h2, h3, h4', null) : undefined;
  if (fromArea) return clean(fromArea);
  if (detector.metaTitleFallback !== false) {
    const raw = metaTitle(ctx.meta) ?? clipTitle(ctx.doc.title);
    if (raw) return clean(raw);
  }
  // The page's main heading; an OPAC's og:title is the library's name, so a heading equal to it is skipped.
  const siteName = metaTitle(ctx.meta) ?? null;
  const root = ctx.doc.querySelector('main') ?? ctx.doc;
  return clean(headingIn(root, 'h1', siteName) ?? headingIn(root, 'h2', siteName) ?? headingIn(root, 'h3', siteName));
}

function finish(partial: PartialBook, ctx: DetectContext, detector: SiteDetector): DetectedBook | null {
  if (!partial.isbn13 || !partial.extractor) return null;
  const title = partial.title ?? fallbackTitle(ctx, detector);
  const url = httpUrl(ctx.url.href, ctx.url.href);
  if (!title || !url) return null;
  const candidate = {
    isbn13: partial.isbn13,
    isbn10: partial.isbn10 ?? undefined,
    title,
    authors: partial.authors ?? [],
    publisher: partial.publisher || undefined,
    pubDate: partial.pubDate,
    pages: partial.pages,
    coverUrl: partial.coverUrl ? httpUrl(partial.coverUrl, url) : undefined,
    price: partial.price,
    categoryPath: partial.categoryPath || undefined,
    kdc: partial.kdc,
    url,
    site: detector.id,
    extractor: partial.extractor,
  };
  for (const key of Object.keys(candidate) as (keyof typeof candidate)[]) {
    if (candidate[key] === undefined) delete candidate[key];
  }
  // The same rules as DetectedBookSchema, without bundling Zod into the content script (see book-fields.ts).
  return checkDetectedBook(candidate);
}

function detectWith(doc: Document, url: URL, detector: SiteDetector, strict: boolean): DetectedBook | null {
  // The product-area selectors run once: the first region is the area, the others are the fallback's.
  const regions = candidateRegions(doc, detector);
  const ctx = buildContext(doc, url, detector, regions);
  if (detector.isBookPage && !detector.isBookPage(ctx)) return null;
  const cascade = runCascade(ctx, detector, { strict });
  let partial = detector.overrides ? { ...cascade, ...definedOnly(detector.overrides(ctx, cascade)) } : cascade;
  // A site's detail page (a product id, or an ISBN mentioned somewhere) whose product area held no ISBN:
  // the area may be the cover box beside the information table. Every other region the site's
  // product-area selectors match comes next (one ISBN among them, or none), then the whole page.
  if (!partial.isbn13 && !strict && (ctx.productId || hasIsbnSignal(doc))) {
    let wide: PartialBook | null = null;
    const found = regions
      .filter((region) => region !== ctx.area)
      .map((region) => mergeLayers([labelBook(collectLabelPairs(region)), scanAreaIsbn(region)]))
      .filter((layer) => layer.isbn13);
    if (found.length > 0 && found.every((layer) => layer.isbn13 === found[0]?.isbn13)) wide = found[0] ?? null;
    else if (found.length === 0) wide = wholePageLayer(doc, ctx.area);
    if (wide?.isbn13) partial = mergeLayers([partial, wide]);
  }
  return finish(partial, ctx, detector);
}

/** Whether the page text mentions an ISBN at all ("ISBN", "표준번호"). */
function hasIsbnSignal(doc: Document): boolean {
  const text = doc.body?.textContent ?? '';
  return /isbn|표준번호/i.test(text.length > 400_000 ? text.slice(0, 400_000) : text);
}

function definedOnly(book: PartialBook): PartialBook {
  const out: PartialBook = {};
  for (const [key, value] of Object.entries(book)) {
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) {
      Object.assign(out, { [key]: value });
    }
  }
  return out;
}

/**
 * Detect the single book a page is about. Returns null for search, list, bestseller and used-copy hub
 * pages, non-book products and pages without a checksum-valid ISBN. Never throws on page content.
 */
export function detectBook(doc: Document, url: string): DetectedBook | null {
  const parsed = parseUrl(url);
  if (!parsed || !doc) return null;
  try {
    const match = matchSite(parsed.href);
    if (match) return match.isDetail ? detectWith(doc, parsed, match.detector, false) : null;
    const meta = readMeta(doc);
    const hasJsonLd = doc.querySelector('script[type="application/ld+json" i]') !== null;
    if (!metaSaysBook(meta) && !hasJsonLd) return null;
    return detectWith(doc, parsed, GENERIC_DETECTOR, true);
  } catch {
    return null;
  }
}

function hashText(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0).toString(36);
}

/**
 * A cheap string that changes when the URL or the product area changes, so a content script on a
 * single-page site (Kyobo, NL Korea hash routing) can re-run `detectBook` only when it matters.
 */
export function productSignature(doc: Document, url: string): string {
  const match = matchSite(url);
  const area = match ? (candidateRegions(doc, match.detector)[0] ?? null) : null;
  const areaText = (area?.textContent ?? '').slice(0, 4000);
  const ogUrl = doc.querySelector('meta[property="og:url"]')?.getAttribute('content') ?? '';
  const ldCount = doc.querySelectorAll('script[type="application/ld+json" i]').length;
  const title = (doc.title ?? '').slice(0, 300);
  return [url, ogUrl.slice(0, 500), title, String(ldCount), String(areaText.length), hashText(areaText)].join('\n');
}
