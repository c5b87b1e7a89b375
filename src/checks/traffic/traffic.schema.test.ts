import { describe, expect, it } from 'vitest';
import { trafficConfigSchema, trafficGraceMs } from './traffic.schema.js';

const token = '0123456789abcdef';

describe('traffic config', () => {
  it('applies the defaults: 5m buckets, grace of two buckets, 4 weeks or 12 buckets of baseline', () => {
    const c = trafficConfigSchema.parse({ token, volume: 'attempts', drop: {} });
    expect(c).toMatchObject({ bucket: 300_000, min_volume: 0, drop: { below_percent: 50 }, baseline: { weeks: 4, buckets: 12 } });
    expect(trafficGraceMs(c)).toBe(600_000);
  });

  it('needs a bucket that divides one hour, a volume counter, and a ratio in [0, 1]', () => {
    expect(trafficConfigSchema.safeParse({ token, volume: 'attempts', bucket: '7m' }).error?.issues[0]).toMatchObject({ path: ['bucket'], message: expect.stringMatching(/divide one hour/) });
    expect(trafficConfigSchema.safeParse({ token }).success).toBe(false);
    expect(trafficConfigSchema.safeParse({ token, volume: 'attempts', ratio: { numerator: 'a', denominator: 'b', min: 80 } }).success).toBe(false);
  });
});
