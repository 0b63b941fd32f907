import type { DetectedBook } from '../../shared/schemas/detected-book';

export type Extractor = DetectedBook['extractor'];

/** What one step of the cascade (or a site override) found. Every field is optional. */
export type PartialBook = {
  isbn13?: string;
  isbn10?: string;
  /** Which step produced isbn13. */
  extractor?: Extractor;
  title?: string;
  authors?: string[];
  publisher?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  pubDate?: string;
  pages?: number;
  coverUrl?: string;
  price?: number;
  categoryPath?: string;
  kdc?: string;
};

/** `<meta>` contents by lower-cased property / name / itemprop, read once per detection. */
export type MetaIndex = ReadonlyMap<string, readonly string[]>;

/** Everything a detector step may look at. Built once per `detectBook` call. */
export type DetectContext = {
  readonly doc: Document;
  readonly url: URL;
  /** The page's own product id from the URL (goodsNo, S-id, ItemId, viewKey, ASIN …), when there is one. */
  readonly productId: string | null;
  /** The main product region; label and checksum scans never leave it. Null when the site has none. */
  readonly area: Element | null;
  readonly meta: MetaIndex;
};

export type DetectorExamples = {
  /** URLs of single-book detail pages this detector must claim. */
  readonly detail: readonly string[];
  /** URLs on the same site that are not single-book pages (search, lists, hubs, non-books). */
  readonly notDetail: readonly string[];
};

/**
 * One site detector: `sites/<id>.ts`, registered in `registry.ts`. The file name is the id. Its display name,
 * homepage, summary and example URLs are separate exports of the file (`displayName`, `homepage`, `summary`,
 * `examples`), so the content script leaves them out.
 */
export interface SiteDetector {
  readonly id: string;
  /**
   * For a site on hundreds of hosts (KOLAS OPACs): lower-case substrings one of which every URL its patterns
   * match contains. Every other site lives under host names one of whose labels starts with the first word of
   * its id ("yes24" in www.yes24.com, "kyobo" → product.kyobobook.co.kr, "nl" → www.nl.go.kr): `matchSite` tests
   * only the patterns of those sites (a registry test checks every known URL), not every site's.
   */
  readonly urlHints?: readonly string[];
  /** URLs the site owns. A claimed URL never falls through to the generic detector. */
  readonly sitePatterns: readonly RegExp[];
  /** Detail-page URLs (case-insensitive). */
  readonly urlPatterns: readonly RegExp[];
  /** Search, list, bestseller and hub pages, and non-book records, tested on the decoded URL too. */
  readonly excludePatterns?: readonly RegExp[];
  /** The page's own product id, used to anchor extraction (framework data, JSON-LD choice). */
  productId?(url: URL): string | null;
  /** An ISBN carried by the URL itself (Bookshop, seoji, OPAC `isbn=`, Amazon print ASIN …). */
  isbnFromUrl?(url: URL): string | null;
  /**
   * Selectors of the product region for label and checksum scans, in order of preference: the first
   * match is the product area; every match is a candidate region when the area holds no ISBN.
   */
  readonly productArea?: readonly string[];
  /** Page-level gate, e.g. Amazon print books only, NL Korea book records only. */
  isBookPage?(ctx: DetectContext): boolean;
  /** Site-specific selectors; the result is merged over the cascade's fields. */
  overrides?(ctx: DetectContext, partial: PartialBook): PartialBook;
  /** Clean the og:title / document title fallback ("아몬드 - 교보문고" → "아몬드"). */
  cleanTitle?(raw: string): string;
  /** False where og:title is the site's name, not the book's (library OPACs). Default true. */
  readonly metaTitleFallback?: boolean;
  /** Run the checksum scan over the product area (default true when there is an area). */
  readonly regexScan?: boolean;
}

/** What `matchSite` tells the content script about a URL. */
export type SiteMatch = {
  readonly detector: SiteDetector;
  /** True when the URL is a single-book detail page of this site. */
  readonly isDetail: boolean;
  readonly productId: string | null;
  /** ISBN-13 derivable from the URL alone, when there is one. */
  readonly isbn13: string | null;
};
