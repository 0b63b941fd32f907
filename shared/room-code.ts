/**
 * Room codes: 6 characters a person can read aloud and type on a phone. The alphabet leaves out the
 * look-alikes 0/O, 1/I/L, so a code copied by hand is either right or clearly invalid.
 */
export const ROOM_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ' as const;
export const ROOM_CODE_LENGTH = 6;

const CODE_PATTERN = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

/** Fill a byte array with cryptographically strong random values (Web Crypto's getRandomValues). */
export type RandomBytes = (bytes: Uint8Array) => Uint8Array;

const webCryptoRandom: RandomBytes = (bytes) => {
  const c = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
  if (!c?.getRandomValues) throw new Error('No Web Crypto getRandomValues: room codes need a strong random source.');
  return c.getRandomValues(bytes);
};

/**
 * A fresh random room code. Uses rejection sampling so every character is equally likely
 * (31 letters: bytes >= 248 are thrown away instead of biasing the first 8 characters).
 */
export function generateRoomCode(random: RandomBytes = webCryptoRandom): string {
  const n = ROOM_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  // Bounded: each round keeps a byte with probability 248/256, so 64 rounds practically never run out.
  for (let round = 0; round < 64 && code.length < ROOM_CODE_LENGTH; round++) {
    const bytes = random(new Uint8Array(16));
    for (const b of bytes) {
      if (b >= limit) continue;
      code += ROOM_CODE_ALPHABET[b % n];
      if (code.length === ROOM_CODE_LENGTH) break;
    }
  }
  if (code.length !== ROOM_CODE_LENGTH)
    throw new Error('The random source returned too many out-of-range bytes for a room code.');
  return code;
}

/**
 * Normalise what a person typed: upper case, without spaces, dashes or underscores.
 * Returns the canonical code, or null when it cannot be a room code.
 */
export function normalizeRoomCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 32) return null;
  const code = input.replace(/[\s\-_\u2010-\u2015]+/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

/** True for a canonical code (already normalised). */
export function isRoomCode(input: unknown): input is string {
  return typeof input === 'string' && CODE_PATTERN.test(input);
}

/** How a code is shown to people: "ABC-DEF". */
export function formatRoomCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}
