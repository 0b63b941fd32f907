import type { CatalogProviderId } from '../../../../shared/schemas/catalog';
import { data4library } from './data4library';
import { googleBooks } from './google-books';
import { kakao } from './kakao';
import { nlSearch } from './nl-search';
import { nlSeoji } from './nl-seoji';
import { openLibrary } from './open-library';
import type { CatalogProvider } from './types';
import { yes24 } from './yes24';

/** Every source, by id (the file name is the id). */
export const PROVIDERS: Readonly<Record<CatalogProviderId, CatalogProvider>> = {
  'nl-seoji': nlSeoji,
  'nl-search': nlSearch,
  yes24,
  kakao,
  data4library,
  'google-books': googleBooks,
  'open-library': openLibrary,
};

/** The order sources are tried in, per question (issue 10). */
export const ORDER = {
  isbn: ['nl-seoji', 'yes24', 'kakao', 'google-books', 'open-library'],
  search: ['yes24', 'kakao'],
  // data4library's popular loans by KDC are the public alternative to store bestsellers.
  bestsellers: ['yes24', 'data4library'],
  newBooks: ['yes24', 'nl-seoji'],
  popular: ['data4library'],
  libraries: ['data4library'],
  availability: ['data4library'],
} as const satisfies Record<string, readonly CatalogProviderId[]>;
