import { createHmac } from 'node:crypto';
import type { IceServer, IceServersResponse } from '../../../shared/schemas/rooms-api';

/**
 * coturn's TURN REST API ("use-auth-secret" / static-auth-secret): the username is
 * `${expiry unix seconds}:${user}` and the password is base64(HMAC-SHA1(secret, username)).
 * coturn recomputes the HMAC and refuses the credential after the expiry time.
 */
export function turnCredential(secret: string, uid: string, expiresAtSeconds: number): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${uid}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/** The ICE servers a client must use: STUN as configured, TURN with fresh credentials; [] when none. */
export function iceServersFor(
  {
    turnUrls,
    turnSecret,
    turnTtlSeconds,
    stunUrls,
  }: { turnUrls: string[]; turnSecret: string | null; turnTtlSeconds: number; stunUrls: string[] },
  uid: string,
  nowMs: number,
): IceServersResponse {
  const iceServers: IceServer[] = [];
  if (stunUrls.length > 0) iceServers.push({ urls: [...stunUrls] });
  let expiresAt: number | null = null;
  if (turnSecret && turnUrls.length > 0) {
    const expiresAtSeconds = Math.floor(nowMs / 1000) + turnTtlSeconds;
    iceServers.push({ urls: [...turnUrls], ...turnCredential(turnSecret, uid, expiresAtSeconds) });
    expiresAt = expiresAtSeconds * 1000;
  }
  return { iceServers, expiresAt };
}
