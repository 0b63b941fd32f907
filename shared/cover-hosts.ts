/**
 * Where book covers may be loaded from, and which book links may stay plain http.
 *
 * A cover shown in the room or on a shelf is fetched by every viewer's browser, so an arbitrary host
 * would learn each viewer's IP address (a tracking pixel). Covers therefore load only from the image
 * hosts of the book sites the detectors and the catalog actually produce, over https. Everything else
 * shows the placeholder (the title's first letter). Pure TypeScript: used by the peer-message schema
 * (on receive), the room card and shelf views (on render) and the detectors' card builder.
 */

/** Exact image hosts (https). Grouped by the site that produces them. */
export const COVER_HOSTS = [
  // YES24
  'image.yes24.com',
  'secimage.yes24.com',
  // Kyobo
  'contents.kyobobook.co.kr',
  'image.kyobobook.co.kr',
  // Aladin (also data4library's bookImageURL)
  'image.aladin.co.kr',
  // Interpark
  'bimage.interpark.com',
  'openimage.interpark.com',
  // National Library of Korea (seoji / CIP covers)
  'www.nl.go.kr',
  'cover.nl.go.kr',
  // Naver book thumbnails (library pages and data4library)
  'bookthumb-phinf.pstatic.net',
  // Kakao book search thumbnails (catalog)
  'search1.kakaocdn.net',
  // Amazon (also Goodreads' covers)
  'm.media-amazon.com',
  'images-na.ssl-images-amazon.com',
  'images-eu.ssl-images-amazon.com',
  'images-fe.ssl-images-amazon.com',
  // Google Books
  'books.google.com',
  'books.googleusercontent.com',
  // Open Library
  'covers.openlibrary.org',
  // Goodreads
  'i.gr-assets.com',
  's.gr-assets.com',
  // Bookshop.org
  'images-us.bookshop.org',
  'images-uk.bookshop.org',
] as const;

/** Google Books' regional hosts (books.google.co.kr, books.google.de …) serve the same cover images. */
const GOOGLE_BOOKS_REGIONAL = /^books\.google\.(?:[a-z]{2}|com?\.[a-z]{2})$/;

/**
 * Library sites whose pages are often served over plain http only (public-library OPACs on municipal
 * hosts, data4library): a book link to them may stay http. Matched as the host or a subdomain of it.
 */
export const HTTP_LIBRARY_HOST_SUFFIXES = ['go.kr', 'or.kr', 're.kr', 'ac.kr', 'data4library.kr'] as const;

const COVER_HOST_SET: ReadonlySet<string> = new Set(COVER_HOSTS);

function parse(value: string): URL | null {
  if (value.trim() !== value) return null;
  try {
    const url = new URL(value);
    return url.username || url.password ? null : url;
  } catch {
    return null;
  }
}

export function isCoverHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return COVER_HOST_SET.has(host) || GOOGLE_BOOKS_REGIONAL.test(host);
}

export function isHttpLibraryHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return HTTP_LIBRARY_HOST_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/** True if the URL is already safe to load as a cover: https, an allowed host, default port, no credentials. */
export function isAllowedCoverUrl(value: string): boolean {
  const url = parse(value);
  return url !== null && url.protocol === 'https:' && url.port === '' && isCoverHost(url.hostname);
}

/**
 * The cover URL to load, or null to show the placeholder. An http URL on an allowed host is upgraded to
 * https (all of them serve https); any other host, scheme, port or credentials gives null.
 */
export function safeCoverUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  const url = parse(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !isCoverHost(url.hostname)) return null;
  if (url.port !== '' && !(url.protocol === 'http:' && url.port === '80')) return null;
  url.protocol = 'https:';
  url.port = '';
  return url.href;
}

/** True if a book link may be shown as is: https, or http to an allow-listed library host. */
export function isAllowedBookLink(value: string): boolean {
  const url = parse(value);
  if (!url) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isHttpLibraryHost(url.hostname));
}

/**
 * The link to put on a book card, or null: https as is; http to an allow-listed library stays http;
 * any other http link is upgraded to https (bookstores all serve https).
 */
export function safeBookLink(value: string | null | undefined): string | null {
  if (!value) return null;
  const url = parse(value);
  if (!url) return null;
  if (url.protocol === 'https:') return url.href;
  if (url.protocol !== 'http:') return null;
  if (isHttpLibraryHost(url.hostname)) return url.href;
  url.protocol = 'https:';
  if (url.port === '80') url.port = '';
  return url.href;
}

/**
 * Profile photos follow the same reasoning as covers: another reader's photo is fetched by every viewer's
 * browser, so it loads only from the hosts where account photos live (Google account photos, Gravatar,
 * Firebase Storage). A reader's own photo, seen only by them, may come from anywhere (https).
 */
export const PHOTO_HOST_SUFFIXES = ['googleusercontent.com', 'gravatar.com', 'firebasestorage.googleapis.com'] as const;

export function isPhotoHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return PHOTO_HOST_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/** The photo URL to load for a profile, or null (no photo is shown). `own`: the viewer's own profile. */
export function safePhotoUrl(value: string | null | undefined, { own }: { own: boolean }): string | null {
  if (!value) return null;
  const url = parse(value);
  if (url?.protocol !== 'https:' || url.port !== '') return null;
  return own || isPhotoHost(url.hostname) ? url.href : null;
}
