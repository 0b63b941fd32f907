/**
 * Run the fake upstream as its own process (e2e stages, `bench:catalog`, trying the panel by hand):
 *   tsx peer-server/src/catalog/testing/fake-upstream-main.ts [--latency-ms 100] [--no-recordings]
 * Prints one JSON line `{ url, env }` on stdout (env: the CATALOG_* variables that point the server here),
 * then serves on 127.0.0.1 until SIGINT/SIGTERM.
 */
import { startFakeUpstream } from './fake-upstream';

const args = process.argv.slice(2);
const latencyArg = args.indexOf('--latency-ms');
const latencyMs = latencyArg >= 0 ? Number(args[latencyArg + 1]) : 0;
if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000) {
  process.stderr.write('--latency-ms takes a whole number of milliseconds (0-60000)\n');
  process.exit(2);
}
const fake = await startFakeUpstream({ latencyMs, ...(args.includes('--no-recordings') ? { fixturesDir: null } : {}) });
process.stdout.write(`${JSON.stringify({ url: fake.url, recordings: fake.hasRecordings, env: fake.env() })}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
