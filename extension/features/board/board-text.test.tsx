// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../i18n', () => ({
  t: (key: string, sub?: string | string[]) => (sub ? `${key}:${[sub].flat().join(',')}` : key),
  uiLocale: () => 'en',
}));
const { PlainText, segments } = await import('./plain-text');
const { SpoilerGate } = await import('./spoiler-gate');
const { defaultSpoilerPage, spoilerState } = await import('./spoiler');

afterEach(cleanup);

describe('plain text: line breaks kept, http(s) links clickable, nothing else rendered', () => {
  it('markup and script stay text', () => {
    const hostile = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"><b>bold</b>';
    const { container } = render(<PlainText text={hostile} />);
    expect(container.querySelector('script, img, b')).toBeNull();
    expect(container.textContent).toBe(hostile);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });
  it('keeps line breaks as characters (shown by pre-wrap)', () => {
    const { container } = render(<PlainText text={'첫 줄\n둘째 줄\n\n넷째 줄'} />);
    expect(container.textContent).toBe('첫 줄\n둘째 줄\n\n넷째 줄');
    expect(container.querySelector('br')).toBeNull();
  });
  it('http(s) links become links that open in a new tab; other schemes stay text', () => {
    const { container } = render(
      <PlainText text={'see https://example.org/a?b=1, and javascript:alert(1) or data:text/html,x or ftp://x.y'} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org/a?b=1']);
    expect(links[0]?.getAttribute('rel')).toContain('noopener');
    expect(links[0]?.getAttribute('target')).toBe('_blank');
    expect(container.textContent).toContain('javascript:alert(1)');
  });
  it('a link does not take the sentence punctuation; a link with a quote ends there', () => {
    expect(segments('(http://a.kr/x).')).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', text: 'http://a.kr/x', href: 'http://a.kr/x' },
      { kind: 'text', text: ').' },
    ]);
    const s = segments('https://a.kr/"onmouseover="x');
    expect(s[0]).toEqual({ kind: 'link', text: 'https://a.kr/', href: 'https://a.kr/' });
  });
  it('credentials in a link are not linked', () => {
    expect(segments('https://user:pw@evil.example/').every((s) => s.kind === 'text')).toBe(true);
  });
});

describe('spoilers by progress', () => {
  const at = (currentPage: number, status = 'reading', rereadCount = 0) => ({ currentPage, status, rereadCount });
  it('below the page, or with no progress, the text is collapsed; at or past it, open', () => {
    expect(spoilerState(200, at(50))).toBe('collapsed');
    expect(spoilerState(200, null)).toBe('collapsed');
    expect(spoilerState(200, at(199))).toBe('collapsed');
    expect(spoilerState(200, at(200))).toBe('open');
    expect(spoilerState(200, at(210))).toBe('open');
  });
  it('no spoiler page, the author, a finished or reread book: open', () => {
    expect(spoilerState(null, null)).toBe('open');
    expect(spoilerState(200, null, { viewerIsAuthor: true })).toBe('open');
    expect(spoilerState(200, at(0, 'read'))).toBe('open');
    expect(spoilerState(200, at(3, 'reading', 1))).toBe('open');
  });
  it('the default spoiler page is the author’s current page (none at page 0 or off the shelf)', () => {
    expect(defaultSpoilerPage(at(200))).toBe(200);
    expect(defaultSpoilerPage(at(0))).toBeNull();
    expect(defaultSpoilerPage(null)).toBeNull();
  });
  it('the gate collapses, "show anyway" opens it, and progress past the page opens it live', () => {
    const view = render(
      <SpoilerGate spoilerPage={200} progress={at(50)}>
        <p data-testid="secret">the ending</p>
      </SpoilerGate>,
    );
    expect(view.queryByTestId('secret')).toBeNull();
    expect(view.getByTestId('spoiler').textContent).toContain('boardSpoilerCollapsed:200');
    view.rerender(
      <SpoilerGate spoilerPage={200} progress={at(210)}>
        <p data-testid="secret">the ending</p>
      </SpoilerGate>,
    );
    expect(view.getByTestId('secret').textContent).toBe('the ending');
    cleanup();
    const other = render(
      <SpoilerGate spoilerPage={200} progress={null}>
        <p data-testid="secret">the ending</p>
      </SpoilerGate>,
    );
    fireEvent.click(other.getByTestId('spoiler-show'));
    expect(other.getByTestId('secret')).toBeTruthy();
  });
});
