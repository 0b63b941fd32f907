/**
 * Is the chip really visible where the reader clicked? The chip's host lives in the page's DOM, so a page
 * can hide it (opacity or a filter on an ancestor, a transparent container, something painted over it)
 * and let a real click land on it: clickjacking. A click counts only when the chip is visible to the eye.
 *
 * Two checks, both must pass:
 * - Chromium: IntersectionObserver v2 (`trackVisibility`) says the box is visible (no opacity < 1, filter or
 *   non-translation transform on the way up, nothing painted over it) and has said so for at least one
 *   report (reports come at most every 100 ms, so a chip made visible just before the click does not count).
 * - Everywhere (the only check in browsers without v2, e.g. Firefox): at the moment of the click, nothing on
 *   the host's ancestor chain is transparent, filtered, transformed, clipped or masked, and the click point
 *   hits the chip itself (not an element on top of it).
 */

type V2Entry = IntersectionObserverEntry & { isVisible?: boolean };

/** Style values on an ancestor that can make the chip invisible (or misplaced) while it still takes clicks. */
export function hidingStyle(cs: CSSStyleDeclaration): string | null {
  if (Number(cs.opacity) < 1) return 'opacity';
  if (cs.filter && cs.filter !== 'none') return 'filter';
  if (cs.transform && cs.transform !== 'none') return 'transform';
  if (cs.clipPath && cs.clipPath !== 'none') return 'clip-path';
  const mask = cs.maskImage || (cs as unknown as { webkitMaskImage?: string }).webkitMaskImage;
  if (mask && mask !== 'none') return 'mask';
  if (cs.mixBlendMode && cs.mixBlendMode !== 'normal') return 'mix-blend-mode';
  if (cs.visibility !== 'visible') return 'visibility';
  if (cs.contentVisibility === 'hidden') return 'content-visibility';
  return null;
}

export type VisibilityGuard = {
  /** True when this click on `target` (a button inside the chip's shadow root) may be honoured. */
  allows(event: MouseEvent, target: HTMLElement): boolean;
  /** Watch again after the chip was taken off the page and put back (it must be seen anew). */
  reconnect(): void;
  disconnect(): void;
};

export function guardVisibility(host: HTMLElement, root: ShadowRoot, box: HTMLElement): VisibilityGuard {
  const hasV2 = typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
  let visible = false;
  let observer: IntersectionObserver | null = null;
  if (hasV2) {
    observer = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1] as V2Entry | undefined;
        if (last) visible = last.isIntersecting && last.isVisible === true;
      },
      { threshold: [0, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
    observer.observe(box);
  }

  function ancestorsClear(): boolean {
    for (let el: Element | null = host; el; el = el.parentElement) {
      if (hidingStyle(getComputedStyle(el))) return false;
    }
    return true;
  }

  function hitsTarget(event: MouseEvent, target: HTMLElement): boolean {
    const rect = target.getBoundingClientRect();
    // A keyboard "click" (Enter, Space) has no pointer position: check the button's centre instead.
    const fromPointer = event.detail > 0 || event.clientX !== 0 || event.clientY !== 0;
    const x = fromPointer ? event.clientX : rect.left + rect.width / 2;
    const y = fromPointer ? event.clientY : rect.top + rect.height / 2;
    if (document.elementFromPoint(x, y) !== host) return false;
    const inner = root.elementFromPoint(x, y);
    return inner !== null && (inner === target || target.contains(inner));
  }

  return {
    allows(event, target) {
      if (!event.isTrusted) return false;
      if (hasV2 && !visible) return false;
      return host.isConnected && ancestorsClear() && hitsTarget(event, target);
    },
    reconnect() {
      visible = false;
      observer?.disconnect();
      observer?.observe(box);
    },
    disconnect() {
      visible = false;
      observer?.disconnect();
    },
  };
}
