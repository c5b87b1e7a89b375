import { describe, expect, it } from 'vitest';
import { cacheTtlMs, RegistryCourtesy } from './courtesy.js';

describe('RegistryCourtesy', () => {
  it('keeps an answer for its TTL only', () => {
    const courtesy = new RegistryCourtesy();
    courtesy.remember('k', { kind: 'not-found' }, 1000, 0);
    expect(courtesy.cached('k', 999)).toEqual({ kind: 'not-found' });
    expect(courtesy.cached('k', 1000)).toBeUndefined();
  });

  it('honours Retry-After, and doubles its own wait from 1 min when none is given', () => {
    const courtesy = new RegistryCourtesy();
    expect(courtesy.refused('a', 5000, 'r', 0).until).toBe(5000);
    expect(courtesy.backoff('a', 4999)?.reason).toBe('r');
    expect(courtesy.backoff('a', 5000)).toBeUndefined();
    expect(courtesy.refused('b', undefined, 'r', 0).until).toBe(60_000);
    expect(courtesy.refused('b', undefined, 'r', 60_000).until).toBe(60_000 + 120_000);
    courtesy.answered('b');
    expect(courtesy.refused('b', undefined, 'r', 0).until).toBe(60_000);
  });

  it('caches for half the minimum interval', () => {
    expect(cacheTtlMs(false)).toBe(150_000);
    expect(cacheTtlMs(true)).toBe(500);
  });
});
