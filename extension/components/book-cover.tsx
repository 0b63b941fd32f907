import { useState } from 'preact/hooks';

/**
 * A book's cover, or, when there is none or it cannot load, a placeholder with the title's first letter
 * (never the browser's broken-image icon). Used by the room's book card and the shelf; `class` sizes it.
 */
export function BookCover({ url, title, class: className }: { url: string | null | undefined; title: string; class: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (url && failed !== url) {
    return <img class={className} src={url} alt="" referrerpolicy="no-referrer" loading="lazy" onError={() => setFailed(url)} />;
  }
  return (
    <div class={`${className} placeholder`} aria-hidden="true" data-testid="book-cover-placeholder">
      {Array.from(title.trim())[0] ?? ''}
    </div>
  );
}
