import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealed, sealedKeyId } from './secret-cipher.js';
import { keyring, secretKey } from './secret-key.js';
import { openInput, resealInput, sealInput, SecretPathError } from './seal-input.js';

const key = () => secretKey(randomBytes(32));

const input = {
  id: 'api',
  http: {
    url: 'https://user:pa55@api.example.org/health',
    headers: { Authorization: 'Bearer abc', Accept: 'application/json', 'X-Api-Key': 'k' },
  },
  ldap: { url: 'ldap://127.0.0.1', password: 1234 },
  sip: { uri: 'sip:alice:s1p-pass@127.0.0.1', webhook: 'https://127.0.0.1/hook?api_key=q-key&x=1', plain: 'https://127.0.0.1/?x=1' },
  locations: [{ name: 'a', token: 't-a' }],
  description: 'enc:v1:looks sealed but is not',
  tags: ['token'],
};

describe('sealInput / openInput', () => {
  it('seals secret-named values, URLs with a password and look-alikes, leaves the rest readable, and opens them back', () => {
    const ring = keyring(key(), [], 'test');
    const sealed = sealInput(input, ring) as typeof input;
    const text = JSON.stringify(sealed);
    for (const secret of ['Bearer abc', 'pa55', '1234', 't-a', '"k"', 'looks sealed', 's1p-pass', 'q-key']) expect(text).not.toContain(secret);
    expect(sealed.http.headers.Accept).toBe('application/json');
    expect(sealed.ldap.url).toBe('ldap://127.0.0.1');
    expect(sealed.tags).toEqual(['token']);
    expect(sealed.sip.plain).toBe('https://127.0.0.1/?x=1');
    expect(isSealed(sealed.http.url)).toBe(true);
    expect(openInput(sealed, ring)).toEqual(input);
  });

  it('names the path of a secret no loaded key opens', () => {
    const sealed = sealInput(input, keyring(key(), [], 'a'));
    try {
      openInput(sealed, keyring(key(), [], 'b'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SecretPathError);
      expect((error as SecretPathError).path).toBe('http.url');
      expect((error as SecretPathError).reason).toBe('missing_key');
    }
  });
});

describe('resealInput', () => {
  it('seals secrets stored in clear by an older version, and leaves an input sealed with the current key alone', () => {
    const ring = keyring(key(), [], 'test');
    const sealed = resealInput(input, ring)!;
    expect(JSON.stringify(sealed)).not.toContain('Bearer abc');
    expect(openInput(sealed, ring)).toEqual(input);
    expect(resealInput(sealed, ring)).toBeNull();
    expect(resealInput({ id: 'plain', http: { url: 'https://example.org/' } }, ring)).toBeNull();
  });

  it('re-seals values of a previous key with the current one', () => {
    const old = key();
    const before = sealInput(input, keyring(old, [], 'old')) as typeof input;
    const ring = keyring(key(), [old], 'new');
    const after = resealInput(before, ring) as typeof input;
    expect(sealedKeyId(after.http.headers.Authorization)).toBe(ring.current.id);
    expect(openInput(after, keyring(ring.current, [], 'new only'))).toEqual(input);
  });
});
