import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** Test helpers for the peer-server against the Auth emulator on loopback. */
export function authEmulatorHost(): string {
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  if (!host) throw new Error('FIREBASE_AUTH_EMULATOR_HOST is not set: run through scripts/test.mjs emulator.');
  if (!/^(127\.0\.0\.1|localhost):\d+$/.test(host)) throw new Error(`Refusing a non-loopback Auth emulator host: ${host}`);
  return host;
}

export type TestUser = { uid: string; idToken: string; email: string; password: string };

/** Create a user in the Auth emulator and return a real (emulator-issued) ID token. */
export async function signUp(label = 'reader'): Promise<TestUser> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const password = 'correct-horse-battery';
  const res = await fetch(`http://${authEmulatorHost()}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  if (!res.ok) throw new Error(`Auth emulator signUp failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { localId: string; idToken: string };
  return { uid: body.localId, idToken: body.idToken, email, password };
}

/** Sign in again: a fresh ID token for the same uid (what a panel does after a network change). */
export async function signIn(user: TestUser): Promise<string> {
  const res = await fetch(
    `http://${authEmulatorHost()}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password, returnSecureToken: true }),
    },
  );
  if (!res.ok) throw new Error(`Auth emulator signIn failed: ${res.status}`);
  return ((await res.json()) as { idToken: string }).idToken;
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Re-encode an emulator token with changed claims (the emulator's tokens are unsigned, alg "none"). */
export function tamperToken(
  idToken: string,
  change: (payload: Record<string, unknown>) => void,
  header?: Record<string, unknown>,
  signature = '',
): string {
  const [h, p] = idToken.split('.');
  const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
  change(payload);
  return `${header ? b64url(header) : h}.${b64url(payload)}.${signature}`;
}

export type PeerSocket = {
  ws: WebSocket;
  messages: Array<{ type?: string; payload?: { msg?: string }; src?: string; dst?: string }>;
  /** The first message from the server (OPEN or ERROR). */
  first: Promise<{ type?: string; payload?: { msg?: string } }>;
  closed: Promise<{ code: number; reason: string }>;
  next: (
    predicate: (m: { type?: string; src?: string }) => boolean,
    timeoutMs?: number,
  ) => Promise<{ type?: string; src?: string; payload?: unknown }>;
};

/** Connect like the PeerJS client does: ws://host:port/<path>/peerjs?key=..&id=..&token=.. */
export function peerSocket(
  port: number,
  params: { id: string; token?: string; key?: string; path?: string } | { query: string; path?: string },
  headers: Record<string, string> = {},
): PeerSocket {
  // `query` is sent verbatim (e.g. with a parameter repeated), the way an attacker could write it.
  const q =
    'query' in params
      ? params.query
      : new URLSearchParams({ key: params.key ?? 'peerjs', id: params.id, token: params.token ?? '' }).toString();
  const ws = new WebSocket(`ws://127.0.0.1:${port}${params.path ?? '/peerjs'}/peerjs?${q}`, { headers });
  const messages: PeerSocket['messages'] = [];
  const waiters: Array<{ predicate: (m: { type?: string }) => boolean; resolve: (m: never) => void }> = [];
  let resolveFirst: (m: { type?: string }) => void = () => {};
  const first = new Promise<{ type?: string }>((r) => {
    resolveFirst = r;
  });
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    messages.push(m);
    if (messages.length === 1) resolveFirst(m);
    for (const w of [...waiters]) {
      if (w.predicate(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m as never);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolveFirst({ type: 'CLOSED' });
      resolve({ code, reason: String(reason) });
    });
    ws.on('error', () => {});
  });
  const next: PeerSocket['next'] = (predicate, timeoutMs = 2000) => {
    const found = messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      waiters.push({
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  };
  return { ws, messages, first, closed, next };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A guest: an anonymous account in the Auth emulator (what the web room's Firebase signInAnonymously makes). */
export async function signUpAnonymously(): Promise<{ uid: string; idToken: string }> {
  const res = await fetch(`http://${authEmulatorHost()}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ returnSecureToken: true }),
  });
  if (!res.ok) throw new Error(`Auth emulator anonymous signUp failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { localId: string; idToken: string };
  return { uid: body.localId, idToken: body.idToken };
}
