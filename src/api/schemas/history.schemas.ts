/** @module Results, uptime and transitions: request and response schemas. */
import { z } from 'zod';
import { MONITOR_STATES, RESULT_STATUSES } from '../../core/states.js';
import { cursorParam, isoTime, limitParam, timeParam } from './common.schemas.js';

/** `GET /monitors/:id/results` query string. */
export const resultsQuery = z.strictObject({
  from: timeParam.optional(),
  to: timeParam.optional(),
  limit: limitParam(100, 1000),
  cursor: cursorParam,
});

export const resultView = z.object({
  id: z.number().int(),
  at: isoTime,
  location: z.string(),
  status: z.enum(RESULT_STATUSES),
  latencyMs: z.number().nullable(),
  message: z.string(),
  timings: z.record(z.string(), z.number()).nullable(),
});

export const resultPage = z.object({ items: z.array(resultView), nextCursor: z.string().nullable() });

export const uptimeView = z.object({
  ratio: z.number().nullable().describe('Up or degraded among results that were not unknown; null without data.'),
  count: z.number().int(),
  down: z.number().int(),
  degraded: z.number().int(),
  unknown: z.number().int(),
  from: isoTime,
  to: isoTime,
});

/** The uptime windows, longest last. */
export const UPTIME_WINDOWS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 } as const;

export const uptimeAnswer = z.object({ '24h': uptimeView, '7d': uptimeView, '30d': uptimeView, '90d': uptimeView });

const transitionFields = {
  kind: z.enum(['state', 'event']).optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  limit: limitParam(100, 1000),
  cursor: cursorParam,
};

/** `GET /monitors/:id/transitions` query string. */
export const monitorTransitionsQuery = z.strictObject(transitionFields);

/** `GET /transitions` query string. */
export const transitionsQuery = z.strictObject({ ...transitionFields, monitor: z.string().min(1).max(200).optional() });

export const transitionView = z.object({
  id: z.number().int(),
  monitorId: z.string(),
  at: isoTime,
  kind: z.enum(['state', 'event']),
  fromState: z.enum(MONITOR_STATES).nullable(),
  toState: z.enum(MONITOR_STATES).nullable(),
  eventType: z.string().nullable(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const transitionPage = z.object({ items: z.array(transitionView), nextCursor: z.string().nullable() });
