import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { type Firestore, setLogLevel } from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach } from 'vitest';

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

/**
 * The lifecycle every collection's rules file needs: one environment on the emulator, a clean database
 * seeded before each test, and one Firestore client per identity (null = signed out), reused across tests.
 */
export function useRulesEnv(seed: (env: RulesTestEnvironment) => Promise<void>) {
  let env: RulesTestEnvironment;
  const clients = new Map<string, Firestore>();
  beforeAll(async () => {
    env = await rulesEnv();
  });
  afterAll(async () => {
    await env?.cleanup();
  });
  beforeEach(async () => {
    await env.clearFirestore();
    await seed(env);
  });
  return {
    /** Run `fn` with the rules off (to set up a case a test needs beyond the seed). */
    async admin(fn: (db: Firestore) => Promise<unknown>): Promise<void> {
      await env.withSecurityRulesDisabled(async (ctx) => {
        await fn(ctx.firestore() as unknown as Firestore);
      });
    },
    /**
     * A client for `uid` (null = signed out). `provider`: how the token says the user signed in; by default the
     * emulator's 'custom' (a reader); 'anonymous' is a web-room guest, 'password' an e-mail account.
     */
    db(uid: string | null, provider?: 'anonymous' | 'password'): Firestore {
      const key = `${uid ?? ''}|${provider ?? ''}`;
      let client = clients.get(key);
      if (!client) {
        const context = !uid
          ? env.unauthenticatedContext()
          : provider
            ? env.authenticatedContext(uid, {
                firebase: { sign_in_provider: provider, identities: {} },
                ...(provider === 'password' ? { email: `${uid}@example.test`, email_verified: true } : {}),
              })
            : env.authenticatedContext(uid);
        client = context.firestore() as unknown as Firestore;
        clients.set(key, client);
      }
      return client;
    },
  };
}
