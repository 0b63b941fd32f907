import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { setLogLevel } from 'firebase/firestore';

// Denied writes are the point of these tests: keep the SDK from logging each one as an error.
setLogLevel('silent');

export const PROJECT_ID = process.env.CHAEKBANG_PROJECT_ID ?? 'demo-chaekbang';
const RULES = readFileSync(join(import.meta.dirname, '..', 'firestore.rules'), 'utf8');

/** A rules test environment on the running emulator, loaded with the project's real rules. */
export async function rulesEnv(): Promise<RulesTestEnvironment> {
  const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
  return initializeTestEnvironment({
    projectId: PROJECT_ID,
    firestore: { rules: RULES, host: host ?? '127.0.0.1', port: Number(port) },
  });
}

/** A string of n characters (for "huge string" writes). */
export const big = (n: number) => 'x'.repeat(n);
