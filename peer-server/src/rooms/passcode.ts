import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt parameters: N=2^14, r=8, p=1 (about 16 MiB, ~30-50 ms), 32-byte key, 16-byte salt. */
const PARAMS = { N: 16_384, r: 8, p: 1, keylen: 32, saltBytes: 16 } as const;

export type PasscodeHash = { salt: Buffer; hash: Buffer; N: number; r: number; p: number };

function derive(passcode: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passcode.normalize('NFC'), salt, keylen, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hash a room passcode with a fresh random salt. Only the hash is kept. */
export async function hashPasscode(passcode: string): Promise<PasscodeHash> {
  const salt = randomBytes(PARAMS.saltBytes);
  const hash = await derive(passcode, salt, PARAMS.N, PARAMS.r, PARAMS.p, PARAMS.keylen);
  return { salt, hash, N: PARAMS.N, r: PARAMS.r, p: PARAMS.p };
}

/** Compare in constant time (the derived keys always have the same length). */
export async function verifyPasscode(passcode: string, stored: PasscodeHash): Promise<boolean> {
  const candidate = await derive(passcode, stored.salt, stored.N, stored.r, stored.p, stored.hash.length);
  return candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash);
}
