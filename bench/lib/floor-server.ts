import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { ROOT } from './stack';

/**
 * The bare PeerJS floor's server: a plain `peer` server (ExpressPeerServer, no auth, no rooms) that serves
 * `peerjs.min.js` and the bench's own floor page (`html(port)`) on a free loopback port.
 */
export async function startFloorServer(html: (port: number) => string) {
  const app = express();
  const http = createHttpServer(app);
  const peerjs = readFileSync(join(ROOT, 'node_modules', 'peerjs', 'dist', 'peerjs.min.js'), 'utf8');
  let port = 0;
  app.get('/', (_req, res) => {
    res.type('html').send(html(port));
  });
  app.get('/peerjs.min.js', (_req, res) => {
    res.type('application/javascript').send(peerjs);
  });
  app.use('/peerjs', ExpressPeerServer(http, { path: '/', key: 'peerjs' }));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
  };
}
