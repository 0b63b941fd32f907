// coturn (Debian's `coturn` package) on loopback for tests, benches and `npm run start:cluster`.
// It runs with `use-auth-secret`: the peer-server signs TURN REST credentials (`expiry:uid`, HMAC-SHA1) with
// the same secret (peer-server/src/turn/turn-credentials.ts), and coturn refuses expired or forged ones.
// The production template is peer-server/deploy/turnserver.conf; this file writes a test-only config.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTurnserver } from './system.mjs';

/** The realm coturn announces in local runs (any value works: the REST credentials do not depend on it). */
export const LOCAL_TURN_REALM = 'chaekbang.local';

/**
 * The coturn configuration for a loopback run. Unlike the production template it listens and relays on
 * 127.0.0.1 only and lets the relay reach loopback peers (`allow-loopback-peers`): on one machine every
 * browser is a loopback peer. Never use this in production (see peer-server/deploy/turnserver.conf).
 */
export function loopbackTurnConfig({ secret, port, relayPorts, realm = LOCAL_TURN_REALM, pidFile, dbFile }) {
  return [
    '# Written by scripts/lib/coturn.mjs for a loopback test run. NOT a production configuration.',
    `listening-ip=127.0.0.1`,
    `relay-ip=127.0.0.1`,
    `listening-port=${port}`,
    `min-port=${relayPorts[0]}`,
    `max-port=${relayPorts[1]}`,
    'use-auth-secret',
    `static-auth-secret=${secret}`,
    `realm=${realm}`,
    'fingerprint',
    'no-tls',
    'no-dtls',
    'no-cli',
    'no-tcp-relay',
    // One address: no NAT-behaviour discovery (and no second listener on port + 1).
    'no-rfc5780',
    'no-multicast-peers',
    // Test only: every reader on this machine is a loopback peer.
    'allow-loopback-peers',
    'no-software-attribute',
    'log-file=stdout',
    'simple-log',
    `pidfile=${pidFile}`,
    `userdb=${dbFile}`,
    '',
  ].join('\n');
}

/** A port on 127.0.0.1 free for both UDP and TCP right now (coturn listens on both). */
async function freeUdpTcpPort() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const s = dgram.createSocket('udp4');
      s.on('error', reject);
      s.bind(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    });
    const tcpFree = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (tcpFree) return port;
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1');
}

/**
 * Start coturn on loopback with `use-auth-secret` and `secret` (the peer-server's TURN_SECRET).
 * `port` defaults to a free one; `relayPorts` is the [min, max] UDP range for relayed media (default: a
 * range of 200 above 40000 picked from the port so parallel runs rarely overlap).
 * Resolves once coturn answers a STUN Binding request on the port.
 * @param {{ secret: string, port?: number, relayPorts?: [number, number], realm?: string }} options
 * @returns {Promise<{ url: string, urls: string[], port: number, relayPorts: [number, number], realm: string, log(): string, stop(): Promise<void> }>}
 */
export async function startCoturn({ secret, port, relayPorts, realm = LOCAL_TURN_REALM } = {}) {
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new Error('startCoturn needs the TURN secret (at least 16 characters), the same as the peer-server TURN_SECRET.');
  }
  const bin = findTurnserver();
  // A port picked here can be taken before coturn binds it (a shared machine): pick another and retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(bin, { secret, port: port ?? (await freeUdpTcpPort()), relayPorts, realm });
    } catch (err) {
      if (port !== undefined || attempt >= 3 || !(err instanceof PortTaken)) throw err;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(bin, { secret, port: listenPort, relayPorts, realm }) {
  const range = relayPorts ?? [40000 + ((listenPort * 7) % 20000), 40000 + ((listenPort * 7) % 20000) + 199];
  const dir = mkdtempSync(join(tmpdir(), 'chaekbang-coturn-'));
  const conf = join(dir, 'turnserver.conf');
  writeFileSync(
    conf,
    loopbackTurnConfig({
      secret,
      port: listenPort,
      relayPorts: range,
      realm,
      pidFile: join(dir, 'turnserver.pid'),
      dbFile: join(dir, 'turndb'),
    }),
    { mode: 0o600 },
  );
  const child = spawn(bin, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => {
    log += d.toString();
  });
  child.stderr.on('data', (d) => {
    log += d.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stop = () =>
    new Promise((resolve) => {
      const done = () => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (exited) return done();
      const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(hard);
        done();
      });
      child.kill('SIGTERM');
    });
  const started = Date.now();
  while (!(await stunAnswers(listenPort))) {
    if (/Cannot bind .*listener socket|Address already in use/.test(log) && Date.now() - started > 1000) {
      await stop();
      throw new PortTaken(`coturn could not bind 127.0.0.1:${listenPort}:\n${log.slice(-1000)}`);
    }
    if (exited) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`coturn (${bin}) exited before it listened on 127.0.0.1:${listenPort}:\n${log.slice(-2000)}`);
    }
    if (Date.now() - started > 15_000) {
      await stop();
      throw new Error(`coturn did not answer on 127.0.0.1:${listenPort} within 15 s:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `turn:127.0.0.1:${listenPort}?transport=udp`;
  return {
    url,
    urls: [url, `turn:127.0.0.1:${listenPort}?transport=tcp`],
    port: listenPort,
    relayPorts: range,
    realm,
    log: () => log,
    stop,
  };
}

/** Does something answer a STUN Binding request on 127.0.0.1:port within 300 ms? */
function stunAnswers(port) {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const req = Buffer.alloc(20);
    req.writeUInt16BE(0x0001, 0);
    req.writeUInt32BE(0x2112a442, 4);
    for (let i = 8; i < 20; i++) req[i] = Math.floor(Math.random() * 256);
    const finish = (ok) => {
      clearTimeout(timer);
      s.close();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), 300);
    s.on('message', (msg) => finish(msg.length >= 20 && msg.readUInt16BE(0) === 0x0101));
    s.on('error', () => finish(false));
    s.send(req, port, '127.0.0.1');
  });
}
