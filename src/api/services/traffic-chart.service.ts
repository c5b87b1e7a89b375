/**
 * @module The traffic of a monitor for charts: its buckets with the baseline each was judged
 * against (up to 2 days), or hourly sums beyond.
 */
import type { z } from 'zod';
import { baselineFor, WEEK_MS } from '../../checks/traffic/baseline.js';
import type { TrafficBucket } from '../../checks/passive-reader.js';
import type { TrafficConfig } from '../../checks/traffic/traffic.schema.js';
import type { Store } from '../../storage/store.js';
import { ApiError, invalidRequest, notFound } from '../errors.js';
import { iso } from '../schemas/common.schemas.js';
import type { trafficAnswer, trafficQuery } from '../schemas/push.schemas.js';
import { passiveTargetOf } from './push-targets.js';

const DAY = 86_400_000;
const BUCKET_RESOLUTION_MAX = 2 * DAY;
const RANGE_MAX = 400 * DAY;

type Answer = z.output<typeof trafficAnswer>;

/** Reads traffic series for the API. */
export class TrafficChartService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async series(monitorId: string, query: z.output<typeof trafficQuery>): Promise<Answer> {
    const record = await this.store.monitors.get(monitorId);
    if (!record) throw notFound('monitor', monitorId);
    const target = passiveTargetOf(record);
    if (target?.type !== 'traffic') throw new ApiError(409, 'not_traffic', `monitor ${JSON.stringify(monitorId)} is not a traffic monitor`);
    const to = query.to ?? this.now();
    const from = query.from ?? to - DAY;
    if (from >= to) throw invalidRequest('invalid query string: from: must be before to', [{ path: 'from', message: 'must be before to' }]);
    if (to - from > RANGE_MAX) throw invalidRequest('invalid query string: from: the range must not exceed 400 days', [{ path: 'from', message: 'the range must not exceed 400 days' }]);
    const config = target.config;
    const base = { monitorId, bucketSeconds: config.bucket / 1000, volume: config.volume, from: iso(from), to: iso(to) };
    if (to - from > BUCKET_RESOLUTION_MAX) {
      const hours = await this.store.passive.trafficHours(monitorId, from, to);
      return { ...base, resolution: 'hour', items: hours.map((h) => ({ start: iso(h.hour), counts: h.counts, baseline: null, baselineMethod: null })) };
    }
    return { ...base, resolution: 'bucket', items: await this.withBaselines(monitorId, config, from, to) };
  }

  private async withBaselines(monitorId: string, config: TrafficConfig, from: number, to: number): Promise<Answer['items']> {
    const size = config.bucket;
    const reads: Array<Promise<TrafficBucket[]>> = [this.store.passive.trafficBuckets(monitorId, from - config.baseline.buckets * size, to)];
    for (let week = 1; week <= config.baseline.weeks; week++) {
      reads.push(this.store.passive.trafficBuckets(monitorId, from - week * WEEK_MS, to - week * WEEK_MS));
    }
    const [shown, ...past] = await Promise.all(reads);
    const volumes = new Map<number, number>();
    for (const b of [...past.flat(), ...shown!]) volumes.set(b.start, b.counts[config.volume] ?? 0);
    return shown!
      .filter((b) => b.start >= from)
      .map((b) => {
        const baseline = baselineFor(b.start, volumes, { weeks: config.baseline.weeks, buckets: config.baseline.buckets, bucketMs: size });
        return { start: iso(b.start), counts: b.counts, baseline: baseline ? Math.round(baseline.value * 100) / 100 : null, baselineMethod: baseline?.method ?? null };
      });
  }
}
