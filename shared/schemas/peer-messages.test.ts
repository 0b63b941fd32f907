import { describe, expect, it } from 'vitest';
import {
  type BookCard,
  buildStateMessage,
  type ChatEntry,
  encodePeerMessage,
  PEER_MESSAGE_LIMITS,
  PEER_PROTOCOL_VERSION,
  type PeerMessage,
  parsePeerMessage,
  utf8Length,
} from './peer-messages';

const T = 1_764_000_000_000;
const card: BookCard = {
  isbn13: '9788936434120',
  title: '소년이 온다',
  authors: ['한강'],
  publisher: '창비',
  coverUrl: 'https://image.yes24.com/goods/13137546/XL',
  url: 'https://www.yes24.com/Product/Goods/13137546',
  sharedBy: 'uidAlice123',
  sharedAt: T,
};
const valid: PeerMessage[] = [
  {
    type: 'hello',
    v: PEER_PROTOCOL_VERSION,
    displayName: '김독서',
    badge: 'bookworm-2',
    level: 7,
    muted: false,
    cameraOff: true,
  },
  { type: 'hello', v: 1, displayName: 'Reader', muted: true, cameraOff: false },
  { type: 'state', bookCard: card, chat: [{ id: 'm1', from: 'uidAlice123', fromName: '앨리스', text: '안녕하세요', sentAt: T }] },
  { type: 'state', bookCard: null, chat: [] },
  { type: 'chat', id: 'abc_123-x', text: '3장 어땠어요?', sentAt: T },
  { type: 'mute', muted: true, cameraOff: false },
  { type: 'book-card', card },
  { type: 'book-card', card: { ...card, publisher: undefined, coverUrl: undefined } as BookCard },
  { type: 'book-card-clear' },
  { type: 'goodbye' },
  { type: 'ping', id: 'p1', sentAt: T },
  { type: 'pong', id: 'p1', sentAt: T },
  { type: 'room-changed' },
  { type: 'sprint-result', sprintId: 'sprint_1-a', pagesRead: 23, bookTitle: '소년이 온다' },
  { type: 'sprint-result', sprintId: 's2', pagesRead: 0, bookTitle: null },
];

const reasonOf = (raw: unknown) => {
  const r = parsePeerMessage(raw);
  return r.ok ? 'ok' : r.reason;
};

describe('parsePeerMessage', () => {
  it.each(valid.map((m) => [m.type, m] as const))('accepts a valid %s (as JSON text and as an object)', (_type, message) => {
    const fromText = parsePeerMessage(JSON.stringify(message));
    expect(fromText).toEqual({ ok: true, message: JSON.parse(JSON.stringify(message)) });
    expect(parsePeerMessage(message).ok).toBe(true);
  });

  it('refuses unknown types, non-objects and junk without throwing', () => {
    for (const raw of [
      undefined,
      null,
      0,
      42,
      true,
      '',
      'hello',
      '[]',
      '"chat"',
      'null',
      '{',
      [],
      [1, 2],
      { type: 'eval' },
      { type: 'HELLO' },
      { type: 1 },
      {},
      () => 1,
      Symbol('x'),
      10n,
    ]) {
      const r = parsePeerMessage(raw);
      expect(r.ok).toBe(false);
    }
    expect(reasonOf({ type: 'offer' })).toBe('unknown message type');
  });

  it('refuses extra fields and wrong types', () => {
    expect(reasonOf({ type: 'goodbye', extra: 1 })).toMatch(/invalid goodbye/);
    expect(reasonOf({ type: 'chat', id: 'a', text: 'x', sentAt: T, html: '<b>' })).toMatch(/invalid chat/);
    expect(reasonOf({ type: 'chat', id: 'a', text: 5, sentAt: T })).toMatch(/invalid chat message at text/);
    expect(reasonOf({ type: 'chat', id: 'a', text: 'x', sentAt: 'yesterday' })).toMatch(/sentAt/);
    expect(reasonOf({ type: 'chat', id: 'a', text: 'x', sentAt: 1.5 })).toMatch(/sentAt/);
    expect(reasonOf({ type: 'mute', muted: 'yes', cameraOff: false })).toMatch(/muted/);
    expect(reasonOf({ type: 'hello', v: 1, displayName: 'a', muted: false })).toMatch(/cameraOff/);
    expect(reasonOf({ type: 'book-card', card: { ...card, authors: 'Han Kang' } })).toMatch(/card\.authors/);
    expect(reasonOf({ type: 'book-card', card: { ...card, isbn13: '9788936434121x' } })).toMatch(/isbn13/);
  });

  it('refuses oversized messages (huge strings) before parsing them', () => {
    const huge = 'x'.repeat(PEER_MESSAGE_LIMITS.maxBytes + 1);
    expect(reasonOf(huge)).toMatch(/larger than 16384 bytes/);
    expect(reasonOf({ type: 'chat', id: 'a', text: huge, sentAt: T })).toMatch(/larger than/);
    expect(reasonOf(JSON.stringify({ type: 'chat', id: 'a', text: 'y'.repeat(10_000_000), sentAt: T }))).toMatch(/larger than/);
    // multi-byte text counts by UTF-8 bytes: 6,000 Hangul syllables = 18,000 bytes
    expect(reasonOf(JSON.stringify({ type: 'chat', id: 'a', text: '가'.repeat(6000), sentAt: T }))).toMatch(/larger than/);
    expect(reasonOf({ type: 'chat', id: 'a', text: 'z'.repeat(501), sentAt: T })).toMatch(/text/);
    expect(reasonOf({ type: 'chat', id: 'a', text: '가'.repeat(500), sentAt: T })).toBe('ok');
  });

  it('refuses prototype-pollution keys and leaves Object.prototype alone', () => {
    const attacks = [
      '{"type":"goodbye","__proto__":{"polluted":true}}',
      '{"type":"chat","id":"a","text":"x","sentAt":1764000000000,"__proto__":{"polluted":true}}',
      '{"type":"hello","v":1,"displayName":"a","muted":false,"cameraOff":false,"constructor":{"prototype":{"polluted":true}}}',
      '{"__proto__":{"type":"goodbye"}}',
      '{"type":"state","bookCard":null,"chat":[{"__proto__":{"polluted":true},"id":"a","from":"u","fromName":"n","text":"t","sentAt":1764000000000}]}',
    ];
    for (const raw of attacks) expect(parsePeerMessage(raw).ok).toBe(false);
    const obj = JSON.parse('{"type":"goodbye","__proto__":{"polluted":true}}');
    expect(parsePeerMessage(obj).ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses nested junk, cycles and deep nesting without throwing', () => {
    const cyclic: Record<string, unknown> = { type: 'chat' };
    cyclic.self = cyclic;
    expect(reasonOf(cyclic)).toMatch(/serialisable/);
    expect(reasonOf({ type: 'chat', id: 'a', text: 'x', sentAt: 10n })).toMatch(/serialisable/);
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
    expect(parsePeerMessage(`{"type":"state","bookCard":null,"chat":${deep}}`).ok).toBe(false);
    expect(parsePeerMessage({ type: 'state', bookCard: { nested: { a: [1, { b: 2 }] } }, chat: [] }).ok).toBe(false);
    const withGetter = {
      type: 'goodbye',
      get boom() {
        throw new Error('getter ran');
      },
    };
    expect(() => parsePeerMessage(withGetter)).not.toThrow();
    expect(parsePeerMessage(new Date()).ok).toBe(false);
  });

  it('keeps markup in text as text (it is rendered with textContent, never parsed)', () => {
    const text = '<img src=x onerror="alert(1)"><script>alert(2)</script>&amp;';
    const r = parsePeerMessage({ type: 'chat', id: 'x', text, sentAt: T });
    expect(r).toEqual({ ok: true, message: { type: 'chat', id: 'x', text, sentAt: T } });
  });

  it('refuses javascript:, data: and non-https cover URLs and credentials in URLs', () => {
    const cardWith = (over: Partial<BookCard>) => ({ type: 'book-card', card: { ...card, ...over } });
    expect(reasonOf(cardWith({ url: 'javascript:alert(1)' }))).toMatch(/card\.url/);
    expect(reasonOf(cardWith({ url: 'JaVaScRiPt:alert(1)//https://x' }))).toMatch(/card\.url/);
    expect(reasonOf(cardWith({ url: ' https://example.com' }))).toMatch(/card\.url/);
    expect(reasonOf(cardWith({ url: 'data:text/html,<script>' }))).toMatch(/card\.url/);
    expect(reasonOf(cardWith({ url: 'https://user:pw@example.com/' }))).toMatch(/card\.url/);
    expect(reasonOf(cardWith({ url: '/relative/path' }))).toMatch(/card\.url/);
    expect(reasonOf(cardWith({ coverUrl: 'http://image.example/cover.jpg' }))).toMatch(/coverUrl/);
    expect(reasonOf(cardWith({ coverUrl: 'javascript:alert(1)' }))).toMatch(/coverUrl/);
    expect(reasonOf(cardWith({ url: 'http://www.nl.go.kr/book/1' }))).toBe('ok');
  });

  it('loads covers only from known book-image hosts, and links over http only to library sites', () => {
    const cardWith = (over: Partial<BookCard>) => ({ type: 'book-card', card: { ...card, ...over } });
    expect(reasonOf(cardWith({ coverUrl: 'https://tracker.example/pixel.gif?viewer=1' }))).toMatch(/coverUrl/);
    expect(reasonOf(cardWith({ coverUrl: 'https://image.yes24.com.evil.example/x.jpg' }))).toMatch(/coverUrl/);
    expect(reasonOf(cardWith({ coverUrl: 'https://image.yes24.com:444/x.jpg' }))).toMatch(/coverUrl/);
    expect(reasonOf(cardWith({ coverUrl: 'https://contents.kyobobook.co.kr/pdt/9788936434120.jpg' }))).toBe('ok');
    expect(reasonOf(cardWith({ url: 'http://www.yes24.com/Product/Goods/13137546' }))).toMatch(/card\.url/);
    expect(reasonOf(cardWith({ url: 'http://lib.sdm.or.kr/sdmlib/searchResultDetail.do?bookKey=1' }))).toBe('ok');
    // The same rules hold for a card inside a late joiner's state.
    expect(reasonOf({ type: 'state', bookCard: { ...card, coverUrl: 'https://tracker.example/p.gif' }, chat: [] })).toMatch(
      /bookCard\.coverUrl/,
    );
  });

  it('carries the detected book’s pages, date and category as optional, validated fields', () => {
    const cardWith = (over: Record<string, unknown>) => ({ type: 'book-card', card: { ...card, ...over } });
    expect(reasonOf(cardWith({ pages: 372, pubDate: '2023-11-20', categoryPath: '국내도서 > 인문', kdc: '813.7' }))).toBe('ok');
    expect(reasonOf(cardWith({ pages: -1 }))).toMatch(/pages/);
    expect(reasonOf(cardWith({ pages: 1.5 }))).toMatch(/pages/);
    expect(reasonOf(cardWith({ pages: 1_000_000 }))).toMatch(/pages/);
    expect(reasonOf(cardWith({ pubDate: 'last year' }))).toMatch(/pubDate/);
    expect(reasonOf(cardWith({ kdc: '8x3' }))).toMatch(/kdc/);
    expect(reasonOf(cardWith({ categoryPath: 'x'.repeat(201) }))).toMatch(/categoryPath/);
  });

  it('bounds names and refuses control characters in them', () => {
    const hello = (displayName: string) => ({ type: 'hello', v: 1, displayName, muted: false, cameraOff: false });
    expect(reasonOf(hello('a'.repeat(41)))).toMatch(/displayName/);
    expect(reasonOf(hello('evil\u202e\u0000name'))).toMatch(/displayName/);
    expect(reasonOf(hello('admin\u202egnp.exe'))).toMatch(/displayName/);
    expect(reasonOf(hello('zero\u200bwidth'))).toMatch(/displayName/);
    expect(reasonOf(hello('two\nlines'))).toMatch(/displayName/);
    expect(reasonOf(hello('   '))).toMatch(/displayName/);
    expect(reasonOf(hello('  독서왕  '))).toBe('ok');
    expect(parsePeerMessage(hello('  독서왕  '))).toMatchObject({ message: { displayName: '독서왕' } });
  });
});

describe('encodePeerMessage and buildStateMessage', () => {
  it('encodes what the receiver accepts and refuses what it would not', () => {
    const good = encodePeerMessage({ type: 'ping', id: 'p', sentAt: T });
    expect(good.ok && good.json).toBe('{"type":"ping","id":"p","sentAt":1764000000000}');
    expect(encodePeerMessage({ type: 'chat', id: 'a', text: '', sentAt: T }).ok).toBe(false);
  });

  it('trims the oldest chat so a late joiner’s state always fits in 16 KiB', () => {
    const chat: ChatEntry[] = Array.from({ length: 60 }, (_, i) => ({
      id: `m${i}`,
      from: 'uidA',
      fromName: '앨리스',
      text: '가'.repeat(500),
      sentAt: T + i,
    }));
    const state = buildStateMessage(card, chat);
    expect(state.chat.length).toBeGreaterThan(0);
    expect(state.chat.length).toBeLessThan(50);
    expect(state.chat.at(-1)?.id).toBe('m59');
    expect(utf8Length(JSON.stringify(state))).toBeLessThanOrEqual(PEER_MESSAGE_LIMITS.maxBytes);
    expect(parsePeerMessage(JSON.stringify(state)).ok).toBe(true);
    expect(buildStateMessage(null, chat.slice(0, 3)).chat).toHaveLength(3);
  });

  it('counts UTF-8 bytes like TextEncoder', () => {
    for (const s of ['', 'abc', '한글', '📚 책', '\ud800', 'é']) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});

describe('sprint messages', () => {
  it('drops malformed sprint results and room hints, never throwing', () => {
    const ok = { type: 'sprint-result', sprintId: 's1', pagesRead: 12, bookTitle: '채식주의자' };
    for (const bad of [
      { ...ok, pagesRead: -1 },
      { ...ok, pagesRead: 2001 },
      { ...ok, pagesRead: 1.5 },
      { ...ok, pagesRead: '12' },
      { ...ok, sprintId: '../x' },
      { ...ok, sprintId: 'x'.repeat(65) },
      { ...ok, bookTitle: '' },
      { ...ok, bookTitle: 'a\u202eb' },
      { ...ok, bookTitle: 'x'.repeat(1000) },
      { ...ok, from: 'someoneElse' },
      { type: 'sprint-result' },
      { type: 'room-changed', sprint: { endsAt: 0 } },
    ]) {
      expect(reasonOf(bad)).not.toBe('ok');
      expect(reasonOf(JSON.stringify(bad))).not.toBe('ok');
    }
    expect(reasonOf(ok)).toBe('ok');
  });
});
