/**
 * @module The `traffic` check type (passive): counters pushed per time bucket to
 * `/api/v1/metrics/<token>`; each run judges the newest complete bucket (missing counts, volume
 * drop against the baseline, ratio such as ASR) without probing. Confirmations count buckets, not
 * runs: the runs that judge the same bucket count once.
 */
import { noPassiveData, tokenKey } from '../heartbeat/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { weeklyStarts } from './baseline.js';
import { judgeTraffic, trafficSample } from './judge.js';
import { trafficConfigSchema, trafficGraceMs } from './traffic.schema.js';

/** The `traffic` check type. */
export const trafficCheck = defineCheck({
  type: 'traffic',
  description: 'Passive: counters pushed per time bucket to /api/v1/metrics/<token> (e.g. call attempts and answers); down on a volume drop against the usual, a ratio (ASR) under its threshold, or missing counts.',
  schema: trafficConfigSchema,
  target(config) {
    return `push:${tokenKey(config.token)}`;
  },
  async run(config, ctx): Promise<CheckResult> {
    if (!ctx.passive || ctx.monitorId === undefined) return noPassiveData('traffic');
    const now = Date.now();
    const size = config.bucket;
    const current = Math.floor(now / size) * size;
    const recentFrom = current - Math.max(config.baseline.buckets + 1, Math.ceil(trafficGraceMs(config) / size) + 1) * size;
    const [lastStart, recent] = await Promise.all([
      ctx.passive.lastTrafficBucketStart(ctx.monitorId),
      ctx.passive.trafficBuckets(ctx.monitorId, recentFrom, current + size),
    ]);
    const latest = recent.filter((b) => b.start + size <= now).at(-1);
    const weekly = latest ? await ctx.passive.trafficBucketsAt(ctx.monitorId, weeklyStarts(latest.start, config.baseline.weeks)) : [];
    return judgeTraffic(config, { now, lastStart, buckets: [...weekly, ...recent] });
  },
  // A bucket is judged by the run its push triggers and again by scheduled runs: one confirmation.
  sample: trafficSample,
});
