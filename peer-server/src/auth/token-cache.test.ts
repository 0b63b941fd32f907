import { describe, expect, it } from 'vitest';
import { cachedVerifier } from './token-cache';

const token = (sub: string, exp: number) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub, exp })).toString('base64url')}.`;

describe('cachedVerifier', () => {
  it('verifies a token once until it expires, then again', async () => {
    let t = 1_000_000;
    let calls = 0;
    const verify = cachedVerifier(
      async (tok) => {
        calls++;
        return { uid: JSON.parse(Buffer.from(tok.split('.')[1] ?? '', 'base64url').toString()).sub, guest: false };
      },
      { now: () => t },
    );
    const tok = token('alice', 1_000_000 / 1000 + 60);
    expect(await verify(tok)).toEqual({ uid: 'alice', guest: false });
    expect(await verify(tok)).toEqual({ uid: 'alice', guest: false });
    expect(calls).toBe(1);
    t += 61_000;
    await verify(tok).catch(() => {});
    expect(calls).toBe(2);
  });

  it('never caches a refusal, and keys on the exact token string', async () => {
    let calls = 0;
    const verify = cachedVerifier(async (tok) => {
      calls++;
      if (tok.endsWith('forged')) throw new Error('refused');
      return { uid: 'bob', guest: false };
    });
    const good = token('bob', Math.floor(Date.now() / 1000) + 600);
    await expect(verify(`${good}forged`)).rejects.toThrow('refused');
    await expect(verify(`${good}forged`)).rejects.toThrow('refused');
    expect(calls).toBe(2);
    await verify(good);
    await verify(good);
    expect(calls).toBe(3);
  });

  it('stays bounded: the oldest entries go first', async () => {
    let calls = 0;
    const verify = cachedVerifier(
      async () => {
        calls++;
        return { uid: 'x', guest: false };
      },
      { maxEntries: 10 },
    );
    const exp = Math.floor(Date.now() / 1000) + 600;
    for (let i = 0; i < 11; i++) await verify(token(`u${i}`, exp));
    expect(calls).toBe(11);
    await verify(token('u0', exp)); // dropped: verified again
    await verify(token('u10', exp)); // kept
    expect(calls).toBe(12);
  });
});
