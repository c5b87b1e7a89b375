import { describe, expect, it } from 'vitest';
import { nearestRank, summarize } from './rollup-math.js';

/** The definition: the smallest value such that at least p % of the values are ≤ it. */
function byDefinition(sorted: number[], p: number): number {
  return sorted.find((v) => sorted.filter((w) => w <= v).length * 100 >= p * sorted.length)!;
}

describe('nearestRank', () => {
  it('matches the nearest-rank definition for every size from 1 to 250', () => {
    for (let n = 1; n <= 250; n++) {
      const sorted = Array.from({ length: n }, (_, i) => i + 1);
      expect(nearestRank(sorted, 95), `n=${n}`).toBe(byDefinition(sorted, 95));
    }
  });

  it('gives known ranks: ceil(0.95 n)', () => {
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) * 10);
    expect(nearestRank(upTo(1), 95)).toBe(10);
    expect(nearestRank(upTo(12), 95)).toBe(120);
    expect(nearestRank(upTo(20), 95)).toBe(190);
    expect(nearestRank(upTo(60), 95)).toBe(570);
    expect(nearestRank(upTo(100), 50)).toBe(500);
    expect(nearestRank([], 95)).toBeNull();
  });
});

describe('summarize', () => {
  it('counts statuses and takes latency figures from every measured result', () => {
    const figures = summarize([
      { status: 'up', latencyMs: 30 },
      { status: 'up', latencyMs: 10 },
      { status: 'degraded', latencyMs: 20 },
      { status: 'down', latencyMs: null },
      { status: 'unknown', latencyMs: null },
      { status: 'something-else', latencyMs: null },
    ]);
    expect(figures).toEqual({ count: 6, up: 2, degraded: 1, down: 1, unknown: 2, latencyMin: 10, latencyAvg: 20, latencyP95: 30, latencyMax: 30 });
  });

  it('gives null latency figures when nothing was measured', () => {
    expect(summarize([{ status: 'down', latencyMs: null }])).toMatchObject({ count: 1, down: 1, latencyMin: null, latencyAvg: null, latencyP95: null, latencyMax: null });
    expect(summarize([])).toMatchObject({ count: 0, latencyMin: null });
  });
});
