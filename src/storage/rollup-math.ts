/** @module Pure figures of an hourly rollup: counts by status and latency min/avg/p95/max. */
import type { ResultStatus } from '../core/states.js';
import type { RollupFigures } from './store.js';

/** One result as the rollup sees it. */
export interface RollupSample {
  status: ResultStatus | string;
  latencyMs: number | null;
}

/** Nearest-rank percentile (`p` in 0..100] of ascending-sorted values; null when empty. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * Summarises the samples of one monitor, location and hour. Latency figures use every result
 * that measured one, whatever its status; unknown statuses count as `unknown`.
 */
export function summarize(samples: readonly RollupSample[]): RollupFigures {
  const figures = { count: samples.length, up: 0, degraded: 0, down: 0, unknown: 0 };
  const latencies: number[] = [];
  for (const s of samples) {
    if (s.status === 'up' || s.status === 'degraded' || s.status === 'down') figures[s.status] += 1;
    else figures.unknown += 1;
    if (s.latencyMs !== null) latencies.push(s.latencyMs);
  }
  latencies.sort((a, b) => a - b);
  const sum = latencies.reduce((acc, v) => acc + v, 0);
  return {
    ...figures,
    latencyMin: latencies[0] ?? null,
    latencyAvg: latencies.length > 0 ? sum / latencies.length : null,
    latencyP95: nearestRank(latencies, 95),
    latencyMax: latencies.at(-1) ?? null,
  };
}
