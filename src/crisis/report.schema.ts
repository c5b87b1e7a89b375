/**
 * @module The shape of a post-incident report, as one zod schema: the type `buildReport` returns,
 * the JSON the CLI prints and the API answers, and the OpenAPI description of that answer. Field
 * names are English and stable; times are ISO 8601 (UTC), durations ms; everything people read
 * is given in both languages (`texts.en`, `texts.fr`, and `{ en, fr }` for stored texts).
 */
import { z } from 'zod';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../incidents/incident.types.js';
import { AUDIENCES, CRISIS_ROLES } from './crisis.schema.js';

/** The figures of a report, in the order they are shown. */
export const REPORT_FIGURES = [
  'timeToDetectMs',
  'timeToAcknowledgeMs',
  'timeToCrisisActivationMs',
  'timeToFirstInternalCommunicationMs',
  'timeToFirstPublicCommunicationMs',
  'timeToFirstAuthorityCommunicationMs',
  'timeToRecoveryMs',
] as const;
export type ReportFigure = (typeof REPORT_FIGURES)[number];

/** Where the end of a figure was found. */
export const MILESTONE_SOURCES = ['incident', 'crisis', 'delivery', 'deadline', 'draft', 'timeline'] as const;

/** How a deadline ended (or stands): met on time, met late, missed (still unmet past due), open, cancelled. */
export const DEADLINE_OUTCOMES = ['met', 'late', 'missed', 'open', 'cancelled'] as const;
export type DeadlineOutcome = (typeof DEADLINE_OUTCOMES)[number];

/** The labels every rendering uses, per language. */
export const REPORT_LABELS = [
  'report', 'generated', 'facts', 'figures', 'figure', 'duration', 'measured', 'deadlines', 'deadline', 'audience', 'due', 'outcome', 'owner',
  'impact', 'total', 'communications', 'subject', 'timeline', 'time', 'offset', 'event', 'author', 'text', 'none', 'notes',
] as const;
export type ReportLabel = (typeof REPORT_LABELS)[number];

const localized = z.object({ en: z.string(), fr: z.string() });
const time = z.string().describe('ISO 8601 time, UTC.');
const ms = z.number().int().nonnegative().nullable();

const milestone = z
  .object({
    from: time.describe('Where the figure starts: the start of the incident, or its opening for the time to acknowledge.'),
    at: time.describe('When the step happened.'),
    via: z.enum(MILESTONE_SOURCES).describe('What shows it: the incident, the crisis, a delivery sent, a deadline met, a draft sent, a timeline entry.'),
    ref: z.string().nullable().describe('Which one: `delivery:<id>`, `deadline:<key>`, `draft:<id>`, `timeline:<id>`, `crisis:<id>`.'),
  })
  .nullable();

/** The texts of one language, ready to lay out (Markdown, HTML, or any client). */
export const reportTextsSchema = z.object({
  title: z.string(),
  generated: z.string().describe('"Generated at …" line.'),
  labels: z.object(Object.fromEntries(REPORT_LABELS.map((l) => [l, z.string()])) as Record<ReportLabel, z.ZodString>),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  figures: z.array(z.object({ key: z.enum(REPORT_FIGURES), label: z.string(), value: z.string(), measured: z.string() })),
  deadlines: z.array(z.object({ title: z.string(), audience: z.string(), due: z.string(), outcome: z.string(), owner: z.string() })),
  communications: z.array(z.object({ time: z.string(), offset: z.string(), audience: z.string(), subject: z.string() })),
  impact: z.string().nullable(),
  timeline: z.array(z.object({ time: z.string(), offset: z.string(), event: z.string(), author: z.string(), text: z.string() })),
  notes: z.array(z.string()),
});
export type ReportTexts = z.output<typeof reportTextsSchema>;

/** A post-incident report. */
export const incidentReportSchema = z
  .object({
    reportVersion: z.literal(1),
    generatedAt: time,
    incident: z.object({
      id: z.number().int(),
      title: localized,
      summary: localized.nullable(),
      status: z.enum(INCIDENT_STATUSES),
      severity: z.enum(INCIDENT_SEVERITIES),
      source: z.enum(['auto', 'manual']),
      serviceId: z.string().nullable(),
      commonMode: z.boolean(),
      reopened: z.number().int(),
      startedAt: time.describe('The start every offset is measured from: the first failure, else the opening.'),
      firstFailureAt: time.nullable(),
      openedAt: time,
      acknowledgedAt: time.nullable(),
      mitigatedAt: time.nullable(),
      recoveredAt: time.nullable(),
      resolvedAt: time.nullable(),
    }),
    crisis: z
      .object({
        id: z.number().int(),
        title: localized,
        kind: z.string(),
        cellId: z.string(),
        status: z.enum(['active', 'deactivated']),
        activatedBy: z.string(),
        reason: localized,
        activatedAt: time,
        activations: z.number().int(),
        lastActivatedAt: time,
        deactivatedAt: time.nullable(),
        incidentIds: z.array(z.number().int()).describe('The incidents linked to the crisis, in the order they joined.'),
        roles: z.record(z.string(), z.array(z.string())).describe('Person ids per role.'),
      })
      .nullable(),
    figures: z.object(Object.fromEntries(REPORT_FIGURES.map((f) => [f, ms])) as Record<ReportFigure, typeof ms>).describe('Durations in ms; null when the step did not happen.'),
    milestones: z.object(Object.fromEntries(REPORT_FIGURES.map((f) => [f, milestone])) as Record<ReportFigure, typeof milestone>),
    deadlines: z.array(
      z.object({
        id: z.number().int(),
        key: z.string(),
        title: localized,
        audience: z.enum(AUDIENCES),
        owner: z.enum(CRISIS_ROLES),
        ownerPeople: z.array(z.string()),
        startsAt: time,
        dueAt: time,
        dueOffsetMs: z.number().int().describe('Due time from the start of the incident (negative when due before it).'),
        metAt: time.nullable(),
        metBy: z.string().nullable(),
        missedAt: time.nullable(),
        cancelledAt: time.nullable(),
        outcome: z.enum(DEADLINE_OUTCOMES),
        lateByMs: z.number().int().nonnegative().nullable().describe('How late it was met, or is so far when missed; null when on time, open or cancelled.'),
      }),
    ),
    communications: z.array(
      z.object({ draftId: z.number().int(), audience: z.enum(AUDIENCES), sentAt: time, sentBy: z.string().nullable(), deadlineId: z.number().int().nullable(), subject: localized }),
    ),
    impact: z.object({ text: localized, total: z.number().nullable() }).nullable(),
    timeline: z.array(z.object({ id: z.number().int(), at: time, offsetMs: z.number().int(), kind: z.string(), author: z.string().nullable(), text: localized })),
    texts: z.object({ en: reportTextsSchema, fr: reportTextsSchema }),
  })
  .describe('A post-incident report: figures, deadlines, communications, impact and timeline.');
export type IncidentReport = z.output<typeof incidentReportSchema>;
