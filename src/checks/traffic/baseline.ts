/**
 * @module Pure baseline of a traffic volume: the median of the same time of week over the last
 * N weeks when that history exists, else a moving median of the previous K buckets (robust to a
 * single odd bucket), else none (still learning).
 */

export const WEEK_MS = 7 * 86_400_000;

/** An expected volume and how it was found. */
export interface Baseline {
  value: number;
  method: 'weekly' | 'median';
  /** How many past values it was computed from. */
  samples: number;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The starts of the same bucket in the `weeks` previous weeks, oldest first. */
export function weeklyStarts(start: number, weeks: number): number[] {
  return Array.from({ length: weeks }, (_, i) => start - (weeks - i) * WEEK_MS);
}

/** The minimum number of previous buckets for a moving median. */
export const MIN_MEDIAN_SAMPLES = 3;

/**
 * The baseline of the bucket starting at `start`, given the volumes of past buckets by start
 * (weekly ones and recent ones may both be in `volumes`).
 */
export function baselineFor(start: number, volumes: ReadonlyMap<number, number>, opts: { weeks: number; buckets: number; bucketMs: number }): Baseline | undefined {
  const weekly = weeklyStarts(start, opts.weeks)
    .map((s) => volumes.get(s))
    .filter((v): v is number => v !== undefined);
  if (weekly.length > 0) return { value: median(weekly), method: 'weekly', samples: weekly.length };
  const recent: number[] = [];
  for (let i = 1; i <= opts.buckets; i++) {
    const v = volumes.get(start - i * opts.bucketMs);
    if (v !== undefined) recent.push(v);
  }
  if (recent.length < Math.min(MIN_MEDIAN_SAMPLES, opts.buckets)) return undefined;
  return { value: median(recent), method: 'median', samples: recent.length };
}
