/** Small helpers for `sites/*.ts` (kept outside `sites/` so every file there is a detector). */
import { elementText } from './parse';

/** The first element matching one of the selectors, in order of preference. */
export function firstElement(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const el = root.querySelector(selector);
    if (el) return el;
  }
  return null;
}

/** Bounded text of the first element matching one of the selectors. */
export function textOf(root: ParentNode, selectors: readonly string[], max = 600): string {
  return elementText(firstElement(root, selectors), max);
}

/** Texts of every element matching `selector` (at most `limit`). */
export function textsOf(root: ParentNode, selector: string, limit = 20): string[] {
  const out: string[] = [];
  const els = root.querySelectorAll(selector);
  for (let i = 0; i < els.length && out.length < limit; i += 1) {
    const text = elementText(els[i], 200);
    if (text) out.push(text);
  }
  return out;
}

/** A query parameter, case-insensitive on the name. */
export function queryParam(url: URL, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === wanted) return value;
  return null;
}

/** Parameters of a `#a=1&b=2` hash (NL Korea routes its detail view this way). */
export function hashParams(url: URL): URLSearchParams {
  return new URLSearchParams(url.hash.slice(1));
}

/** The first capture group of the first matching pattern. */
export function capture(patterns: readonly RegExp[], value: string): string | null {
  for (const re of patterns) {
    const m = re.exec(value);
    if (m?.[1]) return m[1];
  }
  return null;
}

/** An attribute of the first matching element. */
export function attrOf(root: ParentNode, selector: string, attr: string): string | undefined {
  return root.querySelector(selector)?.getAttribute(attr) ?? undefined;
}

/** Text of `el` without the text of its children matching `skip` (a "[도서]" badge before a title). */
export function elementTextWithout(el: Element, skip: string, max = 600): string {
  let text = el.textContent ?? '';
  for (const child of el.querySelectorAll(skip)) text = text.replace(child.textContent ?? '', ' ');
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max * 2);
}
