import { mark } from '../../extension/utils/perf-mark';
import { buildConfig } from './build-config';

/**
 * A guest's Firebase session on the way to the call, without the Firebase Auth SDK (~190 KB of JavaScript that a
 * guest's busy first second has no use for): the anonymous sign-up is one request to the Auth REST API, and the ID
 * token is refreshed the same way. The session is kept where, and in the shape, the SDK keeps a user in
 * localStorage (`firebase:authUser:<apiKey>:[DEFAULT]`, the SDK's `UserImpl.toJSON`), so the SDK, loaded after the
 * call is up (guest-auth.ts, for "create an account"), takes this same user over: same uid, same tokens, and linking
 * keeps it. From then on the SDK alone refreshes tokens (handOver).
 *
 * It reads the build's configuration without zod (build-config.ts): the sign-up leaves while the call's chunk is
 * still being evaluated.
 */
type AuthConfig = { apiKey: string; emulatorUrl: string | null };
const authConfig = (): AuthConfig => ({
  apiKey: buildConfig().firebase.apiKey,
  emulatorUrl: buildConfig().emulators?.authUrl ?? null,
});

/** What the room engine and the web room need of a signed-in guest (Firebase's `User` has the same shape). */
export interface GuestUser {
  readonly uid: string;
  readonly isAnonymous: boolean;
  readonly email: string | null;
  readonly displayName: string | null;
  getIdToken(forceRefresh?: boolean): Promise<string>;
}

/** The SDK's persisted user (UserImpl.toJSON): the fields its `_fromJSON` reads. */
export type StoredUser = {
  uid: string;
  email?: string;
  emailVerified: boolean;
  displayName?: string;
  isAnonymous: boolean;
  providerData: unknown[];
  stsTokenManager: { refreshToken: string; accessToken: string; expirationTime: number };
  createdAt?: string;
  lastLoginAt?: string;
  apiKey: string;
  appName: string;
};

/** The SDK refreshes a token this long before it expires (its TOKEN_REFRESH_BUFFER_MS); so do we. */
const REFRESH_MARGIN_MS = 30_000;
const APP_NAME = '[DEFAULT]';

/** Where the SDK keeps the default app's user with browserLocalPersistence (its `_persistenceKeyName`). */
export function storageKey(apiKey = authConfig().apiKey): string {
  return `firebase:authUser:${apiKey}:${APP_NAME}`;
}

function apiBase(service: 'identitytoolkit' | 'securetoken'): string {
  const host = `${service}.googleapis.com`;
  const { emulatorUrl } = authConfig();
  return emulatorUrl ? `${emulatorUrl}/${host}` : `https://${host}`;
}

/** The Auth REST API refused: `code` is its message (EMAIL_EXISTS, TOKEN_EXPIRED, USER_NOT_FOUND, …). */
export class GuestAuthError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
  ) {
    super(`Firebase Auth refused: ${code}`);
    this.name = 'GuestAuthError';
  }
}

async function post(url: string, body: string, contentType: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const message = (json.error as { message?: unknown } | undefined)?.message;
    // "TOKEN_EXPIRED : …" and the like: the code is the first word.
    throw new GuestAuthError(typeof message === 'string' ? (message.split(/[\s:]/)[0] ?? message) : 'UNKNOWN', res.status);
  }
  return json;
}

function readStored(store: Storage): StoredUser | null {
  try {
    const raw = store.getItem(storageKey());
    if (!raw) return null;
    const u = JSON.parse(raw) as Partial<StoredUser> | null;
    const t = u?.stsTokenManager;
    if (
      typeof u?.uid !== 'string' ||
      typeof u.isAnonymous !== 'boolean' ||
      typeof t?.refreshToken !== 'string' ||
      typeof t.accessToken !== 'string' ||
      typeof t.expirationTime !== 'number'
    )
      return null;
    return u as StoredUser;
  } catch {
    return null;
  }
}

function writeStored(store: Storage, user: StoredUser): void {
  try {
    store.setItem(storageKey(), JSON.stringify(user));
  } catch {
    // Storage full or blocked: the session lives as long as the page.
  }
}

/** After a refusal that means the account is gone or its session ended: forget it, so the next Join signs up. */
const SESSION_OVER = new Set(['TOKEN_EXPIRED', 'USER_NOT_FOUND', 'USER_DISABLED', 'INVALID_REFRESH_TOKEN']);

class RestGuest implements GuestUser {
  private sdk: GuestUser | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(
    private record: StoredUser,
    private readonly store: Storage,
    private readonly now: () => number,
  ) {}

  get uid() {
    return this.sdk?.uid ?? this.record.uid;
  }
  get isAnonymous() {
    return this.sdk ? this.sdk.isAnonymous : this.record.isAnonymous;
  }
  get email() {
    return this.sdk ? this.sdk.email : (this.record.email ?? null);
  }
  get displayName() {
    return this.sdk ? this.sdk.displayName : (this.record.displayName ?? null);
  }

  /** The SDK has taken this user over (the same uid): it refreshes tokens from now on, and its writes win. */
  handOver(sdkUser: GuestUser): void {
    if (sdkUser.uid === this.record.uid) this.sdk = sdkUser;
  }

  async getIdToken(forceRefresh = false): Promise<string> {
    if (this.sdk) return this.sdk.getIdToken(forceRefresh);
    // Another tab (or the SDK) may have refreshed it meanwhile: the stored copy of the same user is as good.
    const stored = readStored(this.store);
    if (stored?.uid === this.record.uid && stored.stsTokenManager.expirationTime > this.record.stsTokenManager.expirationTime)
      this.record = stored;
    const t = this.record.stsTokenManager;
    if (!forceRefresh && t.expirationTime - REFRESH_MARGIN_MS > this.now()) return t.accessToken;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.record.stsTokenManager.refreshToken });
    let res: Record<string, unknown>;
    try {
      res = await post(
        `${apiBase('securetoken')}/v1/token?key=${encodeURIComponent(authConfig().apiKey)}`,
        body.toString(),
        'application/x-www-form-urlencoded',
      );
    } catch (err) {
      if (err instanceof GuestAuthError && SESSION_OVER.has(err.code)) forgetGuest(this.store, this.record.uid);
      throw err;
    }
    const accessToken = String(res.id_token ?? res.access_token ?? '');
    if (!accessToken) throw new GuestAuthError('NO_TOKEN', 200);
    this.record = {
      ...this.record,
      stsTokenManager: {
        accessToken,
        refreshToken: String(res.refresh_token ?? this.record.stsTokenManager.refreshToken),
        expirationTime: this.now() + Number(res.expires_in ?? 3600) * 1000,
      },
    };
    writeStored(this.store, this.record);
    return accessToken;
  }
}

export type GuestSession = GuestUser & { handOver(sdkUser: GuestUser): void };

/**
 * The account this browser already has here (a guest coming back, or one who made an account since), read from
 * storage without a request; null if none. Its token is refreshed when first asked for, if it has expired.
 */
export function savedGuest(store: Storage = localStorage, now: () => number = Date.now): GuestSession | null {
  const record = readStored(store);
  return record ? new RestGuest(record, store, now) : null;
}

/**
 * A new anonymous account (Auth REST `accounts:signUp`, one request), saved where the SDK will find it. The Auth
 * server's own limits on anonymous sign-ups apply, and the rooms API admits a few new guests per address per hour.
 */
export async function signUpGuest(store: Storage = localStorage, now: () => number = Date.now): Promise<GuestSession> {
  mark('signin-start');
  const res = await post(
    `${apiBase('identitytoolkit')}/v1/accounts:signUp?key=${encodeURIComponent(authConfig().apiKey)}`,
    JSON.stringify({ returnSecureToken: true }),
    'application/json',
  );
  const uid = res.localId;
  const accessToken = res.idToken;
  const refreshToken = res.refreshToken;
  if (typeof uid !== 'string' || typeof accessToken !== 'string' || typeof refreshToken !== 'string')
    throw new GuestAuthError('MALFORMED_RESPONSE', 200);
  const record: StoredUser = {
    uid,
    emailVerified: false,
    isAnonymous: true,
    providerData: [],
    stsTokenManager: { refreshToken, accessToken, expirationTime: now() + Number(res.expiresIn ?? 3600) * 1000 },
    createdAt: String(now()),
    lastLoginAt: String(now()),
    apiKey: authConfig().apiKey,
    appName: APP_NAME,
  };
  writeStored(store, record);
  mark('signed-in');
  return new RestGuest(record, store, now);
}

/** Forget the stored session of `uid` (its account is gone or its session ended), not anyone else's. */
export function forgetGuest(store: Storage, uid: string): void {
  try {
    if (readStored(store)?.uid === uid) store.removeItem(storageKey());
  } catch {
    // Blocked storage: nothing was kept.
  }
}
