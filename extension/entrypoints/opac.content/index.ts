import { defineContentScript } from 'wxt/utils/define-content-script';
import { runBookContent } from '../book.content';
import { OPAC_MATCHES, OPAC_PATH_GLOBS } from '../book.content/matches';

// Korean public libraries run the same OPAC software (KOLAS/JNet "plusSearch") on hundreds of their own
// hosts, so this script matches by path on .go.kr / .or.kr hosts instead of by host name.
export default defineContentScript({
  matches: [...OPAC_MATCHES],
  includeGlobs: [...OPAC_PATH_GLOBS],
  runAt: 'document_idle',
  main: runBookContent,
});
