import { connect, type Socket } from 'node:net';

/**
 * A small Redis client (RESP2 over one TCP connection, pipelined), enough for the shared counters:
 * AUTH, SELECT, INCRBY, PEXPIRE, MGET, PING. No dependency; reconnects with a back-off when the link drops.
 * A command sent while the link is down fails at once (RedisUnavailableError): callers keep their own
 * local state and try again at their next sync, so Redis being away never blocks a request.
 */
export type RedisReply = string | number | null | RedisReply[];

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}
export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError';
}

type Pending = { resolve: (r: RedisReply) => void; reject: (e: Error) => void };

export type RedisClient = {
  command(...args: (string | number)[]): Promise<RedisReply>;
  /** Several commands in one write; the replies in order (an error reply rejects the whole batch). */
  pipeline(commands: (string | number)[][]): Promise<RedisReply[]>;
  readonly connected: boolean;
  close(): Promise<void>;
};

const encode = (args: (string | number)[]) => {
  let out = `*${args.length}\r\n`;
  for (const a of args) {
    const s = String(a);
    out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return out;
};

/** Parse one reply from `buf` at `at`: [reply, next offset], or null when more bytes are needed. */
export function parseReply(buf: Buffer, at: number): [RedisReply | RedisReplyError, number] | null {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const type = String.fromCharCode(buf[at] ?? 0);
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+':
      return [line, next];
    case '-':
      return [new RedisReplyError(line), next];
    case ':':
      return [Number(line), next];
    case '$': {
      const len = Number(line);
      if (len < 0) return [null, next];
      if (buf.length < next + len + 2) return null;
      return [buf.toString('utf8', next, next + len), next + len + 2];
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return [null, next];
      const items: RedisReply[] = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, pos);
        if (!item) return null;
        if (item[0] instanceof RedisReplyError) return [item[0], item[1]];
        items.push(item[0]);
        pos = item[1];
      }
      return [items, pos];
    }
    default:
      throw new RedisReplyError(`unexpected reply type ${JSON.stringify(type)}`);
  }
}

export function createRedisClient(options: {
  host: string;
  port: number;
  password?: string | null;
  db?: number;
  onState?: (connected: boolean, error?: string) => void;
}): RedisClient {
  let socket: Socket | null = null;
  let ready = false;
  let closed = false;
  let buffer: Buffer = Buffer.alloc(0);
  let queue: Pending[] = [];
  let retry: ReturnType<typeof setTimeout> | null = null;
  let backoff = 100;

  const failAll = (err: Error) => {
    const q = queue;
    queue = [];
    for (const p of q) p.reject(err);
  };

  const open = () => {
    if (closed) return;
    const s = connect({ host: options.host, port: options.port });
    socket = s;
    s.setNoDelay(true);
    s.on('connect', () => {
      // AUTH and SELECT go first in the pipeline; their replies are checked like any other.
      const setup: (string | number)[][] = [];
      if (options.password) setup.push(['AUTH', options.password]);
      if (options.db) setup.push(['SELECT', options.db]);
      ready = true;
      backoff = 100;
      if (setup.length === 0) {
        options.onState?.(true);
        return;
      }
      pipeline(setup).then(
        () => options.onState?.(true),
        (err: Error) => {
          options.onState?.(false, err.message);
          s.destroy();
        },
      );
    });
    s.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      let at = 0;
      for (;;) {
        let parsed: ReturnType<typeof parseReply>;
        try {
          parsed = parseReply(buffer, at);
        } catch (err) {
          failAll(err as Error);
          s.destroy();
          return;
        }
        if (!parsed) break;
        at = parsed[1];
        const waiter = queue.shift();
        if (!waiter) continue;
        if (parsed[0] instanceof RedisReplyError) waiter.reject(parsed[0]);
        else waiter.resolve(parsed[0]);
      }
      buffer = at >= buffer.length ? Buffer.alloc(0) : buffer.subarray(at);
    });
    s.on('error', () => {});
    s.on('close', () => {
      const was = ready;
      ready = false;
      socket = null;
      buffer = Buffer.alloc(0);
      failAll(new RedisUnavailableError('the connection to Redis closed'));
      if (was) options.onState?.(false, 'connection closed');
      if (closed) return;
      retry = setTimeout(open, backoff);
      retry.unref();
      backoff = Math.min(backoff * 2, 5000);
    });
  };

  function pipeline(commands: (string | number)[][]): Promise<RedisReply[]> {
    if (!ready || !socket) return Promise.reject(new RedisUnavailableError('Redis is not connected'));
    const s = socket;
    return Promise.all(
      commands.map(
        (args) =>
          new Promise<RedisReply>((resolve, reject) => {
            queue.push({ resolve, reject });
            s.write(encode(args));
          }),
      ),
    );
  }

  open();
  return {
    command: (...args) => pipeline([args]).then((r) => r[0] ?? null),
    pipeline,
    get connected() {
      return ready;
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const s = socket;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.end();
        setTimeout(() => s.destroy(), 500).unref();
      });
    },
  };
}
