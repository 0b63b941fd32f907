/**
 * Match patterns of the sites whose pages the content script runs on. Kept in step with the detectors
 * in extension/detectors/sites/ by a meta-test: every detector example URL is covered by one of these.
 */
export const BOOK_SITE_MATCHES = [
  // Korean bookstores
  '*://*.yes24.com/*',
  '*://*.kyobobook.co.kr/*',
  '*://*.aladin.co.kr/*',
  '*://*.interpark.com/*',
  // National Library of Korea and public libraries
  '*://*.nl.go.kr/*',
  '*://nl.go.kr/*',
  '*://lib.seoul.go.kr/*',
  '*://*.data4library.kr/*',
  '*://data4library.kr/*',
  // Global
  '*://*.amazon.com/*',
  '*://*.amazon.co.uk/*',
  '*://*.amazon.de/*',
  '*://*.amazon.fr/*',
  '*://*.amazon.es/*',
  '*://*.amazon.it/*',
  '*://*.amazon.ca/*',
  '*://*.amazon.co.jp/*',
  '*://*.amazon.com.au/*',
  '*://*.goodreads.com/*',
  '*://openlibrary.org/*',
  '*://books.google.com/*',
  '*://books.google.co.kr/*',
  '*://books.google.co.uk/*',
  '*://books.google.de/*',
  '*://books.google.fr/*',
  '*://books.google.es/*',
  '*://books.google.it/*',
  '*://books.google.co.jp/*',
  '*://books.google.ca/*',
  '*://books.google.com.au/*',
  '*://play.google.com/store/books/*',
  '*://www.google.com/books/*',
  '*://bookshop.org/*',
  '*://*.bookshop.org/*',
] as const;

/** Public-library OPAC hosts (KOLAS family) and the paths that mark their catalogue pages. */
export const OPAC_MATCHES = ['*://*.go.kr/*', '*://*.or.kr/*', '*://*.re.kr/*', '*://*.ac.kr/*'] as const;
export const OPAC_PATH_GLOBS = ['*SearchResultDetail.do*', '*searchResultDetail.do*', '*/kolaseek/*'] as const;
