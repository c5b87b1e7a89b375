/** @module Incident request and response schemas. */
import { z } from 'zod';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, TIMELINE_KINDS } from '../../incidents/incident.types.js';
import { isoTime, limitParam, offsetParam } from './common.schemas.js';

export const localizedText = z.strictObject({
  en: z.string().trim().min(1, 'must not be empty').max(5000),
  fr: z.string().trim().min(1, 'must not be empty').max(5000),
});

const localizedView = z.object({ en: z.string(), fr: z.string() });

/** A comma-separated list of allowed values in a query string. */
function listParam<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z
    .string()
    .optional()
    .describe(`${what}, comma-separated: ${values.join(', ')}.`)
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const items = text.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = items.find((item) => !(values as readonly string[]).includes(item));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `"${bad}" is not one of ${values.join(', ')}` });
        return z.NEVER;
      }
      return items as Array<T[number]>;
    });
}

export const incidentListQuery = z.strictObject({
  status: listParam(INCIDENT_STATUSES, 'Only incidents in these statuses'),
  severity: listParam(INCIDENT_SEVERITIES, 'Only incidents of these severities'),
  service: z.string().min(1).max(100).optional().describe('Only incidents about this service or folding it in.'),
  limit: limitParam(50, 500),
  offset: offsetParam,
});

export const incidentIdParams = z.strictObject({ id: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more') });

export const incidentView = z.object({
  id: z.number().int(),
  source: z.enum(['auto', 'manual']),
  status: z.enum(INCIDENT_STATUSES),
  severity: z.enum(INCIDENT_SEVERITIES),
  title: localizedView,
  summary: localizedView.nullable(),
  serviceId: z.string().nullable(),
  rootCause: z.object({ kind: z.enum(['service', 'monitor']), id: z.string() }).nullable(),
  affected: z.array(z.string()).describe('Everything folded into the incident: `service:<id>` and `monitor:<id>`.'),
  commonMode: z.boolean(),
  firstFailureAt: isoTime.nullable(),
  openedAt: isoTime,
  lastFailureAt: isoTime,
  recoveredAt: isoTime.nullable(),
  acknowledgedAt: isoTime.nullable(),
  mitigatedAt: isoTime.nullable(),
  resolvedAt: isoTime.nullable(),
  reopened: z.number().int(),
  updatedAt: isoTime,
});

export const incidentPage = z.object({ items: z.array(incidentView), total: z.number().int() });

export const timelineEntryView = z.object({
  id: z.number().int(),
  at: isoTime,
  kind: z.enum(TIMELINE_KINDS),
  author: z.string().nullable(),
  text: localizedView,
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const incidentFiguresView = z.object({
  timeToDetectMs: z.number().nullable().describe('First failing result → incident opened.'),
  timeToAcknowledgeMs: z.number().nullable().describe('Opened → acknowledged.'),
  timeToResolveMs: z.number().nullable().describe('First failure (or opening) → resolved.'),
});

export const incidentDetail = incidentView.extend({ figures: incidentFiguresView, timeline: z.array(timelineEntryView) });

export const incidentCreateBody = z.strictObject({
  title: localizedText.describe('What is happening, in English and French.'),
  severity: z.enum(INCIDENT_SEVERITIES).describe('SEV1 (most severe) to SEV4.'),
  service: z.string().min(1).max(100).optional().describe('The service concerned, when there is one.'),
  summary: localizedText.optional(),
});

export const incidentUpdateBody = z.strictObject({
  kind: z.enum(['internal', 'public']).describe('internal: a note for responders; public: an update meant for the status page.'),
  text: localizedText,
});
