import { describe, expect, it } from 'vitest';
import { formatRoomCode, generateRoomCode, isRoomCode, normalizeRoomCode, ROOM_CODE_ALPHABET } from './room-code';

describe('room codes', () => {
  it('has no look-alike characters in the alphabet', () => {
    for (const c of '0O1IL') expect(ROOM_CODE_ALPHABET).not.toContain(c);
    expect(new Set(ROOM_CODE_ALPHABET).size).toBe(ROOM_CODE_ALPHABET.length);
  });

  it('generates valid 6-character codes that differ', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = generateRoomCode();
      expect(isRoomCode(code)).toBe(true);
      codes.add(code);
    }
    expect(codes.size).toBeGreaterThan(495);
  });

  it('skips biased bytes (rejection sampling) and uses the injected source', () => {
    let call = 0;
    const code = generateRoomCode((bytes) => {
      call++;
      bytes.fill(call === 1 ? 255 : 0); // 255 >= 248 is thrown away; 0 maps to '2'
      return bytes;
    });
    expect(code).toBe('222222');
    expect(call).toBe(2);
  });

  it('fails loudly when the random source never yields usable bytes', () => {
    expect(() => generateRoomCode((b) => b.fill(250))).toThrow(/random source/);
  });

  it('normalises lower case, spaces and dashes', () => {
    expect(normalizeRoomCode('abc-def')).toBe('ABCDEF');
    expect(normalizeRoomCode('ab3-def')).toBe('AB3DEF');
    expect(normalizeRoomCode(' ab3 d e f ')).toBe('AB3DEF');
    expect(normalizeRoomCode('AB3—DEF'.replace('—', '–'))).toBe('AB3DEF');
  });

  it('refuses ambiguous characters, wrong lengths and non-strings', () => {
    for (const bad of ['AB0DEF', 'ABODEF', 'AB1DEF', 'ABIDEF', 'ABLDEF', 'AB3DE', 'AB3DEFG', '', 42, null, 'x'.repeat(100)]) {
      expect(normalizeRoomCode(bad)).toBe(null);
    }
    expect(isRoomCode('ab3def')).toBe(false);
  });

  it('formats with a dash in the middle', () => {
    expect(formatRoomCode('AB3DEF')).toBe('AB3-DEF');
  });
});
