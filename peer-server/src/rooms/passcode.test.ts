import { describe, expect, it } from 'vitest';
import { hashPasscode, verifyPasscode } from './passcode';

describe('room passcodes', () => {
  it('hashes with a random salt and verifies', async () => {
    const a = await hashPasscode('책방1234');
    const b = await hashPasscode('책방1234');
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.hash.equals(b.hash)).toBe(false);
    expect(a.hash).toHaveLength(32);
    expect(JSON.stringify(a)).not.toContain('책방1234');
    expect(await verifyPasscode('책방1234', a)).toBe(true);
    expect(await verifyPasscode('책방1235', a)).toBe(false);
    expect(await verifyPasscode('', a)).toBe(false);
  });

  it('treats NFC and NFD forms of Korean text as the same passcode', async () => {
    const stored = await hashPasscode('한글'.normalize('NFC'));
    expect(await verifyPasscode('한글'.normalize('NFD'), stored)).toBe(true);
  });
});
