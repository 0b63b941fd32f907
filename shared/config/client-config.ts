import { z } from 'zod';

/**
 * Build-time configuration of the extension. With no variables at all it is the embedded local default:
 * the Auth and Firestore emulators and a peer-server on 127.0.0.1 (what `npm start` runs).
 * For a production build set CHAEKBANG_ENV=production and the Firebase web config variables.
 */
export const LOCAL_DEFAULTS = {
  CHAEKBANG_ENV: 'local',
  CHAEKBANG_AUTH_EMULATOR_URL: 'http://127.0.0.1:9399',
  CHAEKBANG_FIRESTORE_EMULATOR_HOST: '127.0.0.1:8399',
  CHAEKBANG_PEER_SERVER_URL: 'http://127.0.0.1:9000',
  CHAEKBANG_FIREBASE_PROJECT_ID: 'demo-chaekbang',
} as const;

export const CLIENT_ENV_VARS = [
  'CHAEKBANG_ENV',
  'CHAEKBANG_FIREBASE_API_KEY',
  'CHAEKBANG_FIREBASE_AUTH_DOMAIN',
  'CHAEKBANG_FIREBASE_PROJECT_ID',
  'CHAEKBANG_FIREBASE_APP_ID',
  'CHAEKBANG_AUTH_EMULATOR_URL',
  'CHAEKBANG_FIRESTORE_EMULATOR_HOST',
  'CHAEKBANG_PEER_SERVER_URL',
  'CHAEKBANG_GOOGLE_OAUTH_CLIENT_ID',
] as const;

const httpUrl = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .refine(
      (v) => /^https?:\/\/[^\s/]+(:\d+)?(\/[^\s]*)?$/.test(v),
      `${name} must be an http(s) URL, e.g. https://peer.example.org`,
    )
    .transform((v) => v.replace(/\/+$/, ''));
const hostPort = (name: string) => z.string().regex(/^[a-z0-9.-]+:\d{1,5}$/i, `${name} must be host:port, e.g. 127.0.0.1:8399`);
const nonEmpty = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} must not be empty`);

export const FirebaseWebConfigSchema = z.object({
  apiKey: z.string(),
  authDomain: z.string(),
  projectId: z.string(),
  appId: z.string().optional(),
});

export const ClientConfigSchema = z.object({
  env: z.enum(['local', 'production']),
  firebase: FirebaseWebConfigSchema,
  /** Set only for local builds: where the emulators listen. */
  emulators: z.object({ authUrl: z.string(), firestoreHost: z.string() }).nullable(),
  peerServerUrl: z.string(),
  googleOAuthClientId: z.string().nullable(),
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Read and validate the client configuration from environment variables; errors name the variable. */
export function loadClientConfig(env: Record<string, string | undefined>): ClientConfig {
  const read = (key: (typeof CLIENT_ENV_VARS)[number]) => {
    const value = env[key];
    return value === undefined || value === '' ? undefined : value;
  };
  const mode = read('CHAEKBANG_ENV') ?? LOCAL_DEFAULTS.CHAEKBANG_ENV;
  const problems: string[] = [];
  const check = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
    const res = schema.safeParse(value);
    if (!res.success) {
      problems.push(res.error.issues[0]?.message ?? 'invalid value');
      return undefined;
    }
    return res.data;
  };
  if (mode !== 'local' && mode !== 'production') {
    throw new ConfigError(`CHAEKBANG_ENV must be "local" or "production", got "${mode}"`);
  }
  const local = mode === 'local';
  const peerServerUrl = check(
    httpUrl('CHAEKBANG_PEER_SERVER_URL'),
    read('CHAEKBANG_PEER_SERVER_URL') ?? (local ? LOCAL_DEFAULTS.CHAEKBANG_PEER_SERVER_URL : undefined),
  );
  const googleOAuthClientId = read('CHAEKBANG_GOOGLE_OAUTH_CLIENT_ID') ?? null;
  if (googleOAuthClientId !== null) {
    check(
      z
        .string()
        .regex(/\.apps\.googleusercontent\.com$/, 'CHAEKBANG_GOOGLE_OAUTH_CLIENT_ID must end with .apps.googleusercontent.com'),
      googleOAuthClientId,
    );
  }
  let firebase: ClientConfig['firebase'] | undefined;
  let emulators: ClientConfig['emulators'] = null;
  if (local) {
    const projectId = read('CHAEKBANG_FIREBASE_PROJECT_ID') ?? LOCAL_DEFAULTS.CHAEKBANG_FIREBASE_PROJECT_ID;
    check(
      z.string().startsWith('demo-', 'CHAEKBANG_FIREBASE_PROJECT_ID must start with "demo-" in a local build (emulators only)'),
      projectId,
    );
    firebase = { apiKey: 'demo-api-key', authDomain: `${projectId}.firebaseapp.com`, projectId };
    const authUrl = check(
      httpUrl('CHAEKBANG_AUTH_EMULATOR_URL'),
      read('CHAEKBANG_AUTH_EMULATOR_URL') ?? LOCAL_DEFAULTS.CHAEKBANG_AUTH_EMULATOR_URL,
    );
    const firestoreHost = check(
      hostPort('CHAEKBANG_FIRESTORE_EMULATOR_HOST'),
      read('CHAEKBANG_FIRESTORE_EMULATOR_HOST') ?? LOCAL_DEFAULTS.CHAEKBANG_FIRESTORE_EMULATOR_HOST,
    );
    if (authUrl && firestoreHost) emulators = { authUrl, firestoreHost };
  } else {
    const apiKey = check(nonEmpty('CHAEKBANG_FIREBASE_API_KEY'), read('CHAEKBANG_FIREBASE_API_KEY'));
    const authDomain = check(nonEmpty('CHAEKBANG_FIREBASE_AUTH_DOMAIN'), read('CHAEKBANG_FIREBASE_AUTH_DOMAIN'));
    const projectId = check(nonEmpty('CHAEKBANG_FIREBASE_PROJECT_ID'), read('CHAEKBANG_FIREBASE_PROJECT_ID'));
    const appId = read('CHAEKBANG_FIREBASE_APP_ID');
    if (peerServerUrl?.startsWith('http://') && !/^http:\/\/(127\.0\.0\.1|localhost)/.test(peerServerUrl)) {
      problems.push('CHAEKBANG_PEER_SERVER_URL must use https:// in a production build');
    }
    if (apiKey && authDomain && projectId) firebase = { apiKey, authDomain, projectId, ...(appId ? { appId } : {}) };
  }
  if (problems.length > 0 || !firebase || !peerServerUrl) {
    throw new ConfigError(`Invalid Chaekbang build configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return { env: mode, firebase, emulators, peerServerUrl, googleOAuthClientId };
}
