import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type express from 'express';
import { ExpressPeerServer, type IClient } from 'peer';
import { type WebSocket, WebSocketServer } from 'ws';
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '../../../shared/room-code';
import type { PeerSocketErrorCode } from '../../../shared/schemas/rooms-api';
import type { VerifyToken } from '../auth/verify-token';
import type { PeerServerConfig } from '../config';
import { originAllowed } from '../config';
import type { RateLimiter } from '../http/rate-limit';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { RoomStore } from '../rooms/room-store';

/**
 * PeerJS signalling with authentication in front of `peer` 1.0.2.
 *
 * `peer` itself trusts whatever `id` a client asks for, keeps the client's random `token` only to
 * tell a reconnect from an impostor (a reconnect with a new token gets ID-TAKEN), lets oversized or
 * malformed frames through to JSON.parse, and relays OFFER/CANDIDATE to any id. So this gateway owns
 * the WebSocket upgrade (through peer's `createWebSocketServer` hook, with `noServer`):
 *  1. origin allow-list and a per-IP rate limit, answered with a plain HTTP status before upgrading;
 *  2. `id`, `token` and `key` must each appear exactly once (peer reads the LAST of a repeated parameter,
 *     URLSearchParams.get the first, so a repeat could verify one id and register another); a missing
 *     one or a wrong key is answered here with peer's own wording; the `token` query parameter must be
 *     a valid Firebase ID token, and `id` must equal its uid. peer then sees a URL rebuilt from the
 *     verified values only, with a random token per socket (no two sockets share one), and every
 *     relay decision uses the id peer registered the socket under;
 *  3. a socket already registered for that id is the same user's stale connection (the token proves
 *     it): it is told `session_replaced`, closed (terminated if it does not answer within 250 ms)
 *     and removed before the new socket reaches peer, so peer registers the new one fresh and sends
 *     OPEN (never ID-TAKEN);
 *  4. every frame is checked before peer sees it: binary, non-JSON, unknown types or bad fields close
 *     that socket (1008); frames over MAX_WS_MESSAGE_BYTES are refused by ws itself (close 1009);
 *     OFFER/ANSWER/CANDIDATE/LEAVE to someone outside the sender's room are dropped; a socket sending
 *     more than MAX_WS_MESSAGES_PER_SECOND (after a 3 s burst) is closed (1008 rate_limited).
 */
export type PeerGateway = ReturnType<typeof createPeerGateway>;

const PEER_ID = /^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$/;
const RELAYED = new Set(['OFFER', 'ANSWER', 'CANDIDATE']);

export function createPeerGateway(deps: {
  httpServer: Server;
  config: PeerServerConfig;
  verifyToken: VerifyToken;
  rooms: RoomStore;
  metrics: Metrics;
  logger: Logger;
  ipLimiter: RateLimiter;
  clientIp: (req: IncomingMessage) => string;
}) {
  const { httpServer, config, verifyToken, rooms, metrics, logger, ipLimiter } = deps;
  let wss: WebSocketServer | undefined;
  let wsPath = '';
  let closing = false;
  const clients = new Map<string, IClient>();
  /** The id peer registered each socket under: every relay decision uses it, never a query value. */
  const owners = new WeakMap<WebSocket, string>();
  const pending = new Map<string, Promise<void>>();

  const peerApp = ExpressPeerServer(httpServer, {
    path: '/',
    key: config.key,
    allow_discovery: false,
    concurrent_limit: config.maxPeers,
    alive_timeout: config.aliveTimeoutMs,
    corsOptions: {
      origin: (origin: string | undefined, cb: (e: Error | null, ok?: boolean) => void) =>
        cb(null, !origin || originAllowed(origin, config.corsOrigins)),
    },
    createWebSocketServer: (options) => {
      wsPath = options.path ?? '';
      wss = new WebSocketServer({ noServer: true, maxPayload: config.maxWsMessageBytes, perMessageDeflate: false });
      // In a cluster, say which node took the socket (as the HTTP answers do), for operators and tests.
      if (config.nodeId) wss.on('headers', (headers: string[]) => headers.push(`X-Chaekbang-Node: ${config.nodeId}`));
      return wss;
    },
  });

  peerApp.on('connection', (client: IClient) => {
    const socket = client.getSocket();
    if (socket) owners.set(socket as unknown as WebSocket, client.getId());
    clients.set(client.getId(), client);
    rooms.peerConnected(client.getId());
    metrics.wsConnected();
  });
  peerApp.on('disconnect', (client: IClient) => {
    if (clients.get(client.getId()) !== client) return;
    clients.delete(client.getId());
    rooms.peerDisconnected(client.getId());
  });
  // Without a listener, an 'error' event (a socket error, a frame over maxPayload) would crash the process.
  peerApp.on('error', (error: Error) => logger.debug('peer socket error', { error: error.message }));

  const refuseHttp = (socket: Duplex, status: number, text: string, reason: string) => {
    metrics.wsRefused(reason);
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
    );
  };

  const sendErrorAndClose = (ws: WebSocket, code: PeerSocketErrorCode, message: string) => {
    metrics.wsRefused(code);
    ws.send(JSON.stringify({ type: 'ERROR', payload: { msg: `${code}: ${message}` } }));
    ws.close(code === 'shutting_down' ? 1001 : 1008, code);
  };

  /** Terminate the same user's previous socket and wait until peer has removed it. */
  const replaceStale = async (id: string) => {
    const stale = clients.get(id);
    const socket = stale?.getSocket();
    if (!stale || !socket) return;
    metrics.wsReplaced();
    await new Promise<void>((resolve) => {
      // Tell a still-live old panel why (so it does not reconnect and take the id back), then close;
      // a socket on a dead network never answers the close handshake, so terminate it soon after.
      const hard = setTimeout(() => socket.terminate(), 250);
      const giveUp = setTimeout(resolve, 2000);
      socket.once('close', () => {
        clearTimeout(hard);
        clearTimeout(giveUp);
        resolve();
      });
      try {
        socket.send(
          JSON.stringify({
            type: 'ERROR',
            payload: { msg: 'session_replaced: you connected again from another place; this connection is closed.' },
          }),
        );
        socket.close(4000, 'session_replaced');
      } catch {
        socket.terminate();
      }
    });
  };

  const guard = (ws: WebSocket) => {
    const emit = ws.emit.bind(ws) as (event: string, ...args: unknown[]) => boolean;
    // Per-socket token bucket: a burst of 3 s worth of frames, refilled at maxWsMessagesPerSecond.
    const rate = config.maxWsMessagesPerSecond;
    let tokens = rate * 3;
    let at = Date.now();
    (ws as unknown as { emit: typeof emit }).emit = (event: string, ...args: unknown[]) => {
      if (event === 'error') {
        const code = (args[0] as { code?: string } | undefined)?.code;
        if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') metrics.dropped('too_large');
        else metrics.dropped('protocol_error');
      }
      if (event !== 'message') return emit(event, ...args);
      const t = Date.now();
      tokens = Math.min(rate * 3, tokens + ((t - at) * rate) / 1000);
      at = t;
      if (tokens < 1) {
        metrics.dropped('rate_limited');
        ws.close(1008, 'rate_limited');
        return true;
      }
      tokens -= 1;
      // peer registered this socket synchronously on 'connection'; a frame before that has no sender.
      const id = owners.get(ws);
      const verdict = id === undefined ? 'not_registered' : check(args[0], args[1] === true, id);
      if (verdict === 'ok') return emit(event, ...args);
      metrics.dropped(verdict);
      if (verdict !== 'not_in_room') ws.close(1008, verdict);
      return true;
    };
  };

  const check = (
    data: unknown,
    isBinary: boolean,
    id: string,
  ): 'ok' | 'binary' | 'malformed' | 'unknown_type' | 'not_in_room' => {
    if (isBinary || !Buffer.isBuffer(data)) return 'binary';
    let message: unknown;
    try {
      message = JSON.parse(data.toString('utf8'));
    } catch {
      return 'malformed';
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) return 'malformed';
    const { type, dst, payload } = message as { type?: unknown; dst?: unknown; payload?: unknown };
    if (type === 'HEARTBEAT') return 'ok';
    if (type === 'LEAVE') {
      if (dst === undefined) return 'ok';
      if (typeof dst !== 'string' || !PEER_ID.test(dst) || dst.length > 128) return 'malformed';
      return rooms.sameRoom(id, dst) ? 'ok' : 'not_in_room';
    }
    if (typeof type !== 'string' || !RELAYED.has(type)) return 'unknown_type';
    if (typeof dst !== 'string' || !PEER_ID.test(dst) || dst.length > 128) return 'malformed';
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return 'malformed';
    return rooms.sameRoom(id, dst) ? 'ok' : 'not_in_room';
  };

  const roomScoped = new RegExp(`^${config.path.replace(/\/+$/, '')}/rooms/[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}/peerjs$`);
  const isRoomScoped = (pathname: string) => roomScoped.test(pathname);

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://peer-server.invalid');
    // `${PEER_PATH}/peerjs`, or the room-scoped `${PEER_PATH}/rooms/<CODE>/peerjs` that carries the room code so a
    // load balancer sends every member's socket to the node holding the room (the code is routing only: what a
    // socket may reach is still decided by the room store).
    if (!wss || (url.pathname !== wsPath && !isRoomScoped(url.pathname))) {
      return refuseHttp(socket, 404, 'Not Found', 'not_found');
    }
    if (closing) return refuseHttp(socket, 503, 'Service Unavailable', 'shutting_down');
    const origin = req.headers.origin;
    if (origin && !originAllowed(origin, config.corsOrigins)) return refuseHttp(socket, 403, 'Forbidden', 'origin_not_allowed');
    if (!ipLimiter.take(deps.clientIp(req)).ok) return refuseHttp(socket, 429, 'Too Many Requests', 'rate_limited');
    const server = wss;

    const upgrade = (after: (ws: WebSocket) => void) => {
      if (socket.destroyed) return;
      server.handleUpgrade(req, socket, head, after);
    };
    const refuse = (code: PeerSocketErrorCode, message: string) => upgrade((ws) => sendErrorAndClose(ws, code, message));
    /** peer's own wording for these, so a PeerJS client reports them as it always did. */
    const refuseLikePeer = (msg: string, reason: string) =>
      upgrade((ws) => {
        metrics.wsRefused(reason);
        ws.send(JSON.stringify({ type: 'ERROR', payload: { msg } }));
        ws.close(1008, reason);
      });

    // `peer` reads the query with Object.fromEntries (the last value wins) while URLSearchParams.get
    // returns the first: a repeated parameter could verify one id and register another. Refuse them.
    const repeated = ['id', 'token', 'key'].filter((name) => url.searchParams.getAll(name).length > 1);
    if (repeated.length > 0) {
      return refuse('invalid_parameters', `each of id, token and key may appear once; repeated: ${repeated.join(', ')}.`);
    }
    const id = url.searchParams.get('id') ?? '';
    const token = url.searchParams.get('token') ?? '';
    const key = url.searchParams.get('key') ?? '';

    // Answer a missing id/key or a wrong key here: peer never sees a URL the gateway has not rebuilt.
    // (A missing token goes on to the token check and gets `unauthenticated`.)
    if (!id || !key) return refuseLikePeer('No id, token, or key supplied to websocket server', 'invalid_parameters');
    if (key !== config.key) return refuseLikePeer('Invalid key provided', 'invalid_key');
    verifyToken(token).then(
      ({ uid }) => {
        if (uid !== id) {
          return refuse('peer_id_not_yours', 'the peer id must be your own user id (uid); you cannot use another person’s id.');
        }
        if (!PEER_ID.test(uid)) return refuse('unauthenticated', 'this account’s uid cannot be used as a PeerJS id.');
        // One connection attempt per id at a time, so replacing a stale socket cannot race.
        const previous = pending.get(id) ?? Promise.resolve();
        const turn = previous.then(async () => {
          if (closing) return refuse('shutting_down', 'the server is restarting; reconnect in a moment.');
          if (socket.destroyed) return;
          await replaceStale(id);
          if (clients.has(id)) return refuse('reconnect_conflict', 'your previous connection is still closing; try again.');
          upgrade((ws) => {
            guard(ws);
            // peer sees only the verified values, rebuilt from scratch. Its token (which tells a reconnect
            // from an impostor) is random per socket: no two sockets share one, and the ID token is not kept.
            const fresh = new URLSearchParams({ key: config.key, id: uid, token: randomBytes(18).toString('base64url') });
            req.url = `${wsPath}?${fresh.toString()}`;
            server.emit('connection', ws, req);
          });
        });
        const settled = turn.catch((err: unknown) => {
          logger.error('peer upgrade failed', { error: err instanceof Error ? err.message : String(err) });
          socket.destroy();
        });
        pending.set(id, settled);
        void settled.then(() => {
          if (pending.get(id) === settled) pending.delete(id);
        });
      },
      (err: unknown) => refuse('unauthenticated', err instanceof Error ? err.message : 'the token was refused.'),
    );
  };
  httpServer.on('upgrade', onUpgrade);

  return {
    peerApp: peerApp as unknown as express.Express,
    peers: () => clients.size,
    /** The per-socket token peer holds for `id` (diagnostics and tests). */
    tokenOf: (id: string): string | undefined => clients.get(id)?.getToken(),
    /** Stop accepting sockets, close open ones with 1001 (going away), terminate stragglers. */
    async close(timeoutMs = 2000): Promise<void> {
      closing = true;
      httpServer.off('upgrade', onUpgrade);
      const sockets = wss ? [...wss.clients] : [];
      await Promise.all(
        sockets.map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === ws.CLOSED) return resolve();
              const timer = setTimeout(() => {
                ws.terminate();
                resolve();
              }, timeoutMs);
              ws.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              // Tell the panel why: it rejoins at once, through the load balancer, on a node that stays.
              try {
                ws.send(
                  JSON.stringify({
                    type: 'ERROR',
                    payload: { msg: 'shutting_down: this server is restarting; reconnect to carry on in another one.' },
                  }),
                );
              } catch {}
              ws.close(1001, 'server shutting down');
            }),
        ),
      );
      await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
    },
  };
}
