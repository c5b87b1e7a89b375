/** @module Monitor request and response schemas of the API. */
import { z } from 'zod';
import { MONITOR_STATES, RESULT_STATUSES } from '../../core/states.js';
import { CHECK_TYPE_NAMES } from '../../checks/registry.js';
import { isoTime, limitParam, offsetParam } from './common.schemas.js';

export const MONITOR_SOURCES = ['file', 'api'] as const;

/** The largest page of full views; summaries may come 5,000 at a time. */
const FULL_PAGE_MAX = 500;

/** `GET /monitors` query string. */
export const monitorListQuery = z
  .strictObject({
    state: z.enum(MONITOR_STATES).optional(),
    type: z.enum(CHECK_TYPE_NAMES).optional(),
    tag: z.string().min(1).max(64).optional(),
    source: z.enum(MONITOR_SOURCES).optional(),
    q: z.string().trim().min(1, 'must not be empty').max(200).optional().describe('Case-insensitive part of the id or the name (on SQLite, letters beyond ASCII match in their own case only).'),
    view: z.enum(['full', 'summary']).default('full').describe('`summary`: id, name, type, source, tags, paused and state only (no definition) — what a long list needs; pages of up to 5,000.'),
    limit: limitParam(50, 5000).describe(`Items per page: at most ${FULL_PAGE_MAX} full views, or 5,000 summaries.`),
    after: z.string().min(1).max(200).optional().describe('Keyset pagination: the `next` of the previous page (a monitor id); the page starts after it. As fast at any depth.'),
    offset: offsetParam.describe('Items to skip (slower deep in a long list; prefer `after`).'),
  })
  .superRefine((q, ctx) => {
    if (q.view === 'full' && q.limit > FULL_PAGE_MAX) ctx.addIssue({ code: 'custom', path: ['limit'], message: `must be at most ${FULL_PAGE_MAX} with full views (or ask for view=summary)` });
    if (q.after !== undefined && q.offset > 0) ctx.addIssue({ code: 'custom', path: ['after'], message: 'cannot be combined with offset: use one or the other' });
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
export type MonitorSummaryView = z.output<typeof monitorSummaryView>;

/** `GET /monitors` answer. */
/** A monitor in a `view=summary` list. */
export const monitorSummaryView = monitorView.pick({ id: true, name: true, type: true, source: true, tags: true, paused: true, state: true });

export const monitorPage = z.object({
  items: z.array(z.union([monitorView, monitorSummaryView])).describe('Full views, or summaries with `view=summary`; in id order.'),
  total: z.number().int().describe('Monitors matching the filters, in all pages.'),
  limit: z.number().int(),
  offset: z.number().int(),
  next: z.string().nullable().describe('Pass as `after` for the next page; null on the last page.'),
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
