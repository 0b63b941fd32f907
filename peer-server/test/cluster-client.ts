import WebSocket from 'ws';

/**
 * A simulated panel for cluster tests and the cluster bench: what RoomSession does on the wire, through the load
 * balancer. It joins with the code in the rooms API path, opens its PeerJS socket on the room-scoped path
 * (`/peerjs/rooms/<CODE>/peerjs`), keeps the latest restore ticket and rejoin grant, and when its socket closes
 * (node killed, node draining: `shutting_down`) it rejoins the same code with `restore` (the ticket re-creates
 * the room on whichever node the load balancer now picks) and opens a new socket, with PeerJS-like back-off.
 */
export type ClusterMember = {
  uid: string;
  code: string;
  /** The node that served the latest successful join (X-Chaekbang-Node). */
  node: string | null;
  /** The node whose socket is open now (null while away). */
  socketNode: string | null;
  /** How many times the socket was opened (1 = never had to come back). */
  opens: number;
  /** Resolves when the member is joined and its socket is open (again); `since` = after that time. */
  ready(since?: number, timeoutMs?: number): Promise<number>;
  /** Messages the server sent on the socket (ERROR `shutting_down` …). */
  errors: string[];
  /** Why the latest attempt to come back failed (diagnostics). */
  lastError: string | null;
  close(): void;
};

// biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field and checked by the assertions
export type JoinAnswer = { status: number; node: string | null; body: any };

export async function apiCall(
  base: string,
  path: string,
  token: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<JoinAnswer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { raw: text };
  }
  return { status: res.status, node: res.headers.get('x-chaekbang-node'), body: json };
}

const BACKOFF = [250, 500, 1000, 2000, 3000];

export function clusterMember(options: {
  base: string;
  uid: string;
  token: string;
  code: string;
  displayName?: string;
  passcode?: string;
  /** Called with each reconnect's timings (bench). */
  onBack?: (ms: number) => void;
}): ClusterMember {
  const { base, uid, token, code } = options;
  let ticket: string | null = null;
  let grant: string | null = null;
  let capacity = 6;
  let name: string | null = null;
  let ws: WebSocket | null = null;
  let closed = false;
  let attempt = 0;
  let readyAt = 0;
  let lostAt = 0;
  const waiters: { since: number; resolve: (t: number) => void }[] = [];
  const member: ClusterMember = {
    uid,
    code,
    node: null,
    socketNode: null,
    opens: 0,
    errors: [],
    lastError: null,
    ready(since = 0, timeoutMs = 20_000) {
      if (readyAt > since && member.socketNode) return Promise.resolve(readyAt);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`member ${uid.slice(0, 6)} of ${code} not back within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          since,
          resolve: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
        });
      });
    },
    close() {
      closed = true;
      ws?.terminate();
    },
  };

  const join = async () => {
    const res = await apiCall(base, `/api/rooms/${code}/join`, token, {
      displayName: options.displayName ?? `m-${uid.slice(0, 6)}`,
      ...(options.passcode ? { passcode: options.passcode } : {}),
      ...(ticket ? { restore: { capacity, name, ticket } } : {}),
      ...(grant ? { rejoinGrant: grant } : {}),
    });
    if (res.status !== 200) throw Object.assign(new Error(`join ${code}: ${res.status} ${JSON.stringify(res.body)}`), res);
    ticket = res.body.restoreTicket ?? ticket;
    grant = res.body.rejoinGrant ?? grant;
    capacity = res.body.room.capacity;
    name = res.body.room.name;
    member.node = res.node;
    return res;
  };

  const openSocket = () =>
    new Promise<void>((resolve, reject) => {
      const q = new URLSearchParams({ key: 'peerjs', id: uid, token, version: '1.5.5' });
      const url = `${base.replace(/^http/, 'ws')}/peerjs/rooms/${code}/peerjs?${q}`;
      const s = new WebSocket(url, { perMessageDeflate: false });
      ws = s;
      let opened = false;
      let heartbeat: ReturnType<typeof setInterval> | null = null;
      s.on('upgrade', (res) => {
        member.socketNode = (res.headers['x-chaekbang-node'] as string | undefined) ?? member.node;
      });
      s.on('message', (data) => {
        let m: { type?: string; payload?: { msg?: string } };
        try {
          m = JSON.parse(String(data));
        } catch {
          return;
        }
        if (m.type === 'OPEN') {
          opened = true;
          heartbeat = setInterval(() => s.readyState === s.OPEN && s.send('{"type":"HEARTBEAT"}'), 5000);
          heartbeat.unref();
          resolve();
        } else if (m.type === 'ERROR') {
          member.errors.push(m.payload?.msg ?? '');
          if (!opened) reject(new Error(m.payload?.msg ?? 'ERROR'));
        }
      });
      s.on('error', () => {});
      s.on('close', () => {
        if (heartbeat) clearInterval(heartbeat);
        if (!opened) reject(new Error('socket closed before OPEN'));
        if (ws !== s) return;
        member.socketNode = null;
        if (opened && !closed) {
          lostAt = Date.now();
          schedule();
        }
      });
    });

  const connect = async () => {
    await join();
    await openSocket();
    // The socket reached the node of the join (room-scoped path): check with a fresh GET through the balancer.
    member.opens += 1;
    attempt = 0;
    readyAt = Date.now();
    if (lostAt) options.onBack?.(readyAt - lostAt);
    for (const w of waiters.splice(0)) if (readyAt > w.since) w.resolve(readyAt);
  };

  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (closed || timer) return;
    const wait = BACKOFF[Math.min(attempt, BACKOFF.length - 1)] ?? 3000;
    attempt += 1;
    timer = setTimeout(() => {
      timer = null;
      if (closed) return;
      connect().catch((err: Error) => {
        member.lastError = err.message;
        ws?.terminate();
        schedule();
      });
    }, wait);
  };

  (member as ClusterMember & { start: () => Promise<void> }).start = connect;
  return member;
}

/** Join and open the socket once (throws on refusal); afterwards the member heals by itself. */
export async function startMember(options: Parameters<typeof clusterMember>[0]): Promise<ClusterMember> {
  const m = clusterMember(options) as ClusterMember & { start: () => Promise<void> };
  await m.start();
  return m;
}
