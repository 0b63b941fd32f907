import { describe, expect, it } from 'vitest';
import {
  COVER_HOSTS,
  isAllowedBookLink,
  isAllowedCoverUrl,
  isHttpLibraryHost,
  safeBookLink,
  safeCoverUrl,
  safePhotoUrl,
} from './cover-hosts';

describe('safeCoverUrl', () => {
  it('keeps https covers from the book sites’ image hosts', () => {
    for (const url of [
      'https://image.yes24.com/goods/125557465/XL',
      'https://contents.kyobobook.co.kr/sih/fit-in/458x0/pdt/9788936434267.jpg',
      'https://image.aladin.co.kr/product/6387/88/cover500/8936434128_1.jpg',
      'https://m.media-amazon.com/images/I/81abc.jpg',
      'https://covers.openlibrary.org/b/isbn/9788936434120-M.jpg',
      'https://books.google.co.kr/books/content?id=abc&printsec=frontcover&img=1',
      'https://cover.nl.go.kr/kolis/2024/abc.jpg',
    ]) {
      expect(safeCoverUrl(url), url).toBe(url);
      expect(isAllowedCoverUrl(url)).toBe(true);
    }
  });

  it('upgrades http on a known image host to https', () => {
    expect(safeCoverUrl('http://image.yes24.com/goods/13137546/L')).toBe('https://image.yes24.com/goods/13137546/L');
    expect(safeCoverUrl('http://image.aladin.co.kr/product/1/2/cover/x_1.jpg')).toBe(
      'https://image.aladin.co.kr/product/1/2/cover/x_1.jpg',
    );
    expect(isAllowedCoverUrl('http://image.yes24.com/goods/13137546/L')).toBe(false);
  });

  it('refuses any other host, lookalikes, ports, credentials and other schemes (the placeholder shows instead)', () => {
    for (const url of [
      'https://tracker.example/pixel.gif?u=1',
      'https://image.yes24.com.evil.example/x.jpg',
      'https://evilimage.yes24.com/x.jpg',
      'https://image.yes24.com:8443/x.jpg',
      'https://user:pw@image.yes24.com/x.jpg',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'ftp://image.yes24.com/x.jpg',
      ' https://image.yes24.com/x.jpg',
      'not a url',
      '',
    ]) {
      expect(safeCoverUrl(url), url).toBeNull();
      expect(isAllowedCoverUrl(url)).toBe(false);
    }
    expect(safeCoverUrl(undefined)).toBeNull();
    expect(safeCoverUrl(null)).toBeNull();
  });

  it('lists hosts only (no scheme, path or wildcard)', () => {
    for (const host of COVER_HOSTS) expect(host).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });
});

describe('book links', () => {
  it('keeps https, keeps http only to library hosts, upgrades other http, refuses other schemes', () => {
    expect(safeBookLink('https://www.yes24.com/Product/Goods/13137546')).toBe('https://www.yes24.com/Product/Goods/13137546');
    expect(safeBookLink('http://www.yes24.com/Product/Goods/13137546')).toBe('https://www.yes24.com/Product/Goods/13137546');
    expect(safeBookLink('http://lib.sdm.or.kr/sdmlib/searchResultDetail.do?bookKey=1')).toBe(
      'http://lib.sdm.or.kr/sdmlib/searchResultDetail.do?bookKey=1',
    );
    expect(safeBookLink('http://data4library.kr/bookV?seq=123')).toBe('http://data4library.kr/bookV?seq=123');
    expect(safeBookLink('javascript:alert(1)')).toBeNull();
    expect(safeBookLink('https://u:p@example.com/')).toBeNull();
    expect(isAllowedBookLink('http://www.nl.go.kr/book/1')).toBe(true);
    expect(isAllowedBookLink('http://www.yes24.com/Product/Goods/1')).toBe(false);
    expect(isAllowedBookLink('http://evil-go.kr.example/x')).toBe(false);
    expect(isHttpLibraryHost('notgo.kr')).toBe(false);
    expect(isHttpLibraryHost('lib.seoul.go.kr')).toBe(true);
  });
});

describe('safePhotoUrl', () => {
  it("loads another reader's photo only from account-photo hosts", () => {
    expect(safePhotoUrl('https://lh3.googleusercontent.com/a/ACg8oc=s96-c', { own: false })).toBe(
      'https://lh3.googleusercontent.com/a/ACg8oc=s96-c',
    );
    expect(safePhotoUrl('https://secure.gravatar.com/avatar/abc', { own: false })).toBe('https://secure.gravatar.com/avatar/abc');
    expect(safePhotoUrl('https://tracker.example/pixel.gif?viewer=1', { own: false })).toBeNull();
    expect(safePhotoUrl('https://googleusercontent.com.evil.example/a.png', { own: false })).toBeNull();
  });

  it('shows the own photo from any https host, never http, odd ports or credentials', () => {
    expect(safePhotoUrl('https://photos.example/me.png', { own: true })).toBe('https://photos.example/me.png');
    expect(safePhotoUrl('http://lh3.googleusercontent.com/a.png', { own: true })).toBeNull();
    expect(safePhotoUrl('https://lh3.googleusercontent.com:8443/a.png', { own: false })).toBeNull();
    expect(safePhotoUrl('https://u:p@lh3.googleusercontent.com/a.png', { own: false })).toBeNull();
    expect(safePhotoUrl(null, { own: true })).toBeNull();
  });
});
