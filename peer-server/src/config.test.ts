import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CORS_ORIGINS, loadConfig, originAllowed } from './config';

describe('loadConfig', () => {
  it('has working local defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 9000,
      path: '/peerjs',
      key: 'peerjs',
      roomCapacity: 6,
      turnUrls: [],
      turnSecret: null,
      turnTtlSeconds: 3600,
      stunUrls: [],
      firebaseProjectId: 'demo-chaekbang',
      maxWsMessageBytes: 65_536,
      reconnectGraceMs: 10_000,
      roomTicketSecret: null,
      roomRestoreWindowSeconds: 600,
      maxWsMessagesPerSecond: 100,
      trustProxy: false,
    });
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(c.corsOrigins).toEqual(DEFAULT_CORS_ORIGINS);
    expect(c).toMatchObject({ production: false, metricsToken: null, maxConnectionsPerIp: 64, httpHeadersTimeoutMs: 10_000 });
  });

  it('admits 20 new guests per address per hour unless GUEST_ADMISSIONS_PER_IP_HOUR says otherwise (0: no guests)', () => {
    expect(loadConfig({}).guestAdmissionsPerIpHour).toBe(20);
    expect(loadConfig({ GUEST_ADMISSIONS_PER_IP_HOUR: '5' }).guestAdmissionsPerIpHour).toBe(5);
    expect(loadConfig({ GUEST_ADMISSIONS_PER_IP_HOUR: '0' }).guestAdmissionsPerIpHour).toBe(0);
  });

  it('in production, accepts named extension ids and reads the hardening variables', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      CORS_ORIGINS: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      METRICS_TOKEN: 'a-long-metrics-token-0123',
      MAX_CONNECTIONS_PER_IP: '8',
      HTTP_HEADERS_TIMEOUT_MS: '5000',
    });
    expect(c).toMatchObject({
      production: true,
      corsOrigins: ['chrome-extension://abcdefghijklmnopabcdefghijklmnop'],
      metricsToken: 'a-long-metrics-token-0123',
      maxConnectionsPerIp: 8,
      httpHeadersTimeoutMs: 5000,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PEER_HOST: '0.0.0.0',
      PEER_PORT: '9443',
      PEER_PATH: '/signal',
      PEER_KEY: 'chaekbang',
      CORS_ORIGINS: 'chrome-extension://abcdefghijklmnop, https://chaekbang.example',
      ROOM_CAPACITY: '8',
      ROOM_IDLE_TTL_SECONDS: '120',
      PEER_RECONNECT_GRACE_MS: '200',
      TURN_URLS: 'turn:turn.example:3478?transport=udp,turns:turn.example:5349',
      TURN_SECRET: 'a-long-shared-secret-value',
      TURN_TTL_SECONDS: '600',
      STUN_URLS: 'stun:stun.example:3478',
      GCLOUD_PROJECT: 'demo-other',
      RATE_LIMIT_PER_MINUTE: '30',
      MAX_WS_MESSAGE_BYTES: '4096',
      CHAT_HISTORY: '20',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 9443,
      path: '/signal',
      key: 'chaekbang',
      corsOrigins: ['chrome-extension://abcdefghijklmnop', 'https://chaekbang.example'],
      roomCapacity: 8,
      roomIdleTtlSeconds: 120,
      reconnectGraceMs: 200,
      turnUrls: ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'],
      turnSecret: 'a-long-shared-secret-value',
      turnTtlSeconds: 600,
      stunUrls: ['stun:stun.example:3478'],
      firebaseProjectId: 'demo-other',
      rateLimitPerMinute: 30,
      maxWsMessageBytes: 4096,
      chatHistory: 20,
    });
    expect(loadConfig({ GCLOUD_PROJECT: 'demo-other', FIREBASE_PROJECT_ID: 'demo-mine' }).firebaseProjectId).toBe('demo-mine');
  });

  const bad: [Record<string, string>, string, RegExp][] = [
    [{ PEER_PORT: 'abc' }, 'PEER_PORT', /^PEER_PORT must be a port number \(1-65535\), got "abc"$/],
    [{ PEER_PORT: '70000' }, 'PEER_PORT', /PEER_PORT must be a port number/],
    [{ PEER_PORT: '80.5' }, 'PEER_PORT', /PEER_PORT/],
    [{ PEER_PORT: '0' }, 'PEER_PORT', /PEER_PORT/],
    [{ ROOM_CAPACITY: '1' }, 'ROOM_CAPACITY', /ROOM_CAPACITY must be an integer \(2-12\), got "1"/],
    [{ ROOM_CAPACITY: '13' }, 'ROOM_CAPACITY', /ROOM_CAPACITY/],
    [{ PEER_PATH: 'peerjs' }, 'PEER_PATH', /PEER_PATH must start with "\/"/],
    [{ PEER_KEY: 'has space' }, 'PEER_KEY', /PEER_KEY/],
    [{ TURN_URLS: 'turn:x.example' }, 'TURN_SECRET', /TURN_URLS is set but TURN_SECRET is not/],
    [{ TURN_SECRET: 'a-long-shared-secret-value' }, 'TURN_URLS', /TURN_SECRET is set but TURN_URLS is not/],
    [
      { TURN_URLS: 'http://x.example', TURN_SECRET: 'a-long-shared-secret-value' },
      'TURN_URLS',
      /TURN_URLS must be a comma list of turn:\/turns: URLs/,
    ],
    [{ TURN_URLS: 'turn:x.example', TURN_SECRET: 'short' }, 'TURN_SECRET', /at least 16/],
    [{ STUN_URLS: 'stun.l.google.com:19302' }, 'STUN_URLS', /STUN_URLS/],
    [{ CORS_ORIGINS: 'not an origin' }, 'CORS_ORIGINS', /CORS_ORIGINS/],
    [{ FIREBASE_PROJECT_ID: 'Bad_Project' }, 'FIREBASE_PROJECT_ID', /FIREBASE_PROJECT_ID/],
    [{ MAX_WS_MESSAGE_BYTES: '10' }, 'MAX_WS_MESSAGE_BYTES', /MAX_WS_MESSAGE_BYTES must be a number of bytes/],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY', /TRUST_PROXY must be true or false/],
    [{ ROOM_TICKET_SECRET: 'too-short' }, 'ROOM_TICKET_SECRET', /ROOM_TICKET_SECRET must be at least 32 characters/],
    [{ MAX_WS_MESSAGES_PER_SECOND: '0' }, 'MAX_WS_MESSAGES_PER_SECOND', /MAX_WS_MESSAGES_PER_SECOND/],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN', /METRICS_TOKEN must be at least 16 characters/],
    [{ MAX_CONNECTIONS_PER_IP: '0' }, 'MAX_CONNECTIONS_PER_IP', /MAX_CONNECTIONS_PER_IP/],
    [{ HTTP_HEADERS_TIMEOUT_MS: '10' }, 'HTTP_HEADERS_TIMEOUT_MS', /HTTP_HEADERS_TIMEOUT_MS/],
    [
      { GUEST_ADMISSIONS_PER_IP_HOUR: 'many' },
      'GUEST_ADMISSIONS_PER_IP_HOUR',
      /^GUEST_ADMISSIONS_PER_IP_HOUR must be a number of guests \(0-1000000\), got "many"$/,
    ],
    [{ GUEST_ADMISSIONS_PER_IP_HOUR: '-1' }, 'GUEST_ADMISSIONS_PER_IP_HOUR', /GUEST_ADMISSIONS_PER_IP_HOUR/],
    // Production must name the extension ids: the default (any extension) and wildcards are refused.
    [{ NODE_ENV: 'production' }, 'CORS_ORIGINS', /NODE_ENV=production.*CORS_ORIGINS.*extension id/],
    [{ NODE_ENV: 'production', CORS_ORIGINS: 'chrome-extension://*' }, 'CORS_ORIGINS', /chrome-extension:\/\/\* .*production/],
    [
      { NODE_ENV: 'production', CORS_ORIGINS: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop, moz-extension://*' },
      'CORS_ORIGINS',
      /moz-extension:\/\/\*/,
    ],
    [{ NODE_ENV: 'production', CORS_ORIGINS: 'https://chaekbang.example' }, 'CORS_ORIGINS', /extension id/],
    // Firefox's wildcard is an explicit switch, never a CORS_ORIGINS entry in production.
    [
      { NODE_ENV: 'production', CORS_ORIGINS: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop, moz-extension://*' },
      'CORS_ORIGINS',
      /CORS_ALLOW_FIREFOX_EXTENSIONS=true/,
    ],
    [{ CORS_ALLOW_FIREFOX_EXTENSIONS: 'yes' }, 'CORS_ALLOW_FIREFOX_EXTENSIONS', /must be true or false/],
  ];
  it.each(bad)('refuses %j naming %s', (env, variable, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(message);
  });
});

describe('originAllowed', () => {
  it('matches exact origins and wildcards within one part', () => {
    expect(originAllowed('chrome-extension://abcdefghijklmnopabcdefghijklmnop', DEFAULT_CORS_ORIGINS)).toBe(true);
    expect(originAllowed('moz-extension://0b9f1e2a-1111-2222-3333-444455556666', DEFAULT_CORS_ORIGINS)).toBe(true);
    expect(originAllowed('http://localhost:5173', DEFAULT_CORS_ORIGINS)).toBe(true);
    expect(originAllowed('http://127.0.0.1', DEFAULT_CORS_ORIGINS)).toBe(true);
    expect(originAllowed('https://evil.example', DEFAULT_CORS_ORIGINS)).toBe(false);
    expect(originAllowed('http://localhost.evil.example', DEFAULT_CORS_ORIGINS)).toBe(false);
    expect(originAllowed('http://localhost:80/path', DEFAULT_CORS_ORIGINS)).toBe(false);
    expect(originAllowed('chrome-extension://abc/evil', DEFAULT_CORS_ORIGINS)).toBe(false);
    expect(originAllowed('null', DEFAULT_CORS_ORIGINS)).toBe(false);
  });
});

describe('Firefox add-ons in production (CORS_ALLOW_FIREFOX_EXTENSIONS)', () => {
  const chromeId = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
  const firefoxInstall = 'moz-extension://0b9f1e2a-1111-2222-3333-444455556666';

  it('is off by default: a production server refuses every Firefox install', () => {
    const c = loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: chromeId });
    expect(c.corsOrigins).toEqual([chromeId]);
    expect(originAllowed(firefoxInstall, c.corsOrigins)).toBe(false);
  });

  it('on: any Firefox install is allowed, while web pages and other Chrome extensions stay refused', () => {
    const c = loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: chromeId, CORS_ALLOW_FIREFOX_EXTENSIONS: 'true' });
    expect(c.corsOrigins).toEqual([chromeId, 'moz-extension://*']);
    expect(originAllowed(firefoxInstall, c.corsOrigins)).toBe(true);
    expect(originAllowed(chromeId, c.corsOrigins)).toBe(true);
    expect(originAllowed('chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', c.corsOrigins)).toBe(false);
    expect(originAllowed('https://evil.example', c.corsOrigins)).toBe(false);
    expect(originAllowed('moz-extension://x/evil', c.corsOrigins)).toBe(false);
    expect(originAllowed('null', c.corsOrigins)).toBe(false);
  });

  it('still needs a named Chrome extension id in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', CORS_ALLOW_FIREFOX_EXTENSIONS: 'true' })).toThrow(ConfigError);
  });

  it('adds nothing twice to the local default', () => {
    expect(loadConfig({ CORS_ALLOW_FIREFOX_EXTENSIONS: '1' }).corsOrigins).toEqual(DEFAULT_CORS_ORIGINS);
  });
});
