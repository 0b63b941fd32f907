// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BookCard } from '../../../shared/schemas/peer-messages';

vi.mock('../../i18n', () => ({ t: (key: string) => key, uiLocale: () => 'en' }));
const { BookCardView } = await import('./book-card-view');

afterEach(cleanup);

const card: BookCard = {
  isbn13: '9791171711673',
  title: '필사 노트',
  authors: ['유선경'],
  coverUrl: 'https://image.yes24.com/goods/125557465/XL',
  url: 'https://www.yes24.com/product/goods/125557465',
  sharedBy: 'uidAlice123',
  sharedAt: 1_764_000_000_000,
};

describe('BookCardView', () => {
  it('loads a cover from a known book-image host', () => {
    const { container } = render(<BookCardView card={card} sharerName="Alice" />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://image.yes24.com/goods/125557465/XL');
  });

  it('never loads a cover from any other host, even if a card got past the schema (the placeholder shows)', () => {
    const { container } = render(
      <BookCardView card={{ ...card, coverUrl: 'https://tracker.example/pixel.gif?viewer=1' }} sharerName="Alice" />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.book-cover.placeholder')?.textContent).toBe('필');
  });

  it('links over https (a plain-http store link is upgraded; library http links stay)', () => {
    const upgraded = render(<BookCardView card={{ ...card, url: 'http://www.yes24.com/product/goods/1' }} sharerName="A" />);
    expect(upgraded.container.querySelector('a')?.getAttribute('href')).toBe('https://www.yes24.com/product/goods/1');
    cleanup();
    const library = render(
      <BookCardView card={{ ...card, url: 'http://lib.sdm.or.kr/sdmlib/searchResultDetail.do?bookKey=1' }} sharerName="A" />,
    );
    expect(library.container.querySelector('a')?.getAttribute('href')).toBe(
      'http://lib.sdm.or.kr/sdmlib/searchResultDetail.do?bookKey=1',
    );
  });
});
