import { describe, expect, it } from 'vitest';
import { baselineFor, median, WEEK_MS, weeklyStarts } from './baseline.js';

const opts = { weeks: 4, buckets: 12, bucketMs: 300_000 };

describe('baseline', () => {
  it('median of odd and even lists', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('lists the same bucket of past weeks, oldest first', () => {
    expect(weeklyStarts(10 * WEEK_MS, 2)).toEqual([8 * WEEK_MS, 9 * WEEK_MS]);
  });

  it('prefers the same time of week, robust to one odd week', () => {
    const start = 10 * WEEK_MS;
    const volumes = new Map([
      [start - WEEK_MS, 800],
      [start - 2 * WEEK_MS, 820],
      [start - 3 * WEEK_MS, 10],
      [start - 300_000, 5],
    ]);
    expect(baselineFor(start, volumes, opts)).toEqual({ value: 800, method: 'weekly', samples: 3 });
  });

  it('uses the median of recent buckets without weekly history, and needs at least 3', () => {
    const start = 10 * WEEK_MS;
    const recent = new Map([1, 2, 3, 4].map((i) => [start - i * 300_000, i * 100] as [number, number]));
    expect(baselineFor(start, recent, opts)).toEqual({ value: 250, method: 'median', samples: 4 });
    expect(baselineFor(start, new Map([...recent].slice(0, 2)), opts)).toBeUndefined();
  });
});
