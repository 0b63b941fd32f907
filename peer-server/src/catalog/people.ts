/**
 * Author strings → people with roles (pure). Sources write contributors as one string in many styles:
 * - seoji: "A,B,C 지음 ;D 옮김";  YES24: "A 저/B 역", "A 글/B 그림", "A 글·그림";
 * - data4library: "지은이: A ;옮긴이: B";  Aladin-style "A (지은이), B (옮긴이)";  "A 외 지음".
 * Each person is sorted into authors or translators by the role that goes with them.
 */

export type People = { authors: string[]; translators: string[] };

const TRANSLATOR_ROLES = /^(옮김|옮긴이|역|역자|번역|공역|편역|譯|translator|translated by|trans\.?)$/i;
// Longest first so "글·그림" wins over "그림".
const ROLE_WORDS = [
  '글·그림',
  '글/그림',
  '글그림',
  '옮긴이',
  '지은이',
  '엮은이',
  '그린이',
  '공저',
  '공역',
  '편역',
  '편저',
  '편집',
  '역자',
  '저자',
  '번역',
  '지음',
  '옮김',
  '엮음',
  '감수',
  '원작',
  '각색',
  '사진',
  '기획',
  '해설',
  '그림',
  '글',
  '저',
  '역',
  '편',
  '著',
  '譯',
  'translator',
  'illustrator',
  'author',
  'editor',
];
const ROLE_ALT = ROLE_WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
/** "지은이: A" / "옮긴이 : B" */
const PREFIX_ROLE = new RegExp(`^\\s*(${ROLE_ALT})\\s*[:：]\\s*`, 'i');
/** "A 지음", "A, B 공저", "A 외 지음" (the role as the last word) */
const SUFFIX_ROLE = new RegExp(`(?:^|\\s)(?:외\\s*)?(${ROLE_ALT})\\.?\\s*$`, 'i');
/** "A (지은이)", "A [역]" */
const PAREN_ROLE = new RegExp(`[([]\\s*(${ROLE_ALT})\\s*[)\\]]\\s*$`, 'i');

function isTranslator(role: string | null): boolean {
  return role !== null && TRANSLATOR_ROLES.test(role.trim());
}

function cleanName(raw: string): string {
  return raw
    .replace(/\s+외\s*\d*\s*(?:명|인)?\s*$/, '') // "A 외", "A 외 2명"
    .replace(/^(?:by|and)\s+/i, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:·]+|[\s,.;:·]+$/g, '')
    .trim();
}

function push(list: string[], name: string, max: number) {
  if (name.length === 0 || name.length > max || list.includes(name)) return;
  if (/^(외|등|and)$/i.test(name) || ROLE_WORDS.includes(name.toLowerCase())) return;
  list.push(name);
}

/**
 * Split one contributor string (or a list of them) into authors and translators. A segment without any
 * role counts as authors, unless `defaultRole` says otherwise (Kakao's `translators[]`).
 */
export function splitPeople(input: unknown, options: { defaultRole?: 'author' | 'translator'; maxLength?: number } = {}): People {
  const out: People = { authors: [], translators: [] };
  const max = options.maxLength ?? 120;
  const values = Array.isArray(input) ? input : [input];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const text = value
      .replace(/<\/?[a-z][^<>]*>/gi, '')
      .replace(/글\s*\/\s*그림/g, '글·그림')
      .replace(/\s+/g, ' ');
    // Segments: ";" and "/" separate role groups ("A 저/B 역", "A 지음 ;B 옮김"), " | " too.
    for (const rawSegment of text.split(/\s*[;/|]\s*/)) {
      let segment = rawSegment.trim();
      if (segment.length === 0) continue;
      let role: string | null = null;
      const prefix = PREFIX_ROLE.exec(segment);
      if (prefix?.[1]) {
        role = prefix[1];
        segment = segment.slice(prefix[0].length);
      } else {
        const suffix = SUFFIX_ROLE.exec(segment);
        // A lone role word with no name ("저") is not a person.
        if (suffix?.[1] && suffix.index > 0) {
          role = suffix[1];
          segment = segment.slice(0, suffix.index);
        }
      }
      for (const rawName of segment.split(/\s*[,，、]\s*|\s+(?:and|&)\s+/i)) {
        let name = rawName;
        let personRole = role;
        const paren = PAREN_ROLE.exec(name);
        if (paren?.[1]) {
          personRole = paren[1];
          name = name.slice(0, paren.index);
        }
        name = cleanName(name);
        const translator = personRole === null ? options.defaultRole === 'translator' : isTranslator(personRole);
        push(translator ? out.translators : out.authors, name, max);
      }
    }
  }
  return out;
}
