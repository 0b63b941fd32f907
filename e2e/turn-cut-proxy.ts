import dgram from 'node:dgram';
import { stunUsername } from '../peer-server/src/turn/testing/turn-probe';

/**
 * A UDP proxy in front of coturn that can cut one reader's network: the network-drop test gives every
 * reader this proxy as their only TURN server (with "always relay", all media goes through TURN), and
 * `cut(uid)` drops every datagram between that reader and coturn, both ways, until `restore(uid)`.
 *
 * Chromium's offline emulation stops a page's HTTP and WebSockets but not WebRTC's UDP on loopback, so
 * the test needs this to really stop the media. Readers are told apart by the TURN REST username
 * (`expiry:uid`) their browser puts in every authenticated TURN request: each client address (an
 * ICE candidate gatherer's socket) is bound to the uid of the first username seen from it; each gets its
 * own upstream socket to coturn, so coturn sees one client per browser socket as it would without the proxy.
 */
export type TurnCutProxy = {
  url: string;
  port: number;
  cut(uid: string): void;
  restore(uid: string): void;
  /**
   * A network change (Wi-Fi to mobile): every socket the reader has used so far goes dead for good, new
   * ones work. Only a new ICE generation (an ICE restart, or a new call) gathers through new sockets.
   */
  switchNetwork(uid: string): void;
  /** Datagrams dropped so far for a uid (proof that the cut cut something). */
  dropped(uid: string): number;
  close(): Promise<void>;
};

export async function startTurnCutProxy(upstreamPort: number): Promise<TurnCutProxy> {
  const front = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  const clients = new Map<string, { up: dgram.Socket; uid: string | null; dead?: boolean }>();
  const cutUids = new Set<string>();
  const drops = new Map<string, number>();
  const blocked = (uid: string | null, dead = false) => {
    if (uid === null || (!dead && !cutUids.has(uid))) return false;
    drops.set(uid, (drops.get(uid) ?? 0) + 1);
    return true;
  };

  front.on('message', (msg, from) => {
    const key = `${from.address}:${from.port}`;
    let client = clients.get(key);
    if (!client) {
      const up = dgram.createSocket('udp4');
      const created: { up: dgram.Socket; uid: string | null; dead?: boolean } = { up, uid: null };
      client = created;
      clients.set(key, created);
      up.bind(0, '127.0.0.1');
      up.on('message', (reply) => {
        if (blocked(created.uid, created.dead)) return;
        front.send(reply, from.port, from.address);
      });
      up.on('error', () => {});
    }
    if (client.uid === null) {
      const username = stunUsername(msg);
      const uid = username?.split(':').slice(1).join(':');
      if (uid) client.uid = uid;
    }
    if (blocked(client.uid, client.dead)) return;
    client.up.send(msg, upstreamPort, '127.0.0.1');
  });
  front.on('error', () => {});

  const { port } = front.address();
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    port,
    cut: (uid) => cutUids.add(uid),
    restore: (uid) => cutUids.delete(uid),
    switchNetwork: (uid) => {
      for (const c of clients.values()) if (c.uid === uid) c.dead = true;
    },
    dropped: (uid) => drops.get(uid) ?? 0,
    close: async () => {
      for (const c of clients.values()) c.up.close();
      clients.clear();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}
