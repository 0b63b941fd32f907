import { z } from 'zod';

/**
 * The one normalised list of interest categories (notes/book-sites.md §8c). Ids are stable ASCII: they are
 * stored in Firestore (profile interests, shelf entries, reader stats) and checked by the security rules,
 * so never rename one; add new ids at the end. `other` is where a book with no known category goes; it
 * is not offered as an interest and does not count as a category explored.
 */
export const CATEGORIES = [
  { id: 'novel', ko: '소설', en: 'Fiction' },
  { id: 'poetry-essay', ko: '시/에세이', en: 'Poetry & essays' },
  { id: 'humanities', ko: '인문', en: 'Humanities' },
  { id: 'society', ko: '사회/정치', en: 'Society & politics' },
  { id: 'business', ko: '경제/경영', en: 'Business & economics' },
  { id: 'self-help', ko: '자기계발', en: 'Self-help' },
  { id: 'history', ko: '역사', en: 'History' },
  { id: 'science', ko: '과학', en: 'Science' },
  { id: 'tech-it', ko: '기술/IT', en: 'Technology & IT' },
  { id: 'arts', ko: '예술', en: 'Arts' },
  { id: 'religion', ko: '종교', en: 'Religion' },
  { id: 'language', ko: '언어/외국어', en: 'Languages' },
  { id: 'travel', ko: '여행', en: 'Travel' },
  { id: 'health-hobby', ko: '건강/취미', en: 'Health & hobbies' },
  { id: 'home-cooking', ko: '가정/요리', en: 'Home & cooking' },
  { id: 'kids-teens', ko: '어린이/청소년', en: 'Children & teens' },
  { id: 'comics', ko: '만화', en: 'Comics' },
  { id: 'exam-study', ko: '수험/참고서', en: 'Exams & study guides' },
  { id: 'other', ko: '기타', en: 'Other' },
] as const;

export type Category = (typeof CATEGORIES)[number];
export type CategoryId = Category['id'];

export const CATEGORY_IDS = CATEGORIES.map((c) => c.id) as [CategoryId, ...CategoryId[]];
export const CategoryIdSchema = z.enum(CATEGORY_IDS);

/** The categories a reader can pick as interests (all but `other`). */
export const INTEREST_IDS = CATEGORY_IDS.filter((id) => id !== 'other') as Exclude<CategoryId, 'other'>[];
export const InterestIdSchema = CategoryIdSchema.exclude(['other']);

export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}

/** The label of a category in the reader's language ("ko" or anything else → English). */
export function categoryLabel(id: CategoryId, locale: string): string {
  const found = CATEGORIES.find((c) => c.id === id);
  if (!found) return id;
  return locale.toLowerCase().startsWith('ko') ? found.ko : found.en;
}

/**
 * Category from a KDC class number ("813.7", "325", "181.1"). KDC is not DDC: 600 is 예술 and 700 언어.
 * Literature goes by its third digit (the form): 1 시 and 4 수필 → poetry-essay, everything else
 * (소설, 희곡, 일기, 풍자…) → novel. Returns `other` for 000 (총류) and anything unparsable.
 */
export function categoryFromKdc(kdc: string): CategoryId {
  const match = /^\s*(\d)(\d)(\d)(?:\.\d+)?\s*$/.exec(kdc);
  if (!match) return 'other';
  const [, main, division, section] = match;
  const twoDigits = `${main}${division}`;
  switch (main) {
    case '1':
      return 'humanities';
    case '2':
      return 'religion';
    case '3':
      if (twoDigits === '32') return 'business'; // 320 경제학
      if (twoDigits === '37') return 'exam-study'; // 370 교육학 (수험·참고서 are shelved here)
      return 'society';
    case '4':
      return 'science';
    case '5':
      if (twoDigits === '51') return 'health-hobby'; // 510 의학
      if (twoDigits === '59') return 'home-cooking'; // 590 생활과학 (가정, 요리)
      return 'tech-it'; // 기술과학: engineering, computing, agriculture…
    case '6':
      if (twoDigits === '69') return 'health-hobby'; // 690 오락·스포츠
      if (`${main}${division}${section}` === '657') return 'comics'; // 657 만화·삽화
      return 'arts';
    case '7':
      return 'language';
    case '8':
      return section === '1' || section === '4' ? 'poetry-essay' : 'novel';
    case '9':
      if (twoDigits === '98') return 'travel'; // 980 지리 (여행기, 기행)
      return 'history';
    default:
      return 'other';
  }
}

type Rule = readonly [RegExp, CategoryId];

// Audience and format labels win wherever they sit in the path ("중/고등참고서 > 국어" is a study guide,
// not a language book; "만화 > 역사만화" is comics).
const AUDIENCE_RULES: readonly Rule[] = [
  [/만화|라이트\s*노벨|웹툰|comics?\b|manga/i, 'comics'],
  [/참고서|수험|자격증|대학\s*교재|전문\s*서적|취업|고시|공무원|토익|토플/i, 'exam-study'],
  [/어린이|유아|청소년|아동|그림책|동화|children|juvenile|young adult/i, 'kids-teens'],
];

// Subject labels: the deepest segment that names one wins ("소설/시/희곡 > 시" is poetry). Order matters
// inside a segment: "소설/시/희곡" is fiction, "사회과학" is society.
const SUBJECT_RULES: readonly Rule[] = [
  [/소설|희곡|장르\s*문학|fiction|novel/i, 'novel'],
  [/에세이|수필|시집|시조|^(한국|외국|영미|일본|중국)?\s*시$|(^|\/)시(\/|$)|poetry|essay/i, 'poetry-essay'],
  [/경제|경영|재테크|투자|마케팅|business|econom/i, 'business'],
  [/자기\s*계발|처세|self-help/i, 'self-help'],
  [/사회|정치|법률|법학|society|politic/i, 'society'],
  [/역사|문화사|history/i, 'history'],
  [/컴퓨터|모바일|(^|[\s/])IT($|[\s/])|프로그래밍|기술|공학|computer|technolog/i, 'tech-it'],
  [/과학|수학|science/i, 'science'],
  [/예술|대중\s*문화|음악|미술|사진|디자인|arts?\b/i, 'arts'],
  [/종교|역학|기독교|불교|religio/i, 'religion'],
  [/외국어|국어|어학|사전|언어|language/i, 'language'],
  [/여행|travel/i, 'travel'],
  [/건강|취미|실용|스포츠|레저|health|hobb|sport/i, 'health-hobby'],
  [/가정|살림|요리|육아|좋은\s*부모|cook/i, 'home-cooking'],
  [/인문|철학|심리|글쓰기|고전|인물|humanit|philosoph/i, 'humanities'],
];

// Labels that say nothing about the subject (the store's root, formats, sales sections).
const NEUTRAL_SEGMENT =
  /^(국내\s*도서|외국\s*도서|해외\s*도서|도서|책|ebook|e북|전자책|중고\s*도서|중고|books?|전집.*|잡지|베스트셀러|신간)$/i;

function firstMatch(segment: string, rules: readonly Rule[]): CategoryId | null {
  for (const [pattern, id] of rules) if (pattern.test(segment)) return id;
  return null;
}

/**
 * Category from a store category path as the detectors give it ("국내도서 > 소설/시/희곡 > 한국소설",
 * Aladin's "국내도서>소설/시/희곡>한국소설>2000년대 이후 한국소설", Kyobo's "국내도서 > 소설 > 일본소설").
 * The deepest segment that names a known subject wins; `other` when none does.
 */
export function categoryFromStorePath(path: string): CategoryId {
  const segments = path
    .split(/\s*(?:>|›|»|\|)\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !NEUTRAL_SEGMENT.test(s));
  for (const segment of segments) {
    const audience = firstMatch(segment, AUDIENCE_RULES);
    if (audience) return audience;
  }
  for (const segment of segments.reverse()) {
    const subject = firstMatch(segment, SUBJECT_RULES);
    if (subject) return subject;
  }
  return 'other';
}

/** The best category for a detected book: the store path first (more specific), then KDC, else `other`. */
export function categoryForBook(book: { categoryPath?: string | undefined; kdc?: string | undefined }): CategoryId {
  if (book.categoryPath) {
    const fromPath = categoryFromStorePath(book.categoryPath);
    if (fromPath !== 'other') return fromPath;
  }
  if (book.kdc) return categoryFromKdc(book.kdc);
  return 'other';
}
