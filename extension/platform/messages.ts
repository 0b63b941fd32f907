/** One entry of a `_locales/<lang>/messages.json` catalogue. */
export type CatalogueEntry = { message: string; placeholders?: Record<string, { content: string }> };
export type Catalogue = Record<string, CatalogueEntry>;

/**
 * `browser.i18n.getMessage` outside the extension: named placeholders ($NAME$, case-insensitive) become their
 * `content`, `$1`…`$9` in it the substitutions, `$$` a dollar sign. Unknown key: ''.
 */
export function formatMessage(catalogue: Catalogue, key: string, substitutions?: string | string[]): string {
  const entry = Object.hasOwn(catalogue, key) ? catalogue[key] : undefined;
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  const fill = (text: string) => text.replace(/\$(\d)/g, (_m, d: string) => subs[Number(d) - 1] ?? '');
  // One pass, so a substituted name containing "$1" or "$NAME$" is never read again.
  return entry.message.replace(
    /\$\$|\$([A-Za-z][A-Za-z0-9_@]*)\$|\$(\d)/g,
    (m, name: string | undefined, digit: string | undefined) => {
      if (digit) return subs[Number(digit) - 1] ?? '';
      if (!name) return '$';
      const content = placeholders.get(name.toLowerCase());
      return content === undefined ? m : fill(content);
    },
  );
}

export { pickLanguage } from '../../shared/ui-language';
