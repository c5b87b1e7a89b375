/** @module `POST /api/v1/monitors/:id/results`: a result seen from another location, and the answer. */
import { z } from 'zod';
import { RESULT_STATUSES, MONITOR_STATES } from '../../core/states.js';
import { locationNameSchema } from '../../monitors/monitor.schema.js';
import { epochMs, isoTime, timeParam } from './common.schemas.js';

const phaseName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/, 'must be a phase name such as dns, connect, tls, firstByte');

const timingsSchema = z
  .object({ total: z.number().finite().min(0).describe('Total time in ms.') })
  .catchall(z.number().finite().min(0))
  .superRefine((timings, ctx) => {
    const names = Object.keys(timings);
    if (names.length > 20) ctx.addIssue({ code: 'custom', message: 'must name at most 20 phases' });
    for (const name of names) if (!phaseName.safeParse(name).success) ctx.addIssue({ code: 'custom', message: `"${name}" is not a phase name (letters, digits and _)`, path: [name] });
  })
  .describe('Phase timings in ms, e.g. {"dns": 3, "connect": 12, "total": 80}.');

/** The body: one result of one location. */
export const ingestBody = z.strictObject({
  location: locationNameSchema.describe('The location that saw this result: one of the monitor\'s `locations`.'),
  status: z.enum(RESULT_STATUSES).describe('What the location found.'),
  message: z.string().min(1).max(2000).describe('A readable reason (English), e.g. "expected status 200, got 503".'),
  messages: z
    .strictObject({ en: z.string().min(1).max(2000).optional(), fr: z.string().min(1).max(2000).optional() })
    .optional()
    .describe('The message in English and French, when the probe writes both.'),
  latency_ms: z.number().finite().min(0).max(86_400_000).nullable().optional().describe('The main latency figure in ms.'),
  at: z.union([epochMs, timeParam]).optional().describe('When the check ran (ISO 8601 or epoch ms); default now. At most 1 hour old, and not in the future.'),
  timings: timingsSchema.optional(),
});

export type IngestBody = z.output<typeof ingestBody>;

/** The answer: the monitor's state once the result was evaluated. */
export const ingestAnswer = z.object({
  ok: z.literal(true),
  monitor: z.string(),
  location: z.string(),
  at: isoTime.describe('The time stored with the result.'),
  state: z.enum(MONITOR_STATES).describe('The monitor\'s state after this result (the quorum of its locations).'),
});

export type IngestAnswer = z.output<typeof ingestAnswer>;
