import { parseIsbn } from '../../../shared/isbn';
import {
  clipPublisher,
  clipTitle,
  elementText,
  HANGUL,
  normalizeDate,
  parseImprint,
  parseKdc,
  parsePages,
  parsePrice,
  splitAuthors,
} from '../parse';
import type { PartialBook } from '../types';

export type LabelKind =
  | 'isbn13'
  | 'isbn10'
  | 'isbn'
  | 'pages'
  | 'form'
  | 'date'
  | 'publisher'
  | 'imprint'
  | 'price'
  | 'title'
  | 'author'
  | 'kdc'
  /** A periodical's number: the record is a serial, not a book (never an ISBN). */
  | 'issn';

export type LabelPair = { readonly kind: LabelKind; readonly value: string };

const KINDS: readonly LabelKind[] = [
  'isbn13',
  'issn',
  'isbn10',
  'isbn',
  'pages',
  'form',
  'date',
  'publisher',
  'imprint',
  'price',
  'title',
  'author',
  'kdc',
];

/**
 * Label vocabulary (book-sites.md §1 step 5), matched on the whole normalised label: one pattern with a group per
 * kind, in KINDS order (the first kind that matches wins), where thirteen patterns each cost 20-90 µs to compile
 * on a page's first detection. KORMARC 245 as libraries label it: 서명/저자(사항), 표제/책임표시(사항), 표제 및
 * 책임표시사항 … (spaces between Hangul words are removed before a second try, so "서명 / 저자" matches too).
 */
const LABELS =
  /^(?:(isbn[\s-]?13)|(issn|e-?issn|국제표준연속간행물번호)|(isbn[\s-]?10)|(isbn|isbn\/issn|isbn\s?\(.{1,12}\)|표준번호|국제표준도서번호|isbn ?번호|(?:isbn|표준번호)(?:[/·,]|및)(?:부가기호|가격))|(쪽수|페이지|페이지수|쪽|쪽수, ?무게, ?크기|쪽수\/무게\/크기|print length|pages|number of pages|hardcover|paperback|mass market paperback|board book|spiral-bound|length)|(형태사항|형태|physical description|format)|(발행일|출간일|발행\(예정\)일|발행예정일|출판일|출판일자|발행연도|발행년|발행년도|출판년|출판연도|출판년도|출시일|publication date|published|publish date|date published)|(출판사|발행처|발행자|출판사명|publisher|publishers)|(발행사항|출판사항|imprint)|(정가|판매가|가격|price|list price)|(서명|표제|자료명|도서명|본서명|표제사항|(?:서명|표제|자료명|도서명)(?:\/|및)(?:저자|저자사항|저자명|책임표시|책임표시사항)|title)|(저자|지은이|저자사항|저자명|저자\/역자|author|authors|by|creator)|(kdc|분류기호|분류번호|kdc ?분류|한국십진분류|한국십진분류법))$/;

const MAX_ELEMENTS = 4_000;
const MAX_LABEL_CHARS = 40;
const LABEL_TAGS = new Set(['STRONG', 'B', 'SPAN', 'EM', 'LABEL', 'DT', 'H4', 'H5', 'TH', 'P', 'DIV']);

function normLabel(text: string): string {
  return text
    .replace(/[\s\u00a0\u200e\u200f]+/g, ' ')
    .replace(/\s*[:：]\s*$/, '')
    .replace(/^[\s·•*-]+/, '')
    .trim()
    .toLowerCase();
}

/** The kind of the group that matched. */
function lookupLabel(label: string): LabelKind | null {
  const m = LABELS.exec(label);
  return m ? (KINDS[m.findIndex((group, i) => i > 0 && group !== undefined) - 1] ?? null) : null;
}

export function labelKind(text: string): LabelKind | null {
  if (text.length > MAX_LABEL_CHARS * 3) return null;
  const label = normLabel(text);
  if (label.length === 0 || label.length > MAX_LABEL_CHARS) return null;
  const kind = lookupLabel(label);
  if (kind) return kind;
  // "서 명", "표제 및 책임표시 사항", "서명 / 저자": Korean labels are spaced freely.
  return label.includes(' ') && HANGUL.test(label) ? lookupLabel(label.replaceAll(' ', '')) : null;
}

/** "ISBN 9788936434267 03810 : \\15000", "표준번호 : 978…": an ISBN row whose label and value share one text run. */
const INLINE_ISBN = /^(?:isbn(?:[\s-]?1[03])?|표준번호|국제표준도서번호)\s*[:：]?\s*(?=[\dXx][\dXx\s-]{8,})/i;

function inlineIsbnPair(el: Element, raw?: string): LabelPair | null {
  // Cheap test on the raw head first: this runs for every cell and paragraph of a page. The caller may pass
  // the element's textContent it already read (one serialisation per element, not two).
  // (String methods, not a case-insensitive pattern: its first use alone costs more than the whole scan.)
  const head = (raw ?? el.textContent ?? '').slice(0, 40).trimStart().toLowerCase();
  if (!head.startsWith('isbn') && !head.startsWith('표준번호') && !head.startsWith('국제표준')) return null;
  const text = elementText(el, 200);
  return INLINE_ISBN.test(text) ? { kind: 'isbn', value: text } : null;
}

/** Text of `parent` after its `label` child (NL `<p><span class="mark">발행사항</span> 파주 : 한울</p>`). */
function textAfter(parent: Element, label: Element): string {
  const whole = elementText(parent, 800);
  const head = elementText(label, 200);
  const at = whole.indexOf(head);
  return (at >= 0 ? whole.slice(at + head.length) : whole).replace(/^[\s:：\u200e\u200f]+/, '');
}

function liPair(li: Element): LabelPair | null {
  if (li.childElementCount > 8) return null;
  // Amazon: li > span.a-list-item > span.a-text-bold + span
  const only = li.childElementCount === 1 ? li.firstElementChild : null;
  const box = only && only.tagName === 'SPAN' && only.childElementCount >= 2 ? only : li;
  const first = box.firstElementChild;
  const leading = box.firstChild;
  const startsWithElement =
    first !== null &&
    (leading === first || (leading?.nodeType === 3 && !leading.textContent?.trim() && leading.nextSibling === first));
  if (first && startsWithElement && LABEL_TAGS.has(first.tagName)) {
    const kind = labelKind(first.textContent ?? '');
    if (kind) return { kind, value: textAfter(box, first) };
  }
  // "ISBN : 9791162240281" in one text run (Aladin .conts_info_list1).
  const text = elementText(box, 400);
  const m = /^([^:：]{1,40})[:：]\s*(.+)$/.exec(text);
  if (m?.[1] && m[2]) {
    const kind = labelKind(m[1]);
    if (kind) return { kind, value: m[2] };
  }
  return inlineIsbnPair(box);
}

/**
 * Collect label/value pairs inside `root`: th/td, td/td, dt/dd, li>strong+div, span.mark, Amazon RPI.
 * `skip` leaves out elements (and their rows) that belong to other books, on whole-page reads.
 */
export function collectLabelPairs(root: ParentNode, skip?: (el: Element) => boolean): LabelPair[] {
  const pairs: LabelPair[] = [];
  // The skip test walks ancestors, so it runs only for elements that yield a pair.
  const add = (el: Element, pair: LabelPair | null) => {
    if (pair && !skip?.(el)) pairs.push(pair);
  };
  const els = root.querySelectorAll('th, td, dt, dd, li, p, span.mark, .rpi-attribute-label');
  const count = Math.min(els.length, MAX_ELEMENTS);
  for (let i = 0; i < count; i += 1) {
    const el = els[i];
    if (!el) continue;
    const tag = el.tagName;
    if (tag === 'LI') {
      add(el, liPair(el));
      continue;
    }
    if (el.childElementCount > 3) continue;
    const text = el.textContent ?? '';
    const kind = tag === 'DD' || tag === 'P' ? null : labelKind(text);
    if (!kind) {
      // A value cell or paragraph that carries its own ISBN label ("<td>ISBN 978… 03810 : \\15000</td>").
      add(el, tag === 'TD' || tag === 'DD' || tag === 'P' ? inlineIsbnPair(el, text) : null);
      continue;
    }
    if (tag === 'TH' || tag === 'TD' || tag === 'DT') {
      const next = el.nextElementSibling;
      const wanted = tag === 'DT' ? 'DD' : 'TD';
      if (next && next.tagName === wanted) add(el, { kind, value: elementText(next, 500) });
    } else if (el.classList.contains('mark') && el.parentElement) {
      add(el, { kind, value: textAfter(el.parentElement, el) });
    } else {
      const value = el.parentElement?.querySelector('.rpi-attribute-value');
      if (value) add(el, { kind, value: elementText(value, 300) });
    }
  }
  return pairs;
}

const firstPair = (pairs: readonly LabelPair[], kind: LabelKind) => pairs.find((p) => p.kind === kind && p.value);

/** Publisher text without a trailing "(7 April 2016)" or ", 2007". */
function publisherAndDate(value: string): { publisher?: string; pubDate?: string } {
  const paren = /^(.*?)\s*\(([^()]*\d{4}[^()]*)\)\s*$/.exec(value);
  if (paren?.[1]) return { publisher: clipPublisher(paren[1].split(/\s*;\s*/)[0]), pubDate: normalizeDate(paren[2]) };
  const comma = /^(.*?)\s*[,;]\s*(\d{4}.*)$/.exec(value);
  if (comma?.[1]) return { publisher: clipPublisher(comma[1]), pubDate: normalizeDate(comma[2]) };
  return { publisher: clipPublisher(value) };
}

/** "미군정과 한국의 민주주의 = ... / 안진 지음" → title and statement of responsibility. */
function titleStatement(value: string): { title?: string; authors: string[] } {
  const [head = '', ...rest] = value.split(/\s+\/\s+/);
  const title = head.split(/\s+=\s+/)[0]?.replace(/\s*[=:;/]\s*$/, '');
  return { title: clipTitle(title), authors: rest.length > 0 ? splitAuthors(rest.join(' / ')) : [] };
}

/** Every distinct ISBN-13 named by an ISBN label row. */
export function labelIsbns(pairs: readonly LabelPair[]): string[] {
  const out: string[] = [];
  for (const p of pairs) {
    if (p.kind !== 'isbn13' && p.kind !== 'isbn' && p.kind !== 'isbn10') continue;
    const parsed = parseIsbn(p.value);
    if (parsed && !out.includes(parsed.isbn13)) out.push(parsed.isbn13);
  }
  return out;
}

export type LabelOptions = {
  /**
   * Whole-page reads: the ISBN counts only when every ISBN row on the page names the same book
   * (a related-books table elsewhere on the page must never supply another book's ISBN).
   */
  readonly unique?: boolean;
};

/** Step 5: turn label pairs into book fields (first occurrence wins). */
export function labelBook(pairs: readonly LabelPair[], options: LabelOptions = {}): PartialBook {
  const book: PartialBook = {};
  const ambiguous = options.unique === true && labelIsbns(pairs).length > 1;
  for (const kind of ambiguous ? [] : (['isbn13', 'isbn', 'isbn10'] as const)) {
    const parsed = pairs
      .filter((p) => p.kind === kind)
      .map((p) => parseIsbn(p.value))
      .find((v) => v !== null);
    if (parsed) {
      book.isbn13 = parsed.isbn13;
      book.isbn10 = parsed.isbn10 ?? undefined;
      book.extractor = 'label';
      break;
    }
  }
  const titlePair = firstPair(pairs, 'title');
  const statement = titlePair ? titleStatement(titlePair.value) : { authors: [] };
  book.title = statement.title;
  const authorPair = firstPair(pairs, 'author');
  const authors = authorPair ? splitAuthors(authorPair.value) : statement.authors;
  if (authors.length > 0) book.authors = authors;
  const publisherPair = firstPair(pairs, 'publisher');
  const fromPublisher = publisherPair ? publisherAndDate(publisherPair.value) : {};
  const imprintPair = firstPair(pairs, 'imprint');
  const imprint = imprintPair ? parseImprint(imprintPair.value) : {};
  book.publisher = fromPublisher.publisher ?? imprint.publisher;
  const datePair = firstPair(pairs, 'date');
  book.pubDate = normalizeDate(datePair?.value) ?? fromPublisher.pubDate ?? imprint.pubDate;
  for (const kind of ['pages', 'form', 'date'] as const) {
    const pages = pairs
      .filter((p) => p.kind === kind)
      .map((p) => parsePages(p.value))
      .find((v) => v !== undefined);
    if (pages !== undefined) {
      book.pages = pages;
      break;
    }
  }
  book.price = parsePrice(firstPair(pairs, 'price')?.value);
  book.kdc = parseKdc(firstPair(pairs, 'kdc')?.value);
  return book;
}
