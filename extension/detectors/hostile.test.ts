/** Hostile pages: the detector returns bounded plain text and http(s) URLs, and never throws. */
import { afterAll, describe, expect, it } from 'vitest';
import { BOOK_LIMITS, DetectedBookSchema } from '../../shared/schemas/detected-book';
import { detectBook, productSignature } from './index';
import { closeWindows, parseHtml } from './test-support';

const URL = 'https://www.yes24.com/Product/Goods/125557465';
const GENERIC_URL = 'https://books.example.org/item/1';

/** As sites embed it: `<` escaped so a string cannot close the script element. */
function jsonLd(value: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

function page(head: string, body = ''): string {
  return `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
}

describe('hostile pages', () => {
  afterAll(closeWindows);

  it('returns markup in titles and authors as plain text', () => {
    const html = page(
      jsonLd({
        '@type': 'Book',
        name: '<script>alert(1)</script><b>Bold</b> &lt;img src=x onerror=alert(1)&gt; Title',
        isbn: '9791171711673',
        author: { '@type': 'Person', name: '<img src=x onerror=alert(2)>Kim' },
      }),
    );
    const book = detectBook(parseHtml(html, GENERIC_URL), GENERIC_URL);
    expect(book).not.toBeNull();
    expect(book?.title).not.toMatch(/<|>/);
    expect(book?.title).toContain('Title');
    expect(book?.authors).toEqual(['Kim']);
  });

  it('drops javascript: and data: cover URLs', () => {
    for (const image of ['javascript:alert(1)', 'data:image/png;base64,AAAA', ' JaVaScRiPt:alert(1)']) {
      const html = page(jsonLd({ '@type': 'Book', name: 'T', isbn: '9791171711673', image }));
      const book = detectBook(parseHtml(html, GENERIC_URL), GENERIC_URL);
      expect(book?.isbn13).toBe('9791171711673');
      expect(book?.coverUrl).toBeUndefined();
    }
    const og = page(
      '<meta property="books:isbn" content="9791171711673"><meta property="og:title" content="T"><meta property="og:image" content="javascript:alert(1)">',
    );
    expect(detectBook(parseHtml(og, GENERIC_URL), GENERIC_URL)?.coverUrl).toBeUndefined();
  });

  it('caps a 1 MB title', () => {
    const huge = 'ㄱ'.repeat(1_000_000);
    const html = page(jsonLd({ '@type': 'Book', name: huge, isbn: '9791171711673', author: huge, publisher: huge }));
    const started = performance.now();
    const book = detectBook(parseHtml(html, GENERIC_URL), GENERIC_URL);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(book).not.toBeNull();
    expect(Array.from(book?.title ?? '').length).toBeLessThanOrEqual(BOOK_LIMITS.title);
    expect(book?.authors.every((a) => Array.from(a).length <= BOOK_LIMITS.author)).toBe(true);
    expect(() => DetectedBookSchema.parse(book)).not.toThrow();
  });

  it('caps a 1 MB h2.gd_name on a site page', () => {
    const html = page(jsonLd({ '@type': 'Book', isbn: '9791171711673' }), `<h2 class="gd_name">${'가'.repeat(1_000_000)}</h2>`);
    const book = detectBook(parseHtml(html, URL), URL);
    expect(Array.from(book?.title ?? '').length).toBeLessThanOrEqual(BOOK_LIMITS.title);
  });

  it('ignores malformed JSON-LD without throwing and falls back to meta', () => {
    const html = page(
      '<script type="application/ld+json">{"@type": "Book", "isbn": "9791171711673",, }</script>' +
        '<script type="application/ld+json">not json at all</script>' +
        '<meta property="books:isbn" content="9788936434267"><meta property="og:title" content="아몬드">',
    );
    const book = detectBook(parseHtml(html, GENERIC_URL), GENERIC_URL);
    expect(book?.isbn13).toBe('9788936434267');
    expect(book?.extractor).toBe('meta');
  });

  it('bounds deeply nested JSON-LD', () => {
    const inner = JSON.stringify({ '@type': 'Book', name: 'Deep', isbn: '9791171711673' });
    const nested = `${'{"@graph":['.repeat(5000)}${inner}${']}'.repeat(5000)}`;
    const deep = page(`<script type="application/ld+json">${nested}</script>`);
    expect(() => detectBook(parseHtml(deep, GENERIC_URL), GENERIC_URL)).not.toThrow();
    expect(detectBook(parseHtml(deep, GENERIC_URL), GENERIC_URL)).toBeNull();
    const arrays = page(`<script type="application/ld+json">${'['.repeat(100_000)}${']'.repeat(100_000)}</script>`);
    expect(detectBook(parseHtml(arrays, GENERIC_URL), GENERIC_URL)).toBeNull();
    // Shallow nesting still works.
    let shallow: unknown = { '@type': 'Book', name: 'Shallow', isbn: '9791171711673' };
    for (let i = 0; i < 3; i += 1) shallow = { '@graph': [shallow] };
    expect(detectBook(parseHtml(page(jsonLd(shallow)), GENERIC_URL), GENERIC_URL)?.title).toBe('Shallow');
  });

  it('refuses checksum-invalid ISBNs, non-http URLs and junk input', () => {
    const bad = page(jsonLd({ '@type': 'Book', name: 'T', isbn: '9791171711674' }));
    expect(detectBook(parseHtml(bad, GENERIC_URL), GENERIC_URL)).toBeNull();
    const good = page(jsonLd({ '@type': 'Book', name: 'T', isbn: '9791171711673' }));
    expect(detectBook(parseHtml(good, GENERIC_URL), 'javascript:alert(1)')).toBeNull();
    expect(detectBook(parseHtml(good, GENERIC_URL), 'not a url')).toBeNull();
  });

  it('does not take a page with no book signal on an unknown site', () => {
    const html = page(
      '<title>Blog</title>',
      '<p>ISBN 9788936434267 is a great book</p><table><tr><th>ISBN</th><td>9788936434267</td></tr></table>',
    );
    expect(detectBook(parseHtml(html, GENERIC_URL), GENERIC_URL)).toBeNull();
  });

  it('anchors to the page’s own product when JSON-LD lists several books', () => {
    const html = page(
      jsonLd([
        { '@type': 'Book', name: 'Other', isbn: '9788936434120', url: 'https://www.yes24.com/product/goods/1' },
        { '@type': ['Book', 'Product'], name: 'Mine', isbn: '9791171711673', sku: '125557465' },
      ]),
    );
    expect(detectBook(parseHtml(html, URL), URL)?.title).toBe('Mine');
  });
});

describe('productSignature', () => {
  afterAll(closeWindows);

  it('changes with the URL hash and the product area, not otherwise', () => {
    const url = 'https://www.nl.go.kr/NL/contents/search.do?kwd=a#viewKey=1&category=%EB%8F%84%EC%84%9C';
    const doc = parseHtml(page('', '<div class="popup_contents"><h3 class="detail_tit">A</h3></div>'), url);
    const first = productSignature(doc, url);
    expect(productSignature(doc, url)).toBe(first);
    expect(productSignature(doc, url.replace('viewKey=1', 'viewKey=2'))).not.toBe(first);
    const area = doc.querySelector('.popup_contents');
    if (area) area.innerHTML = '<h3 class="detail_tit">B</h3>';
    expect(productSignature(doc, url)).not.toBe(first);
  });
});

describe('generic pages without a book signal', () => {
  afterAll(closeWindows);

  it('ignores an ISBN-named image on a page whose JSON-LD is not a Book', () => {
    const html = page(
      `<script type="application/ld+json">{"@type":"Organization","name":"Blog"}</script>` +
        '<meta property="og:title" content="My reading list"><meta property="og:image" content="https://blog.example/img/9788936434267.jpg">',
    );
    expect(detectBook(parseHtml(html, GENERIC_URL), GENERIC_URL)).toBeNull();
    const withType = html.replace(
      '<meta property="og:title"',
      '<meta property="og:type" content="book"><meta property="og:title"',
    );
    expect(detectBook(parseHtml(withType, GENERIC_URL), GENERIC_URL)?.extractor).toBe('cover-url');
  });
});
