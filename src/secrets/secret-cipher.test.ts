import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealed, openSecret, sealedKeyId, sealSecret, SecretOpenError } from './secret-cipher.js';
import { keyring, parseSecretKey, secretKey } from './secret-key.js';

const key = () => secretKey(randomBytes(32));

describe('sealSecret / openSecret', () => {
  it('round-trips any text, with a fresh IV each time, and names the key in the sealed value', () => {
    const ring = keyring(key(), [], 'test');
    for (const plain of ['', 'Bearer abc', 'é€😀', 'x'.repeat(10_000)]) {
      const a = sealSecret(plain, ring);
      const b = sealSecret(plain, ring);
      expect(a).not.toBe(b);
      expect(a.startsWith(`enc:v1:${ring.current.id}:`)).toBe(true);
      expect(isSealed(a)).toBe(true);
      expect(sealedKeyId(a)).toBe(ring.current.id);
      expect(a).not.toContain(plain || '\u0000');
      expect(openSecret(a, ring)).toBe(plain);
    }
  });

  it('refuses to open with another key, naming the key the value needs', () => {
    const sealed = sealSecret('s3cret', keyring(key(), [], 'a'));
    const other = keyring(key(), [], 'b');
    expect(() => openSecret(sealed, other)).toThrow(SecretOpenError);
    expect(() => openSecret(sealed, other)).toThrow(`it was encrypted with secret key ${sealedKeyId(sealed)}, which is not loaded`);
  });

  it('detects an altered value instead of returning garbage', () => {
    const ring = keyring(key(), [], 'a');
    const sealed = sealSecret('s3cret', ring);
    const body = Buffer.from(sealed.split(':')[3]!, 'base64url');
    body[body.length - 1]! ^= 1;
    const altered = `enc:v1:${ring.current.id}:${body.toString('base64url')}`;
    try {
      openSecret(altered, ring);
      expect.unreachable();
    } catch (error) {
      expect((error as SecretOpenError).reason).toBe('damaged');
      expect((error as Error).message).toMatch(/altered or damaged/);
    }
    expect(() => openSecret('enc:v1:nothex:zz', ring)).toThrow(/malformed/);
  });

  it('opens values of a previous key during a rotation, and seals only with the current one', () => {
    const old = key();
    const sealedBefore = sealSecret('s3cret', keyring(old, [], 'old'));
    const rotated = keyring(key(), [old], 'new');
    expect(openSecret(sealedBefore, rotated)).toBe('s3cret');
    expect(sealedKeyId(sealSecret('s3cret', rotated))).toBe(rotated.current.id);
  });
});

describe('parseSecretKey', () => {
  it('reads hex, base64 and base64url keys of 32 bytes as the same key', () => {
    const bytes = randomBytes(32);
    const ids = [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')].map((text) => parseSecretKey(text, 'X').id);
    expect(new Set(ids)).toEqual(new Set([secretKey(bytes).id]));
  });

  it('derives a key from a passphrase, the same one every time', () => {
    const a = parseSecretKey('correct horse battery staple', 'X');
    expect(a.key).toHaveLength(32);
    expect(parseSecretKey('correct horse battery staple', 'X').id).toBe(a.id);
    expect(parseSecretKey('correct horse battery stapler', 'X').id).not.toBe(a.id);
  });

  it('refuses a short passphrase, saying what is expected and how to generate a key', () => {
    expect(() => parseSecretKey('changeme', 'VIGIE_SECRET_KEY')).toThrow(
      'VIGIE_SECRET_KEY must be a 32-byte key in hex (64 characters) or base64 (44 characters), or a passphrase of at least 16 characters (generate one with: openssl rand -base64 32)',
    );
  });
});
