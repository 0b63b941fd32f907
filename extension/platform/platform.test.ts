import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', () => ({
  browser: {
    i18n: { getMessage: (key: string, subs?: string | string[]) => (key === 'roomJoin' ? `ext:${String(subs ?? '')}` : '') },
  },
}));
const { installPlatform, platform } = await import('./platform');
const { t, uiLocale } = await import('../i18n');
const { extensionPlatform } = await import('./extension-platform');

afterEach(() => {
  installPlatform(extensionPlatform);
});

describe('platform seam', () => {
  it('the extension is the default: t() reads browser.i18n, an unknown key shows as itself', () => {
    expect(platform().kind).toBe('extension');
    expect(t('roomJoin', 'x')).toBe('ext:x');
    expect(t('roomLeave')).toBe('roomLeave');
  });

  it('an entry point installs another platform: t(), uiLocale() and the session area follow it', () => {
    const area = { get: vi.fn(), set: vi.fn(), remove: vi.fn() };
    const previous = installPlatform({
      kind: 'web',
      message: (key, subs) => `web:${key}:${String(subs ?? '')}`,
      uiLanguage: () => 'ko',
      sessionArea: () => area,
      openPermissionPage: null,
    });
    expect(previous.kind).toBe('extension');
    expect(t('roomLeave')).toBe('web:roomLeave:');
    expect(t('roomJoin', ['a', 'b'])).toBe('web:roomJoin:a,b');
    expect(uiLocale()).toBe('ko');
    expect(platform().sessionArea()).toBe(area);
    expect(platform().openPermissionPage).toBeNull();
  });
});
