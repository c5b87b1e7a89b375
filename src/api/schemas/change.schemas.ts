/**
 * @module Change, rollout and guard request and response schemas (issue 14). Change fields follow
 * PagerDuty change events (summary, source, timestamp, links, custom_details) plus kind, an
 * external reference and targets; rollouts are ordered rings with a soak time each.
 */
import { z } from 'zod';
import { CHANGE_KINDS, GUARD_REASON_CODES, ROLLOUT_EVENT_KINDS, ROLLOUT_STATUSES, SUSPECT_LINKS } from '../../changes/changes.types.js';
import { duration } from '../../core/duration.js';
import { MONITOR_ID_PATTERN } from '../../monitors/monitor.schema.js';
import { isoTime, limitParam, timeParam } from './common.schemas.js';

const ID_MESSAGE = 'must be 1-100 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit';
const name = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const list = (what: string, item: z.ZodType<string>) => z.array(item).max(200, 'must list at most 200 values').default([]).describe(what);
const wholeId = (what: string) => z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').describe(what);
const localizedView = z.object({ en: z.string(), fr: z.string() });

/** A time in a body: ISO 8601 with an offset, or epoch milliseconds. */
const bodyTime = z.union([z.string().max(40), z.number()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(ms) || ms < 0) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time with an offset (2026-01-11T22:05:00Z) or epoch milliseconds' });
    return z.NEVER;
  }
  return ms;
});

export const changeTargetsBody = z
  .strictObject({
    monitors: list('Monitor ids the change touched.', name(100)),
    services: list('Service ids the change touched.', name(100)),
    tags: list('Tags: every monitor and service with one of them.', name(100)),
    hosts: list('Host names or globs (`dc-*.corp.example`; `*` stays within a label, `**` crosses dots) matched against the monitors’ targets.', name(253)),
  })
  .describe('What the change touched; every id must be known.');

export const changeBody = z
  .strictObject({
    summary: name(1024).describe('What changed, in one line (PagerDuty `summary`).'),
    source: name(255).optional().describe('Where it came from: a pipeline, a tool, a host (PagerDuty `source`).'),
    timestamp: bodyTime.optional().describe('When the change was made: ISO 8601 or epoch ms; default now. Not in the future.'),
    kind: z.enum(CHANGE_KINDS).optional().describe('patch, deploy, config, procedure, renewal, registry, certificate, dns or other; default: the rollout’s kind, else other.'),
    external_ref: name(200).optional().describe('An external reference: KB5009557, a ticket, a commit.'),
    links: z
      .array(z.strictObject({ href: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000), text: name(200).optional() }))
      .max(20, 'must list at most 20 links')
      .default([])
      .describe('Links (PagerDuty `links`).'),
    custom_details: z.record(z.string(), z.unknown()).optional().describe('Free-form details (PagerDuty `custom_details`), at most 16 KB as JSON.'),
    targets: changeTargetsBody.optional(),
    rollout: z.string().regex(MONITOR_ID_PATTERN, ID_MESSAGE).optional().describe('The rollout this change is a step of; with `ring`.'),
    ring: z.number().int('must be a whole number').min(0, 'must be 0 or more').optional().describe('The ring of the rollout it deployed; its targets default to the ring’s.'),
  })
  .superRefine((b, ctx) => {
    if ((b.rollout === undefined) !== (b.ring === undefined)) ctx.addIssue({ code: 'custom', path: [b.rollout === undefined ? 'rollout' : 'ring'], message: '`rollout` and `ring` go together' });
    if (b.custom_details !== undefined && JSON.stringify(b.custom_details).length > 16_384) ctx.addIssue({ code: 'custom', path: ['custom_details'], message: 'must be at most 16 KB as JSON' });
  });
export type ChangeBody = z.output<typeof changeBody>;

export const changeListQuery = z.strictObject({
  from: timeParam.optional().describe('Changes made at or after this time.'),
  to: timeParam.optional().describe('Changes made before this time.'),
  kind: z.enum(CHANGE_KINDS).optional(),
  rollout: z.string().max(100).optional().describe('Only the steps of this rollout.'),
  monitor: z.string().max(100).optional().describe('Only changes that list this monitor id.'),
  limit: limitParam(100, 1000),
});

export const changeIdParams = z.strictObject({ id: wholeId('The change id.') });

export const rollbackBody = z
  .strictObject({ note: name(2000).optional().describe('How it was rolled back (uninstalled, reverted…).') })
  .describe('Optional: the request may have no body.');

export const changeView = z
  .object({
    id: z.number(),
    summary: z.string(),
    source: z.string().nullable(),
    kind: z.enum(CHANGE_KINDS),
    external_ref: z.string().nullable(),
    timestamp: isoTime,
    links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
    custom_details: z.record(z.string(), z.unknown()),
    targets: z.object({ monitors: z.array(z.string()), services: z.array(z.string()), tags: z.array(z.string()), hosts: z.array(z.string()) }),
    reaches: z.array(z.string()).describe('The monitors the targets reach now.'),
    origin: z.enum(['api', 'check']),
    rollout: z.string().nullable(),
    ring: z.number().nullable(),
    author: z.string(),
    rolled_back_at: isoTime.nullable(),
    rolled_back_by: z.string().nullable(),
    rollback_note: z.string().nullable(),
    created_at: isoTime,
  })
  .describe('A change.');
export const changeList = z.object({ items: z.array(changeView) });

const ringBody = z
  .strictObject({
    name: name(200).optional().describe('A label ("first domain controller").'),
    monitors: list('Monitor ids in this ring.', name(100)),
    services: list('Service ids: their monitors are in this ring.', name(100)),
    tags: list('Tags: the monitors with one of them are in this ring.', name(100)),
    soak: duration({ min: 0, max: 30 * 86_400_000 }).describe('How long the ring must stay healthy after its change before the next ring may go (`30m`, `2h`, `0s`).'),
  })
  .refine((r) => r.monitors.length + r.services.length + r.tags.length > 0, { message: 'a ring needs monitors, services or tags', path: ['monitors'] });

export const rolloutBody = z.strictObject({
  id: z.string().regex(MONITOR_ID_PATTERN, ID_MESSAGE).describe('Your id for the rollout (`kb5009557-dc`).'),
  title: name(500).optional().describe('What is rolled out; default: the external reference.'),
  kind: z.enum(CHANGE_KINDS).default('deploy').describe('The kind of the change rolled out.'),
  external_ref: name(200).optional().describe('The change rolled out: KB5009557, a version, a procedure’s name.'),
  rings: z.array(ringBody).min(1, 'needs at least one ring').max(50, 'must list at most 50 rings').describe('Ordered rings: ring 0 first.'),
  guard: z
    .strictObject({
      incidents: z.boolean().default(true).describe('No-go while an incident is open on a guarded service (the rings’ services and `services`).'),
      crisis: z.boolean().default(true).describe('No-go while a crisis is active.'),
      freezes: z.boolean().default(true).describe('No-go while a change freeze (`changes.freezes`) is in force.'),
      services: list('More services whose open incidents block the rollout.', name(100)),
    })
    .prefault({})
    .describe('Conditions besides the rings’ health; all on by default.'),
});
export type RolloutBody = z.output<typeof rolloutBody>;

export const rolloutIdParams = z.strictObject({ id: z.string().min(1).max(100).describe('The rollout id.') });
export const rolloutListQuery = z.strictObject({ status: z.enum(ROLLOUT_STATUSES).optional(), limit: limitParam(50, 500) });
export const rolloutStatusBody = z.strictObject({ status: z.enum(['completed', 'aborted']).describe('completed or aborted: the guard then says no-go to every ring.') });
export const guardQuery = z.strictObject({
  ring: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').describe('The ring about to be deployed.'),
  record: z.enum(['true', 'false']).default('true').describe('false: do not record the decision on the rollout’s timeline.'),
});

const guardReasonView = z.object({ code: z.enum(GUARD_REASON_CODES), text: localizedView, subject: z.string().optional(), remaining_ms: z.number().optional() });
export const guardView = z
  .object({
    rollout: z.string(),
    ring: z.number(),
    verdict: z.enum(['go', 'no-go']),
    reasons: z.array(guardReasonView),
    checked: z.array(localizedView),
    at: isoTime,
  })
  .describe('The guard’s decision for a ring.');

const ringView = z.object({
  index: z.number(),
  name: z.string().nullable(),
  monitors: z.array(z.string()),
  services: z.array(z.string()),
  tags: z.array(z.string()),
  soak_ms: z.number(),
  reaches: z.array(z.string()).describe('The monitors the ring reaches now.'),
  change: z.number().nullable().describe('The latest change recorded for this ring.'),
  deployed_at: isoTime.nullable(),
});
const rolloutEventView = z.object({
  id: z.number(),
  at: isoTime,
  last_at: isoTime,
  count: z.number(),
  kind: z.enum(ROLLOUT_EVENT_KINDS),
  ring: z.number().nullable(),
  verdict: z.enum(['go', 'no-go']).nullable(),
  text: localizedView,
  details: z.record(z.string(), z.unknown()).nullable(),
  author: z.string().nullable(),
});
export const rolloutView = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(CHANGE_KINDS),
    external_ref: z.string().nullable(),
    status: z.enum(ROLLOUT_STATUSES),
    guard: z.object({ incidents: z.boolean(), crisis: z.boolean(), freezes: z.boolean(), services: z.array(z.string()) }),
    rings: z.array(ringView),
    author: z.string(),
    created_at: isoTime,
    updated_at: isoTime,
  })
  .describe('A rollout.');
export const rolloutDetail = rolloutView.extend({ timeline: z.array(rolloutEventView) });
export const rolloutList = z.object({ items: z.array(rolloutView) });

export const suspectView = z.object({
  change: changeView,
  rank: z.number(),
  score: z.number(),
  before_ms: z.number(),
  link: z.enum(SUSPECT_LINKS),
  touched: z.array(z.string()),
  text: localizedView,
});
export const suspectList = z
  .object({ items: z.array(suspectView), likely_cause: z.object({ change: z.number(), text: localizedView }).nullable() })
  .describe('The changes suspected of causing the incident, most likely first.');
