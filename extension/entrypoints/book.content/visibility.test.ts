import { describe, expect, it } from 'vitest';
import { hidingStyle } from './visibility';

const style = (over: Partial<Record<string, string>>) =>
  ({
    opacity: '1',
    filter: 'none',
    transform: 'none',
    clipPath: 'none',
    maskImage: 'none',
    mixBlendMode: 'normal',
    visibility: 'visible',
    contentVisibility: 'visible',
    ...over,
  }) as unknown as CSSStyleDeclaration;

describe('hidingStyle: ancestor styles that could hide the chip while it still takes clicks', () => {
  it('a plain ancestor hides nothing', () => {
    expect(hidingStyle(style({}))).toBeNull();
  });

  it.each([
    [{ opacity: '0' }, 'opacity'],
    [{ opacity: '0.99' }, 'opacity'],
    [{ filter: 'opacity(0)' }, 'filter'],
    [{ transform: 'matrix(0.01, 0, 0, 0.01, 0, 0)' }, 'transform'],
    [{ clipPath: 'inset(50%)' }, 'clip-path'],
    [{ maskImage: 'linear-gradient(transparent, transparent)' }, 'mask'],
    [{ mixBlendMode: 'multiply' }, 'mix-blend-mode'],
    [{ visibility: 'hidden' }, 'visibility'],
    [{ contentVisibility: 'hidden' }, 'content-visibility'],
  ])('%o → %s', (over, expected) => {
    expect(hidingStyle(style(over))).toBe(expected);
  });
});
