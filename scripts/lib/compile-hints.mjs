// V8's explicit compile hint (Chrome 136+): a file that starts with this comment has all its functions compiled
// eagerly, on a background thread while the file streams in, instead of each one on the main thread the first time
// it is called. For the chunks on a guest's way into the web room's call, most of whose code runs on the way.
// Other engines ignore the comment. See bench/README.md (web room, "compile hints") for what it measured.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Put the hint first in every `.js` file directly in `dir` whose name matches `pattern`; a file that has it already is
 * left as it is. Returns the names of the files that carry it.
 */
export function addCompileHints(dir, pattern) {
  const hinted = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.js') || !pattern.test(name)) continue;
    const file = join(dir, name);
    const code = readFileSync(file, 'utf8');
    if (!code.startsWith(COMPILE_HINT)) writeFileSync(file, `${COMPILE_HINT}\n${code}`);
    hinted.push(name);
  }
  return hinted;
}
