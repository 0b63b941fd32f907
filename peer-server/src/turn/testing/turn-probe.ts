import { createHash, createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';

/**
 * A minimal TURN client (RFC 5766 Allocate over UDP with the long-term credential mechanism, RFC 5389
 * message integrity) for tests: it asks a real coturn for a relay allocation with given credentials and
 * reports what coturn answered. Not a general client: one Allocate, then a Refresh with lifetime 0.
 */

const MAGIC = 0x2112a442;
const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  lifetime: 0x000d,
  fingerprint: 0x8028,
} as const;
const METHOD = { allocate: 0x0003, refresh: 0x0004 } as const;

export type AllocateOutcome =
  | { ok: true; relayed: { address: string; port: number } }
  | { ok: false; code: number; reason: string };

type Attr = { type: number; value: Buffer };

function encode(type: number, txId: Buffer, attrs: Attr[], integrityKey?: Buffer): Buffer {
  const body = Buffer.concat(
    attrs.map((a) => {
      const pad = (4 - (a.value.length % 4)) % 4;
      const head = Buffer.alloc(4);
      head.writeUInt16BE(a.type, 0);
      head.writeUInt16BE(a.value.length, 2);
      return Buffer.concat([head, a.value, Buffer.alloc(pad)]);
    }),
  );
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC, 4);
  txId.copy(header, 8);
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // MESSAGE-INTEGRITY covers the message up to itself, with the length already counting it (24 bytes).
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', integrityKey)
    .update(Buffer.concat([header, body]))
    .digest();
  const miHead = Buffer.alloc(4);
  miHead.writeUInt16BE(ATTR.messageIntegrity, 0);
  miHead.writeUInt16BE(20, 2);
  return Buffer.concat([header, body, miHead, mac]);
}

function decode(msg: Buffer): { type: number; txId: Buffer; attrs: Map<number, Buffer> } | null {
  if (msg.length < 20 || msg.readUInt32BE(4) !== MAGIC) return null;
  const attrs = new Map<number, Buffer>();
  const end = Math.min(msg.length, 20 + msg.readUInt16BE(2));
  let at = 20;
  while (at + 4 <= end) {
    const type = msg.readUInt16BE(at);
    const len = msg.readUInt16BE(at + 2);
    if (!attrs.has(type)) attrs.set(type, msg.subarray(at + 4, at + 4 + len));
    at += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { type: msg.readUInt16BE(0), txId: msg.subarray(8, 20), attrs };
}

/** The USERNAME attribute of a STUN/TURN message, or null (any STUN message; ChannelData has none). */
export function stunUsername(msg: Buffer): string | null {
  if (msg.length < 20 || (msg[0]! & 0xc0) !== 0) return null;
  const username = decode(msg)?.attrs.get(ATTR.username);
  return username ? username.toString('utf8') : null;
}

function xorAddress(value: Buffer): { address: string; port: number } {
  const port = value.readUInt16BE(2) ^ (MAGIC >>> 16);
  const raw = value.readUInt32BE(4) ^ MAGIC;
  return { address: [raw >>> 24, (raw >>> 16) & 255, (raw >>> 8) & 255, raw & 255].join('.'), port };
}

function request(socket: dgram.Socket, host: string, port: number, msg: Buffer, txId: Buffer, timeoutMs: number) {
  return new Promise<ReturnType<typeof decode>>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      reject(new Error(`no answer from the TURN server at ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (raw: Buffer) => {
      const parsed = decode(raw);
      if (!parsed?.txId.equals(txId)) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(parsed);
    };
    socket.on('message', onMessage);
    socket.send(msg, port, host);
  });
}

function errorOf(parsed: NonNullable<ReturnType<typeof decode>>): { code: number; reason: string } {
  const value = parsed.attrs.get(ATTR.errorCode);
  if (!value || value.length < 4) return { code: 0, reason: 'no ERROR-CODE' };
  return { code: (value[2]! & 7) * 100 + value[3]!, reason: value.subarray(4).toString('utf8') };
}

/**
 * Ask the TURN server at host:port for a UDP relay with these credentials (a TURN REST username and
 * password). Resolves with the relayed address, or with the error coturn answered (401 for a refused
 * credential). Releases a granted allocation at once.
 */
export async function tryAllocate(
  { host = '127.0.0.1', port }: { host?: string; port: number },
  { username, credential }: { username: string; credential: string },
  { timeoutMs = 2000 } = {},
): Promise<AllocateOutcome> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    const transport = { type: ATTR.requestedTransport, value: Buffer.from([17, 0, 0, 0]) };
    const tx1 = randomBytes(12);
    const first = await request(socket, host, port, encode(METHOD.allocate, tx1, [transport]), tx1, timeoutMs);
    if (!first) throw new Error('unparseable answer');
    if (first.type === 0x0103) throw new Error('the TURN server granted an allocation without credentials');
    const { code } = errorOf(first);
    const realm = first.attrs.get(ATTR.realm);
    const nonce = first.attrs.get(ATTR.nonce);
    if (code !== 401 || !realm || !nonce) return { ok: false, ...errorOf(first) };
    const key = createHash('md5')
      .update(`${username}:${realm.toString('utf8')}:${credential}`)
      .digest();
    const tx2 = randomBytes(12);
    const attrs = [
      transport,
      { type: ATTR.username, value: Buffer.from(username, 'utf8') },
      { type: ATTR.realm, value: realm },
      { type: ATTR.nonce, value: nonce },
    ];
    const second = await request(socket, host, port, encode(METHOD.allocate, tx2, attrs, key), tx2, timeoutMs);
    if (!second) throw new Error('unparseable answer');
    if (second.type !== 0x0103) return { ok: false, ...errorOf(second) };
    const relayed = second.attrs.get(ATTR.xorRelayedAddress);
    if (!relayed) throw new Error('allocation granted without XOR-RELAYED-ADDRESS');
    // Release it (Refresh with LIFETIME 0).
    const tx3 = randomBytes(12);
    const lifetime = { type: ATTR.lifetime, value: Buffer.from([0, 0, 0, 0]) };
    await request(socket, host, port, encode(METHOD.refresh, tx3, [lifetime, ...attrs.slice(1)], key), tx3, timeoutMs).catch(
      () => null,
    );
    return { ok: true, relayed: xorAddress(relayed) };
  } finally {
    socket.close();
  }
}
