import { matchIsbns, parseIsbn } from '../../../shared/isbn';
import type { PartialBook } from '../types';

const MAX_AREA_CHARS = 200_000;
const LABEL_NEAR = /isbn[\s\-:：0-9]*$|표준번호[\s:：]*$/i;

/**
 * Step 6: checksum-valid ISBNs in the product area only (never the whole document: carousels hold
 * other ISBNs). An ISBN counts when it appears at least twice or right after an ISBN label.
 */
export function scanAreaIsbn(area: Element | null): PartialBook | null {
  if (!area) return null;
  const raw = area.textContent ?? '';
  const text = raw.length > MAX_AREA_CHARS ? raw.slice(0, MAX_AREA_CHARS) : raw;
  const matches = matchIsbns(text);
  const counts = new Map<string, number>();
  for (const m of matches) counts.set(m.isbn13, (counts.get(m.isbn13) ?? 0) + 1);
  const hit = matches.find(
    (m) => (counts.get(m.isbn13) ?? 0) >= 2 || LABEL_NEAR.test(text.slice(Math.max(0, m.index - 24), m.index)),
  );
  return hit ? { isbn13: hit.isbn13, isbn10: hit.isbn10 ?? undefined, extractor: 'regex' } : null;
}

const COVER_RE = /\/(97[89]\d{10}|\d{9}[\dXx])(?:_\d+)?\.(?:jpe?g|png|gif|webp)(?:[?#]|$)/;

/** Step 7: an ISBN in the cover file name (Kyobo `…/pdt/{ISBN13}.jpg`, Aladin `…/cover500/{ISBN}_1.jpg`). */
export function coverIsbn(coverUrl: string | undefined): PartialBook | null {
  if (!coverUrl) return null;
  let path = coverUrl;
  try {
    path = new URL(coverUrl).pathname;
  } catch {
    return null;
  }
  const m = COVER_RE.exec(path);
  const parsed = m?.[1] ? parseIsbn(m[1]) : null;
  return parsed ? { isbn13: parsed.isbn13, isbn10: parsed.isbn10 ?? undefined, extractor: 'cover-url' } : null;
}
