import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor, turnCredential } from './turn-credentials';

const base = {
  turnUrls: ['turn:turn.example:3478', 'turns:turn.example:5349'],
  turnSecret: 'north-korea-is-not-a-book-club',
  turnTtlSeconds: 3600,
  stunUrls: [] as string[],
};

describe('TURN REST credentials (coturn use-auth-secret)', () => {
  it('matches the documented algorithm: base64(HMAC-SHA1(secret, "expiry:user"))', () => {
    const { username, credential } = turnCredential('s3cret-s3cret-s3cret', 'alice', 1_800_000_000);
    expect(username).toBe('1800000000:alice');
    // Independent computation, as coturn's docs describe it (turnserver.conf, static-auth-secret).
    const expected = createHmac('sha1', Buffer.from('s3cret-s3cret-s3cret', 'utf8'))
      .update(Buffer.from('1800000000:alice'))
      .digest()
      .toString('base64');
    expect(credential).toBe(expected);
    expect(Buffer.from(credential, 'base64')).toHaveLength(20);
  });

  it('a known vector', () => {
    // printf '%s' '1700000000:bob' | openssl dgst -sha1 -hmac 'secret' -binary | base64
    expect(turnCredential('secret', 'bob', 1_700_000_000).credential).toBe(
      createHmac('sha1', 'secret').update('1700000000:bob').digest('base64'),
    );
  });

  it('returns TURN with an expiry TTL seconds from now, and STUN when configured', () => {
    const now = 1_750_000_000_123;
    const ice = iceServersFor({ ...base, stunUrls: ['stun:stun.example:3478'] }, 'uid1', now);
    expect(ice.iceServers).toHaveLength(2);
    expect(ice.iceServers[0]).toEqual({ urls: ['stun:stun.example:3478'] });
    const turn = ice.iceServers[1];
    expect(turn?.urls).toEqual(base.turnUrls);
    expect(turn?.username).toBe(`${1_750_000_000 + 3600}:uid1`);
    expect(ice.expiresAt).toBe((1_750_000_000 + 3600) * 1000);
  });

  it('returns no ICE servers when nothing is configured', () => {
    expect(iceServersFor({ turnUrls: [], turnSecret: null, turnTtlSeconds: 3600, stunUrls: [] }, 'u', Date.now())).toEqual({
      iceServers: [],
      expiresAt: null,
    });
  });
});
