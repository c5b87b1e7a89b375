import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, looksLikeRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, totpCode, totpUri } from './totp.js';

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890" in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('gives the RFC 6238 codes at the RFC times', async () => {
    expect(await totpCode(RFC_SECRET, 59_000)).toBe('287082');
    expect(await totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
    expect(await totpCode(RFC_SECRET, 2_000_000_000_000)).toBe('279037');
  });

  it('accepts a code one step either side of now and returns the step it matched', async () => {
    const now = 1_111_111_109_000;
    const step = Math.floor(now / 30_000);
    expect(await matchTotp(RFC_SECRET, '081804', now)).toBe(step);
    expect(await matchTotp(RFC_SECRET, await totpCode(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(await matchTotp(RFC_SECRET, await totpCode(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
    expect(await matchTotp(RFC_SECRET, await totpCode(RFC_SECRET, now - 90_000), now)).toBeNull();
    expect(await matchTotp(RFC_SECRET, '081 804', now)).toBe(step);
    expect(await matchTotp(RFC_SECRET, '08180', now)).toBeNull();
    expect(await matchTotp(RFC_SECRET, 'abcdef', now)).toBeNull();
  });

  it('makes new secrets and an otpauth URI naming Vigie', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(secret).not.toBe(newTotpSecret());
    const uri = new URL(totpUri(secret, 'alice'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe('Vigie');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(decodeURIComponent(uri.pathname)).toContain('alice');
    const now = Date.now();
    expect(await matchTotp(secret, await totpCode(secret, now), now)).toBe(Math.floor(now / 30_000));
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes, hashed the same however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
      expect(hashRecoveryCode(code.toUpperCase().replace('-', ''))).toBe(hashRecoveryCode(code));
    }
    expect(hashRecoveryCode(codes[0]!)).not.toBe(hashRecoveryCode(codes[1]!));
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
