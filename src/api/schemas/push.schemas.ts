/** @module Push endpoints (heartbeats, traffic counts) and the traffic chart: request and response schemas. */
import { z } from 'zod';
import { counterNameSchema } from '../../checks/traffic/traffic.schema.js';
import { epochMs, isoTime, timeParam } from './common.schemas.js';

/** `{ token }` path parameters; any text, so that a malformed token is answered like an unknown one. */
export const tokenParams = z.strictObject({ token: z.string().min(1).max(300).describe('The push token of the monitor.') });

/** A number sent as JSON or as text (query string, form), kept when `accept` holds; `rule` names what is expected. */
function numeric(rule: string, accept: (n: number) => boolean) {
  return z
    .union([z.number(), z.string()], { error: rule })
    .transform((raw, ctx) => {
      const n = typeof raw === 'number' ? raw : /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
      if (Number.isFinite(n) && accept(n)) return n;
      ctx.addIssue({ code: 'custom', message: rule });
      return z.NEVER;
    });
}

/** Text of 1 to `max` characters, with messages that say so. */
function text(max: number, min = 0) {
  const rule = min > 0 ? `expected a non-empty string of at most ${max} characters` : `expected a string of at most ${max} characters`;
  return z.string({ error: rule }).min(min, rule).max(max, rule);
}

/** The fields of a heartbeat, from the query string or the body (JSON or form). */
export const pushFields = z.strictObject(
  {
    status: z.enum(['up', 'down'], { error: 'expected "up" or "down"' }).optional().describe('up (default) or down.'),
    msg: text(1000).optional().describe('A message shown with the status.'),
    boot_id: text(200, 1).optional().describe('The boot identity (Linux /proc/sys/kernel/random/boot_id, Windows last boot time).'),
    uptime: numeric('expected a number of seconds, 0 or more', (n) => n >= 0).optional().describe('Uptime in seconds.'),
    value: numeric('expected a number', () => true).optional().describe('Any number worth keeping (queue length, temperature…).'),
  },
  { error: 'expected the fields status, msg, boot_id, uptime and value (a JSON object, a form or a query string)' },
);

export type PushFields = z.output<typeof pushFields>;

export const pushAnswer = z.object({
  ok: z.literal(true),
  rebooted: z.boolean().describe('True when this heartbeat revealed a new boot.'),
});

/** A bucket time: ISO 8601 text or epoch milliseconds. */
const bucketTime = z.union([epochMs, timeParam]);

const countsSchema = z
  .record(counterNameSchema, z.number({ error: 'expected a count, 0 or more' }).finite().nonnegative('expected a count, 0 or more'), {
    error: 'expected counter names with their counts, e.g. {"attempts": 812}',
  })
  .refine((counts) => Object.keys(counts).length > 0, { message: 'must name at least one counter' })
  .refine((counts) => Object.keys(counts).length <= 50, { message: 'must name at most 50 counters' });

const oneBucket = z.strictObject({
  bucket: bucketTime.optional().describe('Any time inside the bucket (floored to the bucket size); default now.'),
  counts: countsSchema.describe('Counter name → count for that bucket, e.g. {"attempts": 812, "answered": 790}.'),
});

/** `POST /metrics/:token` body: one bucket, or many (backfill). */
export const metricsBody = z.union(
  [oneBucket, z.strictObject({ buckets: z.array(oneBucket, { error: 'expected a list of buckets' }).min(1, 'expected 1 to 5000 buckets').max(5000, 'expected 1 to 5000 buckets') })],
  { error: 'expected {"counts": {...}} for one bucket or {"buckets": [...]} for many' },
);

export type MetricsBody = z.output<typeof metricsBody>;

export const metricsAnswer = z.object({ ok: z.literal(true), buckets: z.number().int().describe('How many buckets were stored.') });

/** `GET /monitors/:id/traffic` query string. */
export const trafficQuery = z.strictObject({
  from: timeParam.optional().describe('Default: 24 hours before `to`.'),
  to: timeParam.optional().describe('Default: now.'),
});

export const trafficPoint = z.object({
  start: isoTime,
  counts: z.record(z.string(), z.number()),
  baseline: z.number().nullable().describe('The expected volume for this bucket; null at hourly resolution or while learning.'),
  baselineMethod: z.enum(['weekly', 'median']).nullable(),
});

export const trafficAnswer = z.object({
  monitorId: z.string(),
  resolution: z.enum(['bucket', 'hour']).describe('Buckets up to 2 days, hourly sums beyond.'),
  bucketSeconds: z.number().int(),
  volume: z.string().describe('The counter that measures volume.'),
  from: isoTime,
  to: isoTime,
  items: z.array(trafficPoint),
});
