import { describe, expect, it } from 'vitest';
import { RateLimiter } from './push-rate-limit.js';

describe('RateLimiter', () => {
  it('allows a burst, then asks to wait, then refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 0.5, maxKeys: 10 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(2);
    expect(limiter.take('b')).toBe(0);
    now += 2000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('keeps at most maxKeys keys, forgetting idle (refilled) ones before busy ones', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 2, perSecond: 0.5, maxKeys: 2 }, () => now);
    limiter.take('busy');
    limiter.take('busy');
    limiter.take('idle');
    now = 2000;
    limiter.take('new');
    // 'busy' was remembered with one token back: one more push passes, the next one waits.
    expect(limiter.take('busy')).toBe(0);
    expect(limiter.take('busy')).toBeGreaterThan(0);
  });
});
