/** @module On-call, silence, channel and delivery request and response schemas. */
import { z } from 'zod';
import { duration } from '../../core/duration.js';
import { INCIDENT_SEVERITIES } from '../../incidents/incident.types.js';
import { epochMs, isoTime, timeParam } from './common.schemas.js';

/** The longest range `GET /schedules/:id/shifts` answers (about three months). */
export const MAX_SHIFTS_RANGE_MS = 93 * 86_400_000;

export const onCallQuery = z.strictObject({
  at: timeParam.optional().describe('The instant asked about (default: now).'),
  schedule: z.string().min(1).max(100).optional().describe('Only this schedule.'),
});

export const shiftsQuery = z.strictObject({
  from: timeParam.optional().describe('Start of the range (default: now).'),
  to: timeParam.optional().describe('End of the range (default: 7 days after `from`; at most 93 days after it).'),
});

const shiftView = z.object({
  person: z.object({ id: z.string(), name: z.string() }),
  source: z.union([z.object({ kind: z.literal('layer'), layer: z.string() }), z.object({ kind: z.literal('override'), note: z.string().nullable() })]),
  since: isoTime,
  until: isoTime,
  sinceLocal: z.string().describe('`since` as local time in the schedule zone, with its offset.'),
  untilLocal: z.string().describe('`until` as local time in the schedule zone, with its offset.'),
});

const scheduleRef = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });

export const onCallList = z.object({
  at: isoTime,
  items: z.array(
    z.object({
      schedule: scheduleRef,
      at: isoTime,
      onCall: shiftView.extend({ open: z.object({ before: z.boolean(), after: z.boolean() }).describe('True where `since`/`until` lie beyond the 35 days looked at.') }).nullable().describe('null: nobody is on call (a gap).'),
    }),
  ),
});

export const shiftList = z.object({ schedule: scheduleRef, from: isoTime, to: isoTime, items: z.array(shiftView) });

const idList = z.array(z.string().min(1).max(200)).min(1, 'must list at least one value').max(100);

/** A time in a body: epoch milliseconds or an ISO 8601 string. */
const bodyTime = z.union([epochMs, timeParam]);

export const silenceMatchersBody = z
  .strictObject({
    services: idList.optional().describe('Service ids; an incident touching any of them matches.'),
    tags: idList.optional().describe('Tags of the incident’s monitors and services.'),
    severities: z.array(z.enum(INCIDENT_SEVERITIES)).min(1, 'must list at least one value').optional(),
    incidents: z.array(z.number().int('must be a whole number').min(1, 'must be 1 or more')).min(1, 'must list at least one value').max(100).optional().describe('Incident ids.'),
  })
  .refine((m) => Object.values(m).some((v) => v !== undefined), 'needs at least one of services, tags, severities, incidents');

export const silenceBody = z
  .strictObject({
    matchers: silenceMatchersBody.describe('What is silenced: every given field must match, any value of each.'),
    starts_at: bodyTime.optional().describe('Start (default: now).'),
    ends_at: bodyTime.optional().describe('End; give it or `duration`.'),
    duration: duration({ min: 60_000, max: 366 * 86_400_000 }).optional().describe('Length from `starts_at` (e.g. 2h); give it or `ends_at`.'),
    comment: z.string().trim().min(1, 'must not be empty').max(2000).describe('Why (shown with the silence).'),
  })
  .superRefine((b, ctx) => {
    if (b.ends_at === undefined && b.duration === undefined) ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'needs ends_at or duration' });
    if (b.ends_at !== undefined && b.duration !== undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'give ends_at or duration, not both' });
  });

export const silenceView = z.object({
  id: z.number(),
  matchers: z.object({ services: z.array(z.string()).optional(), tags: z.array(z.string()).optional(), severities: z.array(z.string()).optional(), incidents: z.array(z.number()).optional() }),
  startsAt: isoTime,
  endsAt: isoTime,
  active: z.boolean().describe('In force now (false: not started yet, or ended).'),
  author: z.string(),
  comment: z.string(),
  createdAt: isoTime,
});

export const silenceList = z.object({ items: z.array(silenceView) });

export const silenceIdParams = z.strictObject({ id: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more') });

export const channelView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  settings: z.record(z.string(), z.unknown()).describe('Secrets redacted.'),
  health: z.object({ failing: z.boolean(), permanentFailures: z.number(), failingSince: isoTime.nullable(), lastError: z.string().nullable() }),
});

export const channelList = z.object({ items: z.array(channelView) });

export const channelTestBody = z
  .strictObject({
    to: z.string().min(1).max(500).optional().describe('The address, for channels that send to people (e-mail, SMS…).'),
    language: z.enum(['en', 'fr']).optional().describe('Language of the test message (default: notifications.language).'),
  })
  .describe('Optional: the request may have no body.');

export const channelTestResult = z.union([
  z.object({ ok: z.literal(true), status: z.number().nullable(), answer: z.string().nullable() }),
  z.object({ ok: z.literal(false), error: z.string(), permanent: z.boolean(), status: z.number().nullable() }),
]);

const attemptView = z.object({ at: isoTime, outcome: z.enum(['sent', 'retry', 'failed']), status: z.number().nullable(), error: z.string().nullable(), answer: z.string().nullable() });

export const deliveryList = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      event: z.string(),
      channel: z.string(),
      person: z.string().nullable(),
      address: z.string().nullable(),
      page: z.boolean(),
      status: z.string(),
      attempts: z.number(),
      lastError: z.string().nullable(),
      lastStatus: z.number().nullable(),
      createdAt: isoTime,
      sentAt: isoTime.nullable(),
      tries: z.array(attemptView).describe('Every attempt, oldest first.'),
    }),
  ),
});
