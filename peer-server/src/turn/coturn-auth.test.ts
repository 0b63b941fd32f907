import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Coturn, loopbackTurnConfig, startCoturn } from '../../../scripts/lib/coturn.mjs';
import { tryAllocate } from './testing/turn-probe';
import { iceServersFor, turnCredential } from './turn-credentials';

/**
 * The real coturn (Debian's `coturn`, started by scripts/lib/coturn.mjs with use-auth-secret) against the
 * credentials the peer-server signs: the same secret grants a relay; an expired, forged or altered one is
 * refused with 401.
 */
const SECRET = 'chaekbang-turn-secret-for-tests-0123456789';
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('coturn with use-auth-secret accepts only the peer-server signed, unexpired TURN credentials', () => {
  let coturn: Coturn;
  beforeAll(async () => {
    coturn = await startCoturn({ secret: SECRET });
  }, 30_000);
  afterAll(async () => {
    await coturn?.stop();
  });

  it('grants a relay on loopback for the credential the rooms API hands out (username expiry:uid)', async () => {
    const ice = iceServersFor(
      { turnUrls: coturn.urls, turnSecret: SECRET, turnTtlSeconds: 3600, stunUrls: [] },
      'uidAlice',
      Date.now(),
    );
    const turn = ice.iceServers[0];
    expect(turn?.username).toMatch(/^\d{10}:uidAlice$/);
    const outcome = await tryAllocate({ port: coturn.port }, { username: turn!.username!, credential: turn!.credential! });
    expect(outcome).toMatchObject({ ok: true, relayed: { address: '127.0.0.1' } });
  });

  it('refuses an expired credential (401), even though its signature is right', async () => {
    const expired = turnCredential(SECRET, 'uidAlice', nowSeconds() - 60);
    const outcome = await tryAllocate({ port: coturn.port }, expired);
    expect(outcome).toMatchObject({ ok: false, code: 401 });
  });

  it('refuses a credential signed with another secret (401)', async () => {
    const forged = turnCredential('not-the-secret-not-the-secret', 'uidMallory', nowSeconds() + 3600);
    expect(await tryAllocate({ port: coturn.port }, forged)).toMatchObject({ ok: false, code: 401 });
  });

  it('refuses a real credential whose username was altered (a later expiry, another uid) (401)', async () => {
    const real = turnCredential(SECRET, 'uidAlice', nowSeconds() + 60);
    const later = { username: `${nowSeconds() + 86_400}:uidAlice`, credential: real.credential };
    const other = { username: real.username.replace('uidAlice', 'uidMallory'), credential: real.credential };
    expect(await tryAllocate({ port: coturn.port }, later)).toMatchObject({ ok: false, code: 401 });
    expect(await tryAllocate({ port: coturn.port }, other)).toMatchObject({ ok: false, code: 401 });
    expect(await tryAllocate({ port: coturn.port }, real)).toMatchObject({ ok: true });
  });

  it('refuses a wrong password and garbage usernames without crashing, and still serves afterwards', async () => {
    const real = turnCredential(SECRET, 'uidAlice', nowSeconds() + 600);
    expect(await tryAllocate({ port: coturn.port }, { username: real.username, credential: 'AAAA' })).toMatchObject({
      ok: false,
      code: 401,
    });
    for (const username of ['', 'no-colon', ':', 'abc:def', `${'9'.repeat(40)}:x`]) {
      const outcome = await tryAllocate({ port: coturn.port }, { username, credential: real.credential });
      expect(outcome.ok).toBe(false);
    }
    expect(await tryAllocate({ port: coturn.port }, real)).toMatchObject({ ok: true });
  });
});

describe('coturn configurations: the production template and the loopback test config', () => {
  const options = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  const template = options(readFileSync(join(import.meta.dirname, '..', '..', 'deploy', 'turnserver.conf'), 'utf8'));

  it('production: REST credentials with the shared secret, 3478 and 443/TLS, no loopback or private relay', () => {
    expect(template).toContain('use-auth-secret');
    expect(template).toContain('static-auth-secret=__TURN_SECRET__');
    expect(template).toContain('listening-port=3478');
    expect(template).toContain('tls-listening-port=443');
    expect(template.some((o) => o.startsWith('realm='))).toBe(true);
    expect(template).not.toContain('allow-loopback-peers');
    expect(template.some((o) => o.startsWith('user=') || o === 'lt-cred-mech')).toBe(false);
    for (const range of ['127.0.0.0-127.255.255.255', '10.0.0.0-10.255.255.255', '192.168.0.0-192.168.255.255', '::1'])
      expect(template).toContain(`denied-peer-ip=${range}`);
  });

  it('loopback (tests, start:cluster): 127.0.0.1 only, loopback peers allowed, the given secret', () => {
    const local = options(
      loopbackTurnConfig({ secret: SECRET, port: 3479, relayPorts: [41000, 41010], pidFile: '/tmp/x.pid', dbFile: '/tmp/x.db' }),
    );
    expect(local).toEqual(
      expect.arrayContaining([
        'listening-ip=127.0.0.1',
        'relay-ip=127.0.0.1',
        'listening-port=3479',
        'min-port=41000',
        'max-port=41010',
        'use-auth-secret',
        `static-auth-secret=${SECRET}`,
        'allow-loopback-peers',
        'no-multicast-peers',
        'no-cli',
      ]),
    );
  });

  it('startCoturn refuses a missing or short secret with a clear message', async () => {
    await expect(startCoturn({ secret: 'short' })).rejects.toThrow(/at least 16 characters/);
  });
});
