import net from 'node:net';

/** A port the OS says is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolve true when something accepts connections on host:port. */
export function isListening(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Throw a clear message naming the service when a fixed port is already taken. */
export async function assertPortsFree(entries) {
  const busy = [];
  for (const [name, port] of Object.entries(entries)) if (await isListening(port)) busy.push(`${name} (${port})`);
  if (busy.length > 0) {
    throw new Error(
      `Port already in use: ${busy.join(', ')}. Stop whatever is using it (another \`npm start\`?) ` +
        'or choose other ports with the variables in the README configuration table.',
    );
  }
}

export async function waitForPort(port, { timeoutMs = 60_000, name = `port ${port}`, alive = () => true } = {}) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await isListening(port)) return;
    if (!alive()) throw new Error(`${name} exited before it started listening on ${port}.`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not start listening on 127.0.0.1:${port} within ${timeoutMs / 1000} s.`);
}
