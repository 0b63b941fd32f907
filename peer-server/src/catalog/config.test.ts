import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
import { catalogConfigSchema, DEFAULT_BASE_URLS, loadCatalogConfig } from './config';

describe('catalog config', () => {
  it('with no variables every source is off and nothing points off the defaults', () => {
    const config = loadCatalogConfig({});
    for (const [id, settings] of Object.entries(config.providers)) {
      expect(settings.enabled, id).toBe(false);
      expect(settings.baseUrl).toBe(DEFAULT_BASE_URLS[id as keyof typeof DEFAULT_BASE_URLS]);
    }
    expect(config.timeoutMs).toBe(3000);
    expect(config.maxBodyBytes).toBe(5 * 1024 * 1024);
    expect(config.providers.yes24.dailyLimit).toBe(5000);
    expect(config.providers.data4library.dailyLimit).toBe(500);
  });

  it('a key switches its source on; the NL key serves both NL APIs unless seoji has its own', () => {
    const config = loadCatalogConfig({
      CATALOG_YES24_KEY: ' yes-key ',
      CATALOG_NL_KEY: 'nl-key',
      CATALOG_KAKAO_KEY: 'kakao-key',
    });
    expect(config.providers.yes24).toMatchObject({ enabled: true, key: 'yes-key' });
    expect(config.providers.kakao.enabled).toBe(true);
    expect(config.providers['nl-search']).toMatchObject({ enabled: true, key: 'nl-key' });
    expect(config.providers['nl-seoji']).toMatchObject({ enabled: true, key: 'nl-key' });
    expect(config.providers.data4library.enabled).toBe(false);
    expect(loadCatalogConfig({ CATALOG_NL_KEY: 'nl-key', CATALOG_NL_SEOJI_KEY: 'seoji-key' }).providers['nl-seoji'].key).toBe(
      'seoji-key',
    );
  });

  it('keyless sources are on only when asked (or, for Google Books, given a key)', () => {
    expect(loadCatalogConfig({ CATALOG_OPEN_LIBRARY: 'on' }).providers['open-library'].enabled).toBe(true);
    expect(loadCatalogConfig({ CATALOG_GOOGLE_BOOKS: 'true' }).providers['google-books'].enabled).toBe(true);
    expect(loadCatalogConfig({ CATALOG_GOOGLE_BOOKS_KEY: 'gkey1234' }).providers['google-books']).toMatchObject({
      enabled: true,
      key: 'gkey1234',
    });
    expect(loadCatalogConfig({ CATALOG_GOOGLE_BOOKS: 'off' }).providers['google-books'].enabled).toBe(false);
  });

  it('base URLs and daily limits can be overridden (tests point them at the fake upstream)', () => {
    const config = loadCatalogConfig({
      CATALOG_YES24_BASE_URL: 'http://127.0.0.1:4567/yes24/',
      CATALOG_DATA4LIBRARY_DAILY_LIMIT: '30000',
      CATALOG_TIMEOUT_MS: '500',
    });
    expect(config.providers.yes24.baseUrl).toBe('http://127.0.0.1:4567/yes24');
    expect(config.providers.data4library.dailyLimit).toBe(30000);
    expect(config.timeoutMs).toBe(500);
  });

  it.each([
    ['CATALOG_YES24_BASE_URL', 'ftp://example.org'],
    ['CATALOG_KAKAO_BASE_URL', 'http://x/?q=1'],
    ['CATALOG_OPEN_LIBRARY', 'maybe'],
    ['CATALOG_TIMEOUT_MS', '10'],
    ['CATALOG_YES24_DAILY_LIMIT', '-5'],
    ['CATALOG_MAX_BODY_BYTES', 'lots'],
  ])('refuses %s=%j with a ConfigError naming it', (name, value) => {
    expect(() => loadCatalogConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadCatalogConfig({ [name]: value });
    } catch (error) {
      expect((error as ConfigError).variable).toBe(name);
      expect((error as Error).message).toContain(name);
    }
  });

  it('never repeats a key in its error', () => {
    try {
      loadCatalogConfig({ CATALOG_YES24_KEY: 'has a space secret' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).variable).toBe('CATALOG_YES24_KEY');
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('is a zod schema over the whole environment (other variables pass)', () => {
    expect(catalogConfigSchema.safeParse({ PATH: '/usr/bin', PEER_PORT: '9000' }).success).toBe(true);
  });
});
