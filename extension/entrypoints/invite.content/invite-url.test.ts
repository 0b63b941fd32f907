import { describe, expect, it } from 'vitest';
import { INVITE_PLACEHOLDER_MATCH, inviteMatches, parseInviteUrl } from './invite-url';

const LOCAL = 'http://127.0.0.1:9000';

describe('parseInviteUrl', () => {
  it('reads the code of an invite page in any of the ways people write it', () => {
    for (const path of [
      '/r/ABC-DEF',
      '/r/ABCDEF',
      '/r/abc-def',
      '/r/ABC-DEF/',
      '/r/abc%20def',
      '/r/ABC-DEF?lang=ko',
      '/r/ABC-DEF#x',
    ]) {
      expect(parseInviteUrl(`${LOCAL}${path}`, LOCAL), path).toBe('ABCDEF');
    }
  });

  it('follows a server mounted under a path, with or without a trailing slash in the setting', () => {
    expect(parseInviteUrl('https://chaekbang.example/rooms/r/K7P-2QX', 'https://chaekbang.example/rooms/')).toBe('K7P2QX');
    expect(parseInviteUrl('https://chaekbang.example/r/K7P-2QX', 'https://chaekbang.example/rooms')).toBeNull();
  });

  it('ignores malformed codes: wrong length, look-alike letters, extra path parts, bad escapes', () => {
    for (const path of [
      '/r/',
      '/r/ABCDE',
      '/r/ABCDEFG',
      '/r/ABC-DE0',
      '/r/ILO-123',
      '/r/ABC-DEF/extra',
      '/r/%E0%A4%A',
      '/r/<script>',
      `/r/${'A'.repeat(5000)}`,
      '/room/ABC-DEF',
      '/ABC-DEF',
    ]) {
      expect(parseInviteUrl(`${LOCAL}${path}`, LOCAL), path).toBeNull();
    }
  });

  it('only on the configured server: another port, host or scheme is not an invite page', () => {
    expect(parseInviteUrl('http://127.0.0.1:9001/r/ABC-DEF', LOCAL)).toBeNull();
    expect(parseInviteUrl('http://localhost:9000/r/ABC-DEF', LOCAL)).toBeNull();
    expect(parseInviteUrl('https://127.0.0.1:9000/r/ABC-DEF', LOCAL)).toBeNull();
    expect(parseInviteUrl('https://evil.example/r/ABC-DEF', 'https://chaekbang.example')).toBeNull();
  });

  it('never throws on junk', () => {
    expect(parseInviteUrl('not a url', LOCAL)).toBeNull();
    expect(parseInviteUrl(`${LOCAL}/r/ABC-DEF`, 'not a url')).toBeNull();
    expect(parseInviteUrl(`${LOCAL}/r/ABC-DEF`, 'ftp://127.0.0.1/')).toBeNull();
    expect(parseInviteUrl(undefined as unknown as string, LOCAL)).toBeNull();
  });
});

describe('inviteMatches', () => {
  it('builds the pattern from the configured server (match patterns cannot name a port)', () => {
    expect(inviteMatches(LOCAL)).toEqual(['http://127.0.0.1/r/*']);
    expect(inviteMatches('https://chaekbang.example')).toEqual(['https://chaekbang.example/r/*']);
    expect(inviteMatches('https://chaekbang.example/rooms/')).toEqual(['https://chaekbang.example/rooms/r/*']);
  });
  it('refuses what is not an http(s) URL, and the placeholder never matches a real site', () => {
    expect(() => inviteMatches('ws://x')).toThrow(/peer-server URL/);
    expect(INVITE_PLACEHOLDER_MATCH).toMatch(/\.invalid\//);
  });
});
