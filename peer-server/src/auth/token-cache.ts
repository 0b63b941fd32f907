import { createHash } from 'node:crypto';
import type { VerifiedUser, VerifyToken } from './verify-token';

/**
 * Remember ID tokens that verified, until they expire: a panel sends the same ID token (valid for an hour) with
 * every rooms API call and its PeerJS socket, and after a node loss every member of every moved room comes back at
 * once. The answer for a token string is the same until its `exp` (revocation is not checked per request either),
 * so a hit skips the signature check (and, with the Auth emulator, a network round trip). Only a token that
 * verified is cached, under the SHA-256 of its exact string (32 bytes instead of the ~900-byte token: a node
 * holding 10,000 idle readers keeps ~1 MB here, not ~10); refusals are never cached. Bounded: the oldest
 * entries go first.
 */
export function cachedVerifier(
  verify: VerifyToken,
  { now = Date.now, maxEntries = 50_000 }: { now?: () => number; maxEntries?: number } = {},
): VerifyToken {
  const cache = new Map<string, { user: VerifiedUser; expiresAt: number }>();
  const expiryOf = (token: string): number | null => {
    try {
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
      return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
    } catch {
      return null;
    }
  };
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');
  return async (token) => {
    const key = keyOf(token);
    const hit = cache.get(key);
    if (hit) {
      if (hit.expiresAt > now()) return hit.user;
      cache.delete(key);
    }
    const user = await verify(token);
    const expiresAt = expiryOf(token);
    if (expiresAt !== null && expiresAt > now()) {
      if (cache.size >= maxEntries) {
        // Drop the oldest tenth (Map keeps insertion order).
        let drop = Math.ceil(maxEntries / 10);
        for (const key of cache.keys()) {
          cache.delete(key);
          if (--drop <= 0) break;
        }
      }
      cache.set(key, { user, expiresAt });
    }
    return user;
  };
}
