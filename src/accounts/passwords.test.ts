import { describe, expect, it } from 'vitest';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('verifies the password it hashed, and no other', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain('horse');
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).not.toBe(b);
  });

  it('reads the cost from the hash, so hashes made with other parameters still verify', async () => {
    const cheap = await hashPassword('a cheaper hash please', { log2N: 10, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('a cheaper hash please', cheap)).toBe(true);
  });

  it('treats accented passwords the same whatever their Unicode form', async () => {
    const hash = await hashPassword('mot de passe \u00e9t\u00e9');
    expect(await verifyPassword('mot de passe e\u0301te\u0301', hash)).toBe(true);
  });

  it('refuses malformed or tampered hashes', async () => {
    const hash = await hashPassword('some long password');
    expect(await verifyPassword('some long password', 'plain')).toBe(false);
    expect(await verifyPassword('some long password', hash.replace('scrypt$15', 'scrypt$30'))).toBe(false);
    const parts = hash.split('$');
    parts[5] = Buffer.alloc(32).toString('base64url');
    expect(await verifyPassword('some long password', parts.join('$'))).toBe(false);
    expect(await verifyNothing('anything at all')).toBe(false);
  });
});
