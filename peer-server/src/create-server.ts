import { timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { cachedVerifier } from './auth/token-cache';
import { createFirebaseVerifier, type VerifyToken } from './auth/verify-token';
import { type CatalogConfig, createCatalog, LocalBookIndex, loadCatalogConfig, systemClock } from './catalog';
import { ClubCounts, InterestTally } from './catalog/club-counts';
import { type OwnData, startOwnData } from './catalog/own-data';
import { catalogRouter } from './catalog/routes';
import { createMemoryCounter, createRedisCounter, type SharedCounter } from './cluster/shared-counter';
import { sharedGuestAdmissions } from './cluster/shared-guest-admissions';
import { type PeerServerConfig, parseRedisUrl } from './config';
import { ApiError } from './errors';
import { corsMiddleware } from './http/cors';
import { createGuestAdmissions, type GuestAdmissions } from './http/guest-admissions';
import { createRateLimiter } from './http/rate-limit';
import { defaultWebRoomDir, webRoomRouter } from './http/web-room';
import { type Logger, silentLogger } from './logger';
import { createMetrics, toPrometheus } from './metrics';
import { type ClubDirectory, firestoreClubDirectory } from './rooms/club-directory';
import type { PasscodeHash } from './rooms/passcode';
import { createRoomStore } from './rooms/room-store';
import { createRoomTickets } from './rooms/room-ticket';
import { roomsRouter } from './rooms/routes';
import { createPeerGateway } from './signaling/peer-gateway';

export type CreateServerDeps = {
  /** Defaults to firebase-admin's verifyIdToken for config.firebaseProjectId. */
  verifyToken?: VerifyToken;
  now?: () => number;
  logger?: Logger;
  version?: string;
  /** Wraps the scrypt passcode check (tests count how often it runs). */
  verifyPasscode?: (passcode: string, stored: PasscodeHash) => Promise<boolean>;
  /** Book sources (keys, base URLs); default: every provider off (our own data only). */
  catalogConfig?: CatalogConfig;
  /**
   * Feed our own data (books/ records, club counts, readers' interests) from Firestore with firebase-admin,
   * verify reader-written book records through the catalog, and warm lists for the interests readers chose.
   * main.ts turns it on; tests that need it too.
   */
  ownData?: boolean | { verifyPerHour?: number; warmIntervalMs?: number; retryIncompleteMs?: number };
  /** Club membership for club standing rooms; defaults to firebase-admin Firestore for config.firebaseProjectId. */
  clubs?: ClubDirectory;
  /** New guests per address per hour; defaults to an in-process count of config.guestAdmissionsPerIpHour (a cluster shares one). */
  guests?: GuestAdmissions;
};

export type ChaekbangPeerServer = ReturnType<typeof createServer>;

/** Token-free room status look-ups (the web room's page load) per address per minute. */
export const ROOM_STATUS_PER_IP_PER_MINUTE = 60;

/** Build the Express app, the HTTP server and PeerJS signalling, without listening. */
export function createServer(config: PeerServerConfig, deps: CreateServerDeps = {}) {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? silentLogger;
  const version = deps.version ?? '0.0.0-dev';
  const startedAt = now();
  const firebase = deps.verifyToken ? undefined : createFirebaseVerifier(config.firebaseProjectId);
  // firebase-admin's check, remembered per token until it expires (auth/token-cache.ts); injected verifiers as given.
  const verifyToken: VerifyToken = deps.verifyToken ?? cachedVerifier((firebase as NonNullable<typeof firebase>).verify, { now });

  const metrics = createMetrics();
  // Counters that must hold across the nodes of a cluster (rate limits, catalog quotas): Redis when configured.
  const redis = config.sharedCounterUrl ? parseRedisUrl(config.sharedCounterUrl) : null;
  const counter: SharedCounter = redis ? createRedisCounter({ ...redis, now, logger }) : createMemoryCounter(now);
  const sharedFor = (name: string) => (counter.backend === 'redis' ? { shared: { counter, name } } : {});
  const rooms = createRoomStore({
    defaultCapacity: config.roomCapacity,
    idleTtlMs: config.roomIdleTtlSeconds * 1000,
    graceMs: config.reconnectGraceMs,
    now,
    onLeave: ({ reason }) => metrics.leave(reason),
    onRestore: () => metrics.roomRestored(),
    tickets: config.roomTicketSecret ? createRoomTickets({ secret: config.roomTicketSecret, now }) : null,
    restoreWindowMs: config.roomRestoreWindowSeconds * 1000,
    sprintMinuteMs: config.sprintMinuteMs,
    ...(deps.verifyPasscode ? { verifyPasscode: deps.verifyPasscode } : {}),
  });
  const ipLimiter = createRateLimiter({ perMinute: config.rateLimitPerIpPerMinute, now, ...sharedFor('ip') });
  const uidLimiter = createRateLimiter({ perMinute: config.rateLimitPerMinute, now, ...sharedFor('uid') });
  // The rooms API's one token-free route (GET /api/rooms/<CODE>/status): 60 look-ups a minute per address.
  const statusLimiter = createRateLimiter({ perMinute: ROOM_STATUS_PER_IP_PER_MINUTE, now, ...sharedFor('status-ip') });
  // A cluster (Redis) counts new guests per address across nodes; one process counts them itself.
  const guests =
    deps.guests ??
    (counter.backend === 'redis'
      ? sharedGuestAdmissions({ counter, perIpPerHour: config.guestAdmissionsPerIpHour, now })
      : createGuestAdmissions({ perIpPerHour: config.guestAdmissionsPerIpHour, now }));
  const clientIp = (req: IncomingMessage) => {
    if (config.trustProxy) {
      // Our proxy appends the address it saw last; anything before it is whatever the client claimed.
      const forwarded = req.headers['x-forwarded-for'];
      const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').pop()?.trim();
      if (last) return last;
    }
    return req.socket.remoteAddress ?? 'unknown';
  };

  // The catalog: upstream sources (keys from the environment) with our own data as the embedded default.
  const catalogConfig = deps.catalogConfig ?? loadCatalogConfig({});
  const localBooks = new LocalBookIndex();
  const club = new ClubCounts(systemClock, (isbn13) => localBooks.get(isbn13));
  const interests = new InterestTally();
  const catalog = createCatalog(catalogConfig, {
    logger,
    localSearch: localBooks.search,
    localBook: localBooks.byIsbn,
    localPopular: club.top,
    localCategory: localBooks.inCategory,
    ...(counter.backend === 'redis' ? { counter } : {}),
  });
  const ownDataOptions = deps.ownData === true ? {} : deps.ownData || null;
  const isbnSourceOn = (['nl-seoji', 'yes24', 'kakao', 'google-books', 'open-library'] as const).some(
    (id) => catalogConfig.providers[id].enabled,
  );
  let ownData: OwnData | null = null;
  let stopWarming: () => void = () => {};
  if (ownDataOptions) {
    ownData = startOwnData({
      projectId: config.firebaseProjectId,
      books: localBooks,
      club,
      interests,
      logger,
      verify: isbnSourceOn
        ? {
            catalog,
            perHour: ownDataOptions.verifyPerHour ?? 600,
            queueMax: 1000,
            retryAfterMs: 24 * 3600_000,
            ...(ownDataOptions.retryIncompleteMs !== undefined ? { retryIncompleteMs: ownDataOptions.retryIncompleteMs } : {}),
          }
        : null,
    });
    const od = ownData;
    stopWarming = catalog.scheduleWarming(od.chosenInterests, ownDataOptions.warmIntervalMs ?? 3 * 3600_000, (lists) =>
      logger.debug('catalog lists warmed', { lists }),
    );
  }
  const catalogUidLimiter = createRateLimiter({ perMinute: config.catalogRateLimitPerMinute, now, ...sharedFor('catalog-uid') });
  const catalogIpLimiter = createRateLimiter({
    perMinute: config.catalogRateLimitPerIpPerMinute,
    now,
    ...sharedFor('catalog-ip'),
  });

  const app = express();
  app.disable('x-powered-by');
  // Half-open sockets: Node checks these timeouts every connectionsCheckingInterval (30 s by default).
  const httpServer = createHttpServer(
    {
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpHeadersTimeoutMs + 5000,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.httpHeadersTimeoutMs / 4))),
    },
    app,
  );
  // Concurrent TCP connections per address (HTTP and WebSocket: an upgrade keeps its connection).
  // Behind a trusted proxy every connection comes from the proxy, which must enforce this itself.
  const openByIp = new Map<string, number>();
  httpServer.on('connection', (socket) => {
    if (config.trustProxy) return;
    const ip = socket.remoteAddress ?? 'unknown';
    const open = openByIp.get(ip) ?? 0;
    if (open >= config.maxConnectionsPerIp) {
      metrics.rejection('too_many_connections');
      const body = 'too_many_connections';
      socket.on('error', () => socket.destroy());
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    openByIp.set(ip, open + 1);
    socket.once('close', () => {
      const left = (openByIp.get(ip) ?? 1) - 1;
      if (left <= 0) openByIp.delete(ip);
      else openByIp.set(ip, left);
    });
  });
  const gateway = createPeerGateway({ httpServer, config, verifyToken, rooms, metrics, logger, ipLimiter, clientIp });
  let closing = false;
  /** SIGTERM drain: /health says `draining` (503) and no new rooms are taken; members carry on until close(). */
  let draining = false;

  app.use((_req, res, next) => {
    if (config.nodeId) res.setHeader('X-Chaekbang-Node', config.nodeId);
    if (closing) {
      res.setHeader('Connection', 'close');
      return next(new ApiError('shutting_down', 'The server is restarting; try again in a moment.'));
    }
    next();
  });
  // The web room's page and assets (no Origin on a navigation; its module scripts come from this same origin).
  app.use(webRoomRouter({ dir: config.webRoomDir ?? defaultWebRoomDir(), trustProxy: config.trustProxy }));
  app.use(corsMiddleware(config.corsOrigins));
  app.use((req, _res, next) => {
    // The load balancer's health checks and the metrics scrape are not a client's traffic: limiting them would
    // take a healthy node out of rotation (behind a proxy they all come from the proxy's one address).
    if (req.method === 'GET' && (req.path === '/health' || req.path === '/metrics')) return next();
    const limit = ipLimiter.take(clientIp(req));
    if (!limit.ok)
      return next(new ApiError('rate_limited', 'Too many requests from this address; wait a moment.', limit.retryAfterSeconds));
    next();
  });

  const gauges = () => {
    const s = rooms.stats();
    return { rooms: s.rooms, peers: gateway.peers(), members: s.members, uptimeSeconds: Math.floor((now() - startedAt) / 1000) };
  };
  app.get('/health', (_req, res) => {
    const g = gauges();
    // A load balancer's health check takes a draining node out of rotation on the 503.
    res.status(draining ? 503 : 200).json({
      status: draining ? 'draining' : 'ok',
      ...(config.nodeId ? { node: config.nodeId } : {}),
      sharedCounter: counter.state(),
      uptimeSeconds: g.uptimeSeconds,
      rooms: g.rooms,
      peers: g.peers,
      version,
      catalog: catalog.providersStatus(),
    });
  });
  const metricsToken = config.metricsToken ? Buffer.from(`Bearer ${config.metricsToken}`) : null;
  app.get('/metrics', (req, res, next) => {
    if (metricsToken) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== metricsToken.length || !timingSafeEqual(given, metricsToken)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return next(new ApiError('unauthenticated', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.'));
      }
    } else if (config.production) {
      // Production without METRICS_TOKEN: not served at all.
      return next(new ApiError('not_found', 'No such endpoint.'));
    }
    const snapshot = { ...metrics.snapshot(gauges()), node: config.nodeId, draining };
    const wantsText =
      req.query.format === 'prometheus' ||
      (req.accepts(['application/json', 'text/plain']) === 'text/plain' && !req.query.format);
    if (wantsText) res.type('text/plain; version=0.0.4').send(toPrometheus(snapshot));
    else res.json(snapshot);
  });
  app.use(
    '/api/catalog',
    catalogRouter({
      catalog,
      verifyToken,
      uidLimiter,
      catalogUidLimiter,
      catalogIpLimiter,
      clientIp: (req) => clientIp(req),
      logger,
    }),
  );
  const clubs = deps.clubs ?? firestoreClubDirectory(config.firebaseProjectId, logger);
  app.use(
    '/api',
    roomsRouter({
      config,
      rooms,
      verifyToken,
      metrics,
      uidLimiter,
      now,
      clubs,
      guests,
      clientIp,
      draining: () => draining,
      statusLimiter,
    }),
  );
  app.use(config.path, gateway.peerApp);

  app.use((_req, _res, next) => next(new ApiError('not_found', 'No such endpoint.')));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(err, logger);
    metrics.rejection(apiError.code);
    if (apiError.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(apiError.retryAfterSeconds));
    res.status(apiError.status).json(apiError.toJSON());
  });

  const sweeper = setInterval(() => rooms.sweep(), Math.min(30_000, Math.max(1000, (config.roomIdleTtlSeconds * 1000) / 2)));
  sweeper.unref();

  return {
    app,
    httpServer,
    rooms,
    metrics,
    catalog,
    /** Our own data feeds (null unless deps.ownData). */
    ownData,
    /** The per-socket token peer holds for a registered id (tests, diagnostics). */
    peerToken: (id: string) => gateway.tokenOf(id),
    listen(port = config.port, host = config.host): Promise<{ port: number }> {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        httpServer.once('error', onError);
        httpServer.listen(port, host, () => {
          httpServer.off('error', onError);
          resolve({ port: (httpServer.address() as AddressInfo).port });
        });
      });
    },
    /** The shared counter (memory, or Redis in a cluster). */
    counter,
    get draining() {
      return draining;
    },
    /**
     * SIGTERM in a cluster: /health answers 503 `draining` at once and no new rooms are taken (creates and
     * restores get 503 shutting_down, which HAProxy retries on another node); after `delayMs` (long enough for
     * the load balancer's health check to take the node out) every PeerJS socket is told `shutting_down` and
     * closed, so the panels rejoin through the load balancer on another node, where their restore tickets
     * re-create the rooms; then close().
     */
    async drain(delayMs = config.drainDelayMs, timeoutMs = 3000): Promise<void> {
      if (draining || closing) return;
      draining = true;
      logger.info('draining: no new rooms; members will be moved', { delayMs, rooms: rooms.stats().rooms });
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      await this.close(timeoutMs);
    },
    /** Graceful: refuse new work, close PeerJS sockets (1001), finish in-flight requests, then stop. */
    async close(timeoutMs = 3000): Promise<void> {
      if (closing) return;
      closing = true;
      clearInterval(sweeper);
      stopWarming();
      const stopped = new Promise<void>((resolve) => {
        if (!httpServer.listening) return resolve();
        httpServer.close(() => resolve());
      });
      await gateway.close(Math.min(timeoutMs, 2000));
      httpServer.closeIdleConnections();
      const force = setTimeout(() => httpServer.closeAllConnections(), timeoutMs);
      await stopped;
      clearTimeout(force);
      rooms.close();
      await ownData?.close();
      await clubs.close();
      await catalog.settle();
      await counter.close();
      await firebase?.close();
    },
  };
}

function toApiError(err: unknown, logger: Logger): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.too.large') return new ApiError('payload_too_large', 'The request body is too large.');
  if (e?.type === 'entity.parse.failed') return new ApiError('invalid_request', 'The request body is not valid JSON.');
  if (e?.status && e.status >= 400 && e.status < 500) return new ApiError('invalid_request', e.message ?? 'Bad request.');
  logger.error('unexpected error', { error: e?.message ?? String(err) });
  return new ApiError('internal', 'Something went wrong on the server; try again.');
}
