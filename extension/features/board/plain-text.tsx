import { Fragment } from 'preact';

/**
 * Board text is plain text: line breaks are kept (CSS white-space: pre-wrap), http(s) links become
 * clickable, and nothing else is rendered. Everything goes through text nodes, never innerHTML, so
 * markup and script in a post stay the characters they are.
 */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// A link runs to the next whitespace; trailing punctuation that usually ends a sentence stays outside.
const LINK = /https?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}'"»」』”’]+$/;

export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index ?? 0;
    let raw = match[0];
    const trail = raw.match(TRAILING)?.[0] ?? '';
    if (trail) raw = raw.slice(0, raw.length - trail.length);
    const href = safeLink(raw);
    if (!href) continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

function safeLink(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}

export function PlainText({ text, class: className = 'plain-text', testId }: { text: string; class?: string; testId?: string }) {
  return (
    <div class={className} data-testid={testId}>
      {segments(text).map((s, i) =>
        s.kind === 'text' ? (
          <Fragment key={i}>{s.text}</Fragment>
        ) : (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {s.text}
          </a>
        ),
      )}
    </div>
  );
}
