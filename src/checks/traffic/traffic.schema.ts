/** @module The `traffic` check block: pushed counters per bucket, and the drop and ratio rules. */
import { z } from 'zod';
import { duration } from '../../core/duration.js';
import { pushTokenSchema } from '../heartbeat/heartbeat.schema.js';

const HOUR = 3_600_000;

/** A counter name as pushed in `counts`. */
export const counterNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 characters of letters, digits, "_", "." or "-"');

const dropSchema = z
  .strictObject({
    below_percent: z.number().gt(0).max(100).default(50).describe('Down when the volume falls below this percentage of its baseline (50 by default).'),
  })
  .describe('Volume-drop rule on the `volume` counter.');

const ratioSchema = z
  .strictObject({
    name: z.string().min(1).max(40).optional().describe('How the ratio is called in messages (e.g. ASR); default numerator/denominator.'),
    numerator: counterNameSchema.describe('The counter on top, e.g. answered.'),
    denominator: counterNameSchema.describe('The counter below, e.g. attempts.'),
    min: z.number().min(0).max(1).describe('Down when the ratio is under this value, e.g. 0.8.'),
  })
  .describe('Ratio rule, e.g. the answer-seizure ratio ASR = answered / attempts (ITU-T E.425).');

const baselineSchema = z
  .strictObject({
    weeks: z.number().int().min(1).max(8).default(4).describe('Weeks of history for the same time of week (4 by default).'),
    buckets: z.number().int().min(3).max(288).default(12).describe('Without weekly history: the median of this many previous buckets (12 by default).'),
  })
  .describe('How the expected volume is computed.');

/** The schema of `monitors[].traffic`. */
export const trafficConfigSchema = z
  .strictObject({
    token: pushTokenSchema,
    bucket: duration({ min: 60_000, max: HOUR }).prefault('5m').describe('Length of a time bucket of counts (5m by default); must divide one hour.'),
    volume: counterNameSchema.describe('The counter that measures traffic volume, e.g. attempts.'),
    drop: dropSchema.optional(),
    ratio: ratioSchema.optional(),
    min_volume: z.number().min(0).default(0).describe('Rules stay silent under this volume: the drop rule when the baseline is lower (night), the ratio rule when its denominator is.'),
    grace: duration({ min: 0, max: 7 * 86_400_000 }).optional().describe('Down when no counts arrived for this long after a bucket ended (default: two buckets).'),
    baseline: baselineSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    if (HOUR % config.bucket !== 0) ctx.addIssue({ code: 'custom', message: 'must divide one hour (1m, 2m, 5m, 10m, 15m, 30m, 1h…)', path: ['bucket'] });
  });

export type TrafficConfig = z.output<typeof trafficConfigSchema>;

/** The grace in ms: as configured, else two buckets. */
export function trafficGraceMs(config: TrafficConfig): number {
  return config.grace ?? 2 * config.bucket;
}
