import { z } from 'zod';
import type { CatalogProviderId } from '../../../shared/schemas/catalog';
import { ConfigError } from '../config';

/**
 * The catalog's configuration from the server's environment. Keys stay on the server (a key in the
 * extension is public). A keyed provider without its key is off; the keyless ones (Google Books, Open
 * Library) are off unless switched on, so a server without configuration never calls out to the internet.
 *
 * | variable | default | what |
 * |---|---|---|
 * | `CATALOG_NL_KEY` | none | 국립중앙도서관 Open API key: collection search (nl-search) and, unless the next is set, ISBN 서지 (nl-seoji) |
 * | `CATALOG_NL_SEOJI_KEY` | `CATALOG_NL_KEY` | the ISBN 서지정보 `cert_key` when it differs |
 * | `CATALOG_YES24_KEY` | none | YES24 Open API `X-Api-Key` |
 * | `CATALOG_KAKAO_KEY` | none | Kakao REST API key (`Authorization: KakaoAK …`) |
 * | `CATALOG_DATA4LIBRARY_KEY` | none | 도서관 정보나루 `authKey` |
 * | `CATALOG_GOOGLE_BOOKS` | `off` | `on` calls Google Books without a key; a `CATALOG_GOOGLE_BOOKS_KEY` switches it on too |
 * | `CATALOG_OPEN_LIBRARY` | `off` | `on` calls Open Library (keyless) |
 * | `CATALOG_CONTACT` | none | an e-mail or URL put in the User-Agent (Open Library allows 3 req/s instead of 1 with one) |
 * | `CATALOG_<PROVIDER>_BASE_URL` | the real service | `NL_SEOJI`, `NL_SEARCH`, `YES24`, `KAKAO`, `DATA4LIBRARY`, `GOOGLE_BOOKS`, `OPEN_LIBRARY`; tests point them at the fake upstream |
 * | `CATALOG_<PROVIDER>_DAILY_LIMIT` | the published quota | calls a day; the catalog stops at 90 % and falls back |
 * | `CATALOG_TIMEOUT_MS` | `3000` | per upstream call |
 * | `CATALOG_MAX_BODY_BYTES` | `5242880` | larger upstream bodies are dropped |
 */
export const PROVIDER_ENV: Readonly<Record<CatalogProviderId, string>> = {
  'nl-seoji': 'NL_SEOJI',
  'nl-search': 'NL_SEARCH',
  yes24: 'YES24',
  kakao: 'KAKAO',
  data4library: 'DATA4LIBRARY',
  'google-books': 'GOOGLE_BOOKS',
  'open-library': 'OPEN_LIBRARY',
};

export const DEFAULT_BASE_URLS: Readonly<Record<CatalogProviderId, string>> = {
  'nl-seoji': 'https://www.nl.go.kr',
  'nl-search': 'https://www.nl.go.kr',
  yes24: 'https://apis.yes24.com',
  kakao: 'https://dapi.kakao.com',
  data4library: 'http://data4library.kr',
  'google-books': 'https://www.googleapis.com',
  'open-library': 'https://openlibrary.org',
};

/** Published daily quotas (notes/book-apis.md); null where none is published. */
export const DEFAULT_DAILY_LIMITS: Readonly<Record<CatalogProviderId, number | null>> = {
  'nl-seoji': null,
  'nl-search': null,
  yes24: 5000,
  kakao: null,
  data4library: 500,
  'google-books': 1000,
  'open-library': null,
};

const optionalKey = z
  .string()
  .optional()
  .transform((v) => v?.trim() || null)
  .refine((v) => v === null || /^[\x21-\x7e]{4,512}$/.test(v), 'must be 4-512 printable characters without spaces');

const onOff = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim().toLowerCase() || 'off')
  .refine((v) => ['on', 'off', 'true', 'false', '1', '0'].includes(v), 'must be on or off')
  .transform((v) => v === 'on' || v === 'true' || v === '1');

const baseUrl = z
  .string()
  .optional()
  .transform((v) => v?.trim().replace(/\/+$/, '') || null)
  .refine((v) => v === null || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(v), 'must be an http(s) URL without query');

const intIn = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || null)
    .refine((v) => v === null || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), `must be an integer (${min}-${max})`)
    .transform((v) => (v === null ? null : Number(v)));

const shape: Record<string, z.ZodType> = {
  CATALOG_NL_KEY: optionalKey,
  CATALOG_NL_SEOJI_KEY: optionalKey,
  CATALOG_YES24_KEY: optionalKey,
  CATALOG_KAKAO_KEY: optionalKey,
  CATALOG_DATA4LIBRARY_KEY: optionalKey,
  CATALOG_GOOGLE_BOOKS_KEY: optionalKey,
  CATALOG_GOOGLE_BOOKS: onOff,
  CATALOG_OPEN_LIBRARY: onOff,
  CATALOG_CONTACT: z
    .string()
    .optional()
    .transform((v) => v?.trim() || null)
    .refine((v) => v === null || /^[\x20-\x7e]{3,120}$/.test(v), 'must be an e-mail or URL (printable ASCII)'),
  CATALOG_TIMEOUT_MS: intIn(100, 30_000),
  CATALOG_MAX_BODY_BYTES: intIn(1024, 50 * 1024 * 1024),
};
for (const env of Object.values(PROVIDER_ENV)) {
  shape[`CATALOG_${env}_BASE_URL`] = baseUrl;
  shape[`CATALOG_${env}_DAILY_LIMIT`] = intIn(1, 10_000_000);
}

export type ProviderSettings = {
  /** Off when a keyed provider has no key, or a keyless one is not switched on. */
  enabled: boolean;
  key: string | null;
  baseUrl: string;
  dailyLimit: number | null;
};

export type CatalogConfig = {
  providers: Record<CatalogProviderId, ProviderSettings>;
  contact: string | null;
  timeoutMs: number;
  maxBodyBytes: number;
};

/** zod schema over the environment (unknown variables pass through untouched) → `CatalogConfig`. */
export const catalogConfigSchema = z.looseObject(shape).transform((env): CatalogConfig => {
  const v = env as Record<string, unknown>;
  const key = (name: string) => (v[name] as string | null | undefined) ?? null;
  const settings = (id: CatalogProviderId, k: string | null, enabled: boolean): ProviderSettings => ({
    enabled,
    key: k,
    baseUrl: (v[`CATALOG_${PROVIDER_ENV[id]}_BASE_URL`] as string | null) ?? DEFAULT_BASE_URLS[id],
    dailyLimit: (v[`CATALOG_${PROVIDER_ENV[id]}_DAILY_LIMIT`] as number | null) ?? DEFAULT_DAILY_LIMITS[id],
  });
  const nlKey = key('CATALOG_NL_KEY');
  const seojiKey = key('CATALOG_NL_SEOJI_KEY') ?? nlKey;
  const googleKey = key('CATALOG_GOOGLE_BOOKS_KEY');
  return {
    providers: {
      'nl-seoji': settings('nl-seoji', seojiKey, seojiKey !== null),
      'nl-search': settings('nl-search', nlKey, nlKey !== null),
      yes24: settings('yes24', key('CATALOG_YES24_KEY'), key('CATALOG_YES24_KEY') !== null),
      kakao: settings('kakao', key('CATALOG_KAKAO_KEY'), key('CATALOG_KAKAO_KEY') !== null),
      data4library: settings('data4library', key('CATALOG_DATA4LIBRARY_KEY'), key('CATALOG_DATA4LIBRARY_KEY') !== null),
      'google-books': settings('google-books', googleKey, googleKey !== null || v.CATALOG_GOOGLE_BOOKS === true),
      'open-library': settings('open-library', null, v.CATALOG_OPEN_LIBRARY === true),
    },
    contact: key('CATALOG_CONTACT'),
    timeoutMs: (v.CATALOG_TIMEOUT_MS as number | null) ?? 3000,
    maxBodyBytes: (v.CATALOG_MAX_BODY_BYTES as number | null) ?? 5 * 1024 * 1024,
  };
});

/** Read the catalog configuration; a bad variable throws the server's `ConfigError` naming it. */
export function loadCatalogConfig(env: Record<string, string | undefined> = process.env): CatalogConfig {
  const parsed = catalogConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = String(issue?.path[0] ?? 'CATALOG_*');
  const shown = variable.endsWith('_KEY') ? '(hidden)' : JSON.stringify(env[variable]);
  throw new ConfigError(variable, `${variable} ${issue?.message ?? 'is invalid'}, got ${shown}`);
}
