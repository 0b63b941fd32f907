import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG_PROVIDERS } from '../../../../shared/schemas/catalog';
import { ORDER, PROVIDERS } from './index';
import { CAPABILITIES, type ProviderContext } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const ctx: ProviderContext = { baseUrl: 'http://127.0.0.1:9/base', key: 'SECRET-KEY', contact: null };
const today = new Date(Date.UTC(2026, 10, 30, 3, 0, 0));
const page = { page: 2, pageSize: 20 };

function allRequests(id: (typeof CATALOG_PROVIDERS)[number]) {
  const p = PROVIDERS[id];
  return [
    p.isbn?.('9788936434267', ctx),
    p.search?.('채식주의자', page, ctx),
    p.bestsellers?.('novel', 'weekly', page, ctx),
    p.newBooks?.('science', page, ctx, today),
    p.popular?.('business', 30, page, ctx, today),
    p.libraries?.('11', page, ctx),
    p.availability?.('9788936434267', '111001', ctx),
  ].filter((r) => r !== undefined);
}

describe('provider registry', () => {
  it('has one file per provider, registered under its file name', () => {
    const files = readdirSync(here)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && f !== 'types.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual([...CATALOG_PROVIDERS].sort());
    for (const id of CATALOG_PROVIDERS) expect(PROVIDERS[id].id).toBe(id);
  });

  it('every source named in an order supports that question', () => {
    const capability = {
      isbn: 'isbn',
      search: 'search',
      bestsellers: 'bestsellers',
      newBooks: 'newBooks',
      popular: 'popular',
      libraries: 'libraries',
      availability: 'availability',
    } as const;
    for (const [question, ids] of Object.entries(ORDER)) {
      for (const id of ids) {
        const p = PROVIDERS[id];
        // Bestsellers fall back to a library's popular loans.
        const supported =
          question === 'bestsellers' ? (p.bestsellers ?? p.popular) : p[capability[question as keyof typeof capability]];
        expect(typeof supported, `${id} ${question}`).toBe('function');
      }
    }
    expect(ORDER.isbn).toEqual(['nl-seoji', 'yes24', 'kakao', 'google-books', 'open-library']);
    expect(ORDER.search).toEqual(['yes24', 'kakao']);
    expect(CAPABILITIES).toContain('availability');
  });
});

describe('request building', () => {
  it.each(CATALOG_PROVIDERS)('%s: URLs under the base URL, with its parameters', (id) => {
    const requests = allRequests(id);
    expect(requests.length).toBeGreaterThan(0);
    for (const req of requests) {
      expect(req.provider).toBe(id);
      expect(req.url.startsWith(`${ctx.baseUrl}${req.endpoint}`)).toBe(true);
      expect(req.endpoint).toMatch(/^\//);
    }
  });

  it('YES24 and Kakao send the key in a header, never in the URL', () => {
    for (const req of [...allRequests('yes24'), ...allRequests('kakao')]) expect(req.url).not.toContain('SECRET-KEY');
    expect(PROVIDERS.yes24.search?.('x', page, ctx).headers['x-api-key']).toBe('SECRET-KEY');
    expect(PROVIDERS.kakao.search?.('x', page, ctx).headers.authorization).toBe('KakaoAK SECRET-KEY');
  });

  it('the URL-keyed sources put the key where their API wants it', () => {
    expect(new URL(PROVIDERS['nl-seoji'].isbn?.('9788936434267', ctx).url ?? '').searchParams.get('cert_key')).toBe('SECRET-KEY');
    expect(new URL(PROVIDERS['nl-search'].search?.('x', page, ctx).url ?? '').searchParams.get('key')).toBe('SECRET-KEY');
    expect(new URL(PROVIDERS.data4library.search?.('x', page, ctx).url ?? '').searchParams.get('authKey')).toBe('SECRET-KEY');
  });

  it('maps categories, periods and dates onto each API', () => {
    const best = new URL(PROVIDERS.yes24.bestsellers?.('novel', 'monthly', page, ctx).url ?? '');
    expect(best.pathname).toBe('/base/v1/category/bestsellerMonthly');
    expect(best.searchParams.get('categoryId')).toBe('001001046');
    expect(new URL(PROVIDERS.yes24.newBooks?.('science', page, ctx, today).url ?? '').searchParams.get('categoryId')).toBe(
      '001001002',
    );
    const loans = new URL(PROVIDERS.data4library.popular?.('business', 30, page, ctx, today).url ?? '');
    expect(loans.searchParams.get('kdc')).toBe('3');
    expect(loans.searchParams.get('startDt')).toBe('2026-10-31');
    expect(loans.searchParams.get('endDt')).toBe('2026-11-29');
    expect(new URL(PROVIDERS.data4library.popular?.(null, 7, page, ctx, today).url ?? '').searchParams.has('kdc')).toBe(false);
    const seoji = new URL(PROVIDERS['nl-seoji'].newBooks?.('novel', page, ctx, today).url ?? '');
    expect(seoji.searchParams.get('end_publish_date')).toBe('20261130');
    expect(seoji.searchParams.get('result_style')).toBe('json');
    expect(
      new URL(PROVIDERS['google-books'].isbn?.('9788936434267', { ...ctx, key: null }).url ?? '').searchParams.get('q'),
    ).toBe('isbn:9788936434267');
    expect(
      new URL(PROVIDERS['google-books'].isbn?.('9788936434267', { ...ctx, key: null }).url ?? '').searchParams.has('key'),
    ).toBe(false);
  });

  it('Open Library names a contact in its User-Agent when configured', () => {
    expect(PROVIDERS['open-library'].search?.('x', page, { ...ctx, contact: 'ops@example.org' }).headers['user-agent']).toContain(
      'ops@example.org',
    );
  });
});
