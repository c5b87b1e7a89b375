import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { TOKEN_PATTERN, generateToken, hashToken } from './tokens.js';

describe('generateToken', () => {
  it('makes vigie_ followed by 32 base62 characters', () => {
    const secret = generateToken();
    expect(secret).toMatch(/^vigie_[0-9A-Za-z]{32}$/);
    expect(TOKEN_PATTERN.test(secret)).toBe(true);
  });

  it('does not repeat itself and uses the whole alphabet', () => {
    const secrets = Array.from({ length: 200 }, () => generateToken());
    expect(new Set(secrets).size).toBe(200);
    const seen = new Set(secrets.join('').replaceAll('vigie_', ''));
    // 6,400 draws from 62 symbols: every symbol appears unless the draw is badly biased.
    expect(seen.size).toBe(62);
  });
});

describe('hashToken', () => {
  it('is the lowercase hex SHA-256 of the secret', () => {
    expect(hashToken('vigie_abc')).toBe(createHash('sha256').update('vigie_abc').digest('hex'));
    expect(hashToken('vigie_abc')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken('vigie_abd')).not.toBe(hashToken('vigie_abc'));
  });
});
