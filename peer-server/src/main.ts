import { readFileSync } from 'node:fs';
import { type CatalogConfig, loadCatalogConfig } from './catalog';
import { ConfigError, loadConfig } from './config';
import { createServer } from './create-server';
import { createConsoleLogger } from './logger';

/** `npm run peer-server`: read the environment, listen, stop cleanly on SIGTERM/SIGINT. */
const logger = createConsoleLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info');

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main() {
  let config: ReturnType<typeof loadConfig>;
  let catalogConfig: CatalogConfig;
  try {
    config = loadConfig();
    catalogConfig = loadCatalogConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      logger.error(`configuration error: ${err.message}`, { variable: err.variable });
      process.exit(2);
    }
    throw err;
  }
  // Our own data comes from Firestore: the emulator when FIRESTORE_EMULATOR_HOST is set, otherwise a real
  // project (credentials from the environment). A demo- project without the emulator has no Firestore.
  const ownData = Boolean(process.env.FIRESTORE_EMULATOR_HOST) || !config.firebaseProjectId.startsWith('demo-');
  const server = createServer(config, { logger, version: readVersion(), catalogConfig, ownData });
  const { port } = await server.listen();
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info(`peer-server listening on ${base} (PeerJS path ${config.path}, health ${base}/health)`, {
    auth: process.env.FIREBASE_AUTH_EMULATOR_HOST ? `emulator ${process.env.FIREBASE_AUTH_EMULATOR_HOST}` : 'firebase',
    project: config.firebaseProjectId,
    turn: config.turnUrls.length > 0,
    ...(config.nodeId ? { node: config.nodeId } : {}),
    sharedCounter: config.sharedCounterUrl ? 'redis' : 'memory',
  });
  const on = Object.entries(catalogConfig.providers)
    .filter(([, p]) => p.enabled)
    .map(([id]) => id);
  logger.info(
    `catalog: ${on.length > 0 ? `sources ${on.join(', ')}` : 'no source keys set'}; our own data ${ownData ? 'from Firestore' : 'off (no Firestore)'}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      `${signal}: ${signal === 'SIGTERM' && config.drainDelayMs > 0 ? `draining for ${config.drainDelayMs} ms, then ` : ''}shutting down`,
    );
    const hard = setTimeout(() => {
      logger.warn('shutdown took too long; exiting anyway');
      process.exit(0);
    }, config.drainDelayMs + 5000);
    hard.unref();
    // SIGTERM drains (a deploy or a scale-in: /health says draining, the load balancer moves new work away,
    // then the members are told to reconnect elsewhere); with DRAIN_DELAY_MS=0 (one process) it is a plain close.
    const done = signal === 'SIGTERM' ? server.drain() : server.close();
    done.then(
      () => {
        logger.info('stopped');
        // peer 1.0.2 keeps internal timers it cannot stop, so exit explicitly.
        process.exit(0);
      },
      (err: unknown) => {
        logger.error('error while shutting down', { error: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  logger.error('peer-server failed to start', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
