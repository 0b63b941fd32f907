/** The explicit list of detectors. Order matters only for readability: site URL patterns never overlap. */
import { aladin } from './sites/aladin';
import { amazon } from './sites/amazon';
import { bookshop } from './sites/bookshop';
import { data4library } from './sites/data4library';
import { generic } from './sites/generic';
import { goodreads } from './sites/goodreads';
import { googleBooks } from './sites/google-books';
import { interpark } from './sites/interpark';
import { kolasOpac } from './sites/kolas-opac';
import { kyobo } from './sites/kyobo';
import { nlKorea } from './sites/nl-korea';
import { openlibrary } from './sites/openlibrary';
import { seoulLibrary } from './sites/seoul-library';
import { yes24 } from './sites/yes24';
import type { SiteDetector } from './types';

/** Site detectors, tried by URL. */
export const SITE_DETECTORS: readonly SiteDetector[] = [
  interpark,
  nlKorea,
  kolasOpac,
  seoulLibrary,
  data4library,
  yes24,
  kyobo,
  aladin,
  amazon,
  goodreads,
  openlibrary,
  googleBooks,
  bookshop,
];

/** Runs only when no site detector claims the URL. */
export const GENERIC_DETECTOR: SiteDetector = generic;

/** Every detector, generic last. */
export const DETECTORS: readonly SiteDetector[] = [...SITE_DETECTORS, GENERIC_DETECTOR];
