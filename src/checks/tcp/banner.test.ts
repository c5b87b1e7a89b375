/** @module Unit tests of `banner`. */
import { describe, it, expect } from 'vitest';
import { bannerMatches } from './banner.js';

describe('bannerMatches', () => {
  it('needs every configured expectation to match', () => {
    expect(bannerMatches({ contains: 'SSH-2.0', regex: undefined }, 'SSH-2.0-OpenSSH')).toBe(true);
    expect(bannerMatches({ contains: 'SSH-2.0', regex: /^220 / }, 'SSH-2.0-OpenSSH')).toBe(false);
    expect(bannerMatches({ contains: undefined, regex: /^220 / }, '220 mail ESMTP')).toBe(true);
    expect(bannerMatches({ contains: 'x', regex: undefined }, '')).toBe(false);
  });
});
