/** @module Monitor request and response schemas of the API. */
import { z } from 'zod';
import { MONITOR_STATES, RESULT_STATUSES } from '../../core/states.js';
import { CHECK_TYPE_NAMES } from '../../checks/registry.js';
import { isoTime, limitParam, offsetParam } from './common.schemas.js';

export const MONITOR_SOURCES = ['file', 'api'] as const;

/** `GET /monitors` query string. */
export const monitorListQuery = z.strictObject({
  state: z.enum(MONITOR_STATES).optional(),
  type: z.enum(CHECK_TYPE_NAMES).optional(),
  tag: z.string().min(1).max(64).optional(),
  source: z.enum(MONITOR_SOURCES).optional(),
  limit: limitParam(50, 500),
  offset: offsetParam,
});

/** The last result of a monitor or of one of its locations. */
const lastResultView = z.object({
  status: z.enum(RESULT_STATUSES),
  message: z.string().nullable(),
  latencyMs: z.number().nullable(),
  at: isoTime,
});

/** The current state of a monitor as shown by the API. */
export const monitorStateView = z.object({
  state: z.enum(MONITOR_STATES),
  since: isoTime.nullable(),
  flapping: z.boolean(),
  lastResult: lastResultView.nullable(),
});

/** What one declared location of a multi-location monitor sees. */
export const locationStateView = z.object({
  name: z.string().describe('The location, as written in `locations`.'),
  state: z.enum(MONITOR_STATES).describe('Its own confirmed state (`pending` before its first result).'),
  silent: z.boolean().describe('True when its last result is older than three intervals plus the timeout: it counts neither way in the quorum.'),
  since: isoTime.nullable(),
  lastResult: lastResultView.nullable(),
});

/** A monitor as shown by the API. */
export const monitorView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.string(),
  source: z.enum(MONITOR_SOURCES).describe('`file` monitors are read-only through the API.'),
  tags: z.array(z.string()),
  paused: z.boolean(),
  intervalMs: z.number().nullable(),
  timeoutMs: z.number().nullable(),
  input: z.record(z.string(), z.unknown()).describe('The monitor as written (config file or API body), as accepted by POST /monitors; secrets (credential fields and headers, passwords and credential query values in URLs) read "[redacted]".'),
  state: monitorStateView,
  configSource: z
    .object({ file: z.string().describe('The config file, relative to the config folder.'), line: z.number().int().describe('1-based line of the monitor’s entry (or of the `domains` entry that creates it).') })
    .optional()
    .describe('Where a `file` monitor is written; absent for `api` monitors. Given by GET /monitors/:id.'),
  locations: z
    .array(locationStateView)
    .optional()
    .describe('For a monitor with `locations`: what each declared location sees, in the declared order. Given by GET /monitors/:id.'),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export type MonitorView = z.output<typeof monitorView>;

/** `GET /monitors` answer. */
export const monitorPage = z.object({
  items: z.array(monitorView),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** The result of `POST /monitors/:id/run`. */
export const runResultView = z.object({
  monitorId: z.string(),
  status: z.enum(RESULT_STATUSES),
  message: z.string(),
  latencyMs: z.number().nullable(),
  timings: z.record(z.string(), z.number()).nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  at: isoTime,
});
