import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROOM_CAPACITY_LIMITS } from '../../shared/schemas/rooms-api';
import { defaultWebRoomDir } from './http/web-room';

/** A configuration value that cannot be used; the message names the variable and what it needs. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export type PeerServerConfig = {
  host: string;
  port: number;
  /** Where PeerJS is mounted; clients use it as `path` (the WebSocket is at `${path}/peerjs`). */
  path: string;
  key: string;
  /** Allowed browser origins: exact origins or patterns with `*` (e.g. `chrome-extension://*`). */
  corsOrigins: string[];
  roomCapacity: number;
  roomIdleTtlSeconds: number;
  /** How long a member keeps their seat after their PeerJS socket drops (a reconnect reclaims it). */
  reconnectGraceMs: number;
  turnUrls: string[];
  turnSecret: string | null;
  turnTtlSeconds: number;
  stunUrls: string[];
  firebaseProjectId: string;
  /** Requests per minute per signed-in user (and a larger budget per IP address). */
  rateLimitPerMinute: number;
  rateLimitPerIpPerMinute: number;
  /** Catalog requests (`/api/catalog/*`) per minute per signed-in user and per IP address, on top of the above. */
  catalogRateLimitPerMinute: number;
  catalogRateLimitPerIpPerMinute: number;
  maxWsMessageBytes: number;
  /** How many chat entries panels keep and pass to late joiners (peer-to-peer, not on the server). */
  chatHistory: number;
  /** Most simultaneous PeerJS connections (peer's `concurrent_limit`). */
  maxPeers: number;
  /** PeerJS heartbeat timeout. */
  aliveTimeoutMs: number;
  /** Signs room tickets so rooms can be restored after a restart only by their members; null = unsigned (dev). */
  roomTicketSecret: string | null;
  /** Without a ticket secret: how long after start unsigned restores are accepted. */
  roomRestoreWindowSeconds: number;
  /** Signalling frames per second per socket (burst: 3 s worth); more closes the socket. */
  maxWsMessagesPerSecond: number;
  /** Behind one reverse proxy: take the client address from the last X-Forwarded-For entry. */
  trustProxy: boolean;
  /** NODE_ENV=production: CORS_ORIGINS must name the extension ids; /metrics needs METRICS_TOKEN. */
  production: boolean;
  /** Bearer token for GET /metrics; null = open locally, not served in production. */
  metricsToken: string | null;
  /** Most simultaneous TCP connections (HTTP and WebSocket) from one address. */
  maxConnectionsPerIp: number;
  /** A connection that has not sent complete request headers by then gets 408 and is closed. */
  httpHeadersTimeoutMs: number;
  /**
   * How long one minute of a reading sprint lasts: 60,000 ms. Test-only (SPRINT_MINUTE_MS), so an end-to-end
   * test can run a "10-minute" sprint in seconds; refused with NODE_ENV=production.
   */
  sprintMinuteMs: number;
  /**
   * New guests (anonymous accounts) admitted to the rooms API per address per hour (GUEST_ADMISSIONS_PER_IP_HOUR,
   * default 20; 0 turns guests away). Past it: 429 guest_limit.
   */
  guestAdmissionsPerIpHour: number;
  /** This node's name in a cluster (NODE_ID): in /health, /metrics and the `X-Chaekbang-Node` header; null alone. */
  nodeId: string | null;
  /**
   * SIGTERM drain (DRAIN_DELAY_MS, default 0): /health answers 503 `draining` and no new rooms are taken for this
   * long before the PeerJS sockets are told to reconnect, so the load balancer has marked the node down by then.
   */
  drainDelayMs: number;
  /** Counters shared by the nodes of a cluster (SHARED_COUNTER_URL=redis://host:port[/db]); null: in memory. */
  sharedCounterUrl: string | null;
  /**
   * The built web room served at /r/<CODE> (WEB_ROOM_DIR; default <CHAEKBANG_OUTPUT_DIR or .output>/web-room,
   * what `npm run build` writes). Optional here so configs built by hand in tests get the default.
   */
  webRoomDir?: string;
};

export const DEFAULT_CORS_ORIGINS = [
  'chrome-extension://*',
  'moz-extension://*',
  'http://localhost',
  'http://localhost:*',
  'http://127.0.0.1',
  'http://127.0.0.1:*',
];

type Env = Record<string, string | undefined>;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function int(env: Env, name: string, fallback: number, min: number, max: number, what = 'an integer'): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const schema = z.coerce.number().int().min(min).max(max);
  const parsed = /^\s*-?\d+\s*$/.test(raw) ? schema.safeParse(raw) : { success: false as const };
  if (!parsed.success) throw new ConfigError(name, `${name} must be ${what} (${min}-${max}), got ${JSON.stringify(raw)}`);
  return parsed.data;
}

function urls(env: Env, name: string, schemes: readonly string[]): string[] {
  const values = list(env[name]);
  for (const value of values) {
    const scheme = value.split(':')[0]?.toLowerCase() ?? '';
    if (!schemes.includes(scheme) || !/^[a-z]+:[^\s]+$/i.test(value)) {
      throw new ConfigError(name, `${name} must be a comma list of ${schemes.join(':/')}: URLs, got ${JSON.stringify(value)}`);
    }
  }
  return values;
}

/** Every Firefox add-on origin (Firefox gives each install of an add-on a random moz-extension:// UUID). */
export const ANY_FIREFOX_EXTENSION = 'moz-extension://*';

/**
 * CORS_ALLOW_FIREFOX_EXTENSIONS=true: accept every moz-extension:// origin, the only way to serve the Firefox
 * build in production (its origin is random per install, so it cannot be named). Web pages can never carry a
 * moz-extension origin; what it admits beyond our add-on is other Firefox add-ons, which still need a reader's
 * Firebase ID token for every room and catalog route. An explicit switch, so a wildcard never slips in by a typo.
 */
function firefoxOptIn(env: Env): boolean {
  const raw = env.CORS_ALLOW_FIREFOX_EXTENSIONS?.trim().toLowerCase() || 'false';
  if (!['true', 'false', '1', '0'].includes(raw)) {
    throw new ConfigError(
      'CORS_ALLOW_FIREFOX_EXTENSIONS',
      `CORS_ALLOW_FIREFOX_EXTENSIONS must be true or false, got ${JSON.stringify(env.CORS_ALLOW_FIREFOX_EXTENSIONS)}`,
    );
  }
  return raw === 'true' || raw === '1';
}

function origins(env: Env, production: boolean): string[] {
  const named = namedOrigins(env, production);
  return firefoxOptIn(env) && !named.includes(ANY_FIREFOX_EXTENSION) ? [...named, ANY_FIREFOX_EXTENSION] : named;
}

function namedOrigins(env: Env, production: boolean): string[] {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined || raw.trim() === '') {
    if (production) {
      throw new ConfigError(
        'CORS_ORIGINS',
        'NODE_ENV=production needs CORS_ORIGINS naming our extension id(s), e.g. chrome-extension://<32-letter extension id>; the default allows every extension.',
      );
    }
    return [...DEFAULT_CORS_ORIGINS];
  }
  const values = list(raw);
  for (const value of values) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9.*:[\]-]+$/.test(value)) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `CORS_ORIGINS must be a comma list of origins like https://example.org or chrome-extension://*, got ${JSON.stringify(value)}`,
      );
    }
    if (production && /^(chrome|moz)-extension:\/\/.*\*/.test(value)) {
      throw new ConfigError(
        'CORS_ORIGINS',
        value.startsWith('moz-extension:')
          ? `CORS_ORIGINS: ${value} allows every Firefox add-on; to serve the Firefox build (its moz-extension UUID is random per install) set CORS_ALLOW_FIREFOX_EXTENSIONS=true instead (NODE_ENV=production).`
          : `CORS_ORIGINS: ${value} allows every extension; in production name the extension id(s) instead (NODE_ENV=production).`,
      );
    }
  }
  if (production && !values.some((v) => /^(chrome|moz)-extension:\/\/[A-Za-z0-9-]+$/.test(v))) {
    throw new ConfigError(
      'CORS_ORIGINS',
      'NODE_ENV=production needs CORS_ORIGINS to name at least one extension id (chrome-extension://<id>).',
    );
  }
  return values;
}

/** Read the peer-server's configuration from the environment. Throws ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): PeerServerConfig {
  const host = env.PEER_HOST?.trim() || '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    throw new ConfigError('PEER_HOST', `PEER_HOST must be a host name or IP address, got ${JSON.stringify(host)}`);
  const port = int(env, 'PEER_PORT', 9000, 1, 65_535, 'a port number');
  const path = env.PEER_PATH?.trim() || '/peerjs';
  if (!/^\/[A-Za-z0-9_\-/]*$/.test(path) || path.includes('//') || (path.length > 1 && path.endsWith('/'))) {
    throw new ConfigError(
      'PEER_PATH',
      `PEER_PATH must start with "/" and contain only letters, digits, "-", "_" and "/", got ${JSON.stringify(path)}`,
    );
  }
  const key = env.PEER_KEY?.trim() || 'peerjs';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(key))
    throw new ConfigError('PEER_KEY', `PEER_KEY must be 1-64 of A-Z a-z 0-9 _ -, got ${JSON.stringify(key)}`);

  const turnUrls = urls(env, 'TURN_URLS', ['turn', 'turns']);
  const turnSecret = env.TURN_SECRET?.trim() || null;
  if (turnUrls.length > 0 && !turnSecret) {
    throw new ConfigError(
      'TURN_SECRET',
      'TURN_URLS is set but TURN_SECRET is not: set both (the coturn static-auth-secret) or neither.',
    );
  }
  if (turnSecret && turnUrls.length === 0) {
    throw new ConfigError('TURN_URLS', 'TURN_SECRET is set but TURN_URLS is not: set both (turn:/turns: URLs) or neither.');
  }
  if (turnSecret && turnSecret.length < 16) {
    throw new ConfigError('TURN_SECRET', 'TURN_SECRET must be at least 16 characters (use a long random secret).');
  }

  const trustProxyRaw = env.TRUST_PROXY?.trim().toLowerCase() || 'false';
  if (!['true', 'false', '1', '0'].includes(trustProxyRaw)) {
    throw new ConfigError('TRUST_PROXY', `TRUST_PROXY must be true or false, got ${JSON.stringify(env.TRUST_PROXY)}`);
  }
  const roomTicketSecret = env.ROOM_TICKET_SECRET?.trim() || null;
  if (roomTicketSecret && roomTicketSecret.length < 32) {
    throw new ConfigError('ROOM_TICKET_SECRET', 'ROOM_TICKET_SECRET must be at least 32 characters (use a long random secret).');
  }

  const production = env.NODE_ENV?.trim() === 'production';
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken && (metricsToken.length < 16 || !/^[\x21-\x7e]+$/.test(metricsToken))) {
    throw new ConfigError(
      'METRICS_TOKEN',
      'METRICS_TOKEN must be at least 16 characters without spaces (use a long random token).',
    );
  }

  const projectId = env.FIREBASE_PROJECT_ID?.trim() || env.GCLOUD_PROJECT?.trim() || 'demo-chaekbang';
  if (!/^[a-z][a-z0-9-]{4,61}[a-z0-9]$/.test(projectId)) {
    throw new ConfigError(
      'FIREBASE_PROJECT_ID',
      `FIREBASE_PROJECT_ID must be a Firebase project id (6-63 of a-z 0-9 -), got ${JSON.stringify(projectId)}`,
    );
  }

  const nodeId = env.NODE_ID?.trim() || null;
  if (nodeId && !/^[A-Za-z0-9_.-]{1,64}$/.test(nodeId)) {
    throw new ConfigError('NODE_ID', `NODE_ID must be 1-64 of A-Z a-z 0-9 _ . -, got ${JSON.stringify(nodeId)}`);
  }
  const sharedCounterUrl = env.SHARED_COUNTER_URL?.trim() || null;
  if (sharedCounterUrl && !parseRedisUrl(sharedCounterUrl)) {
    throw new ConfigError(
      'SHARED_COUNTER_URL',
      `SHARED_COUNTER_URL must be redis://[:password@]host:port[/db], got ${JSON.stringify(sharedCounterUrl.replace(/\/\/[^@/]*@/, '//***@'))}`,
    );
  }
  const sprintMinuteMs = int(env, 'SPRINT_MINUTE_MS', 60_000, 100, 60_000, 'a number of milliseconds');
  if (production && sprintMinuteMs !== 60_000) {
    throw new ConfigError(
      'SPRINT_MINUTE_MS',
      'SPRINT_MINUTE_MS is a test-only setting (it shortens reading sprints); unset it with NODE_ENV=production.',
    );
  }

  return {
    host,
    port,
    path,
    key,
    corsOrigins: origins(env, production),
    roomCapacity: int(env, 'ROOM_CAPACITY', ROOM_CAPACITY_LIMITS.default, ROOM_CAPACITY_LIMITS.min, ROOM_CAPACITY_LIMITS.max),
    roomIdleTtlSeconds: int(env, 'ROOM_IDLE_TTL_SECONDS', 15 * 60, 1, 7 * 24 * 3600, 'a number of seconds'),
    reconnectGraceMs: int(env, 'PEER_RECONNECT_GRACE_MS', 10_000, 0, 600_000, 'a number of milliseconds'),
    turnUrls,
    turnSecret,
    turnTtlSeconds: int(env, 'TURN_TTL_SECONDS', 3600, 60, 7 * 24 * 3600, 'a number of seconds'),
    stunUrls: urls(env, 'STUN_URLS', ['stun', 'stuns']),
    firebaseProjectId: projectId,
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000),
    rateLimitPerIpPerMinute: int(env, 'RATE_LIMIT_PER_IP_PER_MINUTE', 600, 1, 10_000_000),
    catalogRateLimitPerMinute: int(env, 'CATALOG_RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000),
    catalogRateLimitPerIpPerMinute: int(env, 'CATALOG_RATE_LIMIT_PER_IP_PER_MINUTE', 300, 1, 10_000_000),
    maxWsMessageBytes: int(env, 'MAX_WS_MESSAGE_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024, 'a number of bytes'),
    chatHistory: int(env, 'CHAT_HISTORY', 50, 0, 50),
    maxPeers: int(env, 'MAX_PEERS', 20_000, 1, 1_000_000),
    aliveTimeoutMs: int(env, 'PEER_ALIVE_TIMEOUT_MS', 60_000, 1000, 3_600_000, 'a number of milliseconds'),
    roomTicketSecret,
    roomRestoreWindowSeconds: int(env, 'ROOM_RESTORE_WINDOW_SECONDS', 600, 0, 7 * 24 * 3600, 'a number of seconds'),
    maxWsMessagesPerSecond: int(env, 'MAX_WS_MESSAGES_PER_SECOND', 100, 1, 100_000),
    trustProxy: trustProxyRaw === 'true' || trustProxyRaw === '1',
    production,
    metricsToken,
    maxConnectionsPerIp: int(env, 'MAX_CONNECTIONS_PER_IP', 64, 1, 1_000_000),
    httpHeadersTimeoutMs: int(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 500, 120_000, 'a number of milliseconds'),
    sprintMinuteMs,
    guestAdmissionsPerIpHour: int(env, 'GUEST_ADMISSIONS_PER_IP_HOUR', 20, 0, 1_000_000, 'a number of guests'),
    nodeId,
    drainDelayMs: int(env, 'DRAIN_DELAY_MS', 0, 0, 120_000, 'a number of milliseconds'),
    sharedCounterUrl,
    webRoomDir: webRoomDir(env),
  };
}

function webRoomDir(env: Env): string {
  const raw = env.WEB_ROOM_DIR?.trim();
  if (!raw) return defaultWebRoomDir(env);
  if (!existsSync(join(raw, 'index.html'))) {
    throw new ConfigError(
      'WEB_ROOM_DIR',
      `WEB_ROOM_DIR must be a built web room folder (with index.html), got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}

/** Whether `origin` matches one of the configured origins (`*` matches within one URL part). */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  for (const pattern of allowed) {
    if (pattern === origin) return true;
    if (!pattern.includes('*')) continue;
    const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('[A-Za-z0-9.-]+')}$`);
    if (re.test(origin)) return true;
  }
  return false;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `redis://[:password@]host[:port][/db]` → its parts, or null when it is not such a URL. */
export function parseRedisUrl(value: string): { host: string; port: number; password: string | null; db: number } | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'redis:' || !url.hostname || url.search || url.hash) return null;
  const db = url.pathname === '' || url.pathname === '/' ? 0 : Number(url.pathname.slice(1));
  if (!Number.isInteger(db) || db < 0 || db > 15) return null;
  const port = url.port ? Number(url.port) : 6379;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    password: url.password ? decodeURIComponent(url.password) : null,
    db,
  };
}
