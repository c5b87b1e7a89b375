/** @module Crisis request and response schemas: activation, deactivation, checklist, deadlines, drafts. */
import { z } from 'zod';
import { AUDIENCES, CRISIS_ROLES } from '../../crisis/crisis.schema.js';
import { CRISIS_STATUSES, DRAFT_STATUSES } from '../../crisis/crisis.types.js';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../../incidents/incident.types.js';
import { isoTime, limitParam } from './common.schemas.js';
import { localizedText } from './incident.schemas.js';

/** The states of a deadline as the API shows them (derived from its times). */
export const DEADLINE_STATES = ['open', 'met', 'met_late', 'missed', 'cancelled'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

const wholeId = (what: string) => z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').describe(what);
const incidentRef = z.number().int('must be a whole number').min(1, 'must be 1 or more');
const entityId = z.string().trim().min(1, 'must not be empty').max(100);

/** Text in both languages, or one text used for both. */
const textOrLocalized = (max: number) =>
  z
    .union([z.string().trim().min(1, 'must not be empty').max(max), localizedText])
    .transform((t) => (typeof t === 'string' ? { en: t, fr: t } : t));

export const crisisListQuery = z.strictObject({
  status: z.enum(CRISIS_STATUSES).optional().describe('Only crises in this status: active or deactivated.'),
  limit: limitParam(50, 500),
});

export const crisisIdParams = z.strictObject({ id: wholeId('The crisis id.') });
export const crisisDeadlineParams = crisisIdParams.extend({ deadlineId: wholeId('The deadline id.') });
export const crisisDraftParams = crisisIdParams.extend({ draftId: wholeId('The draft id.') });
export const crisisChecklistParams = crisisIdParams.extend({
  index: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').describe('The checklist item, from 0.'),
});

export const crisisActivateBody = z.strictObject({
  cell: entityId.describe('The crisis cell to activate (`crisis.cells[].id`).'),
  kind: entityId.optional().describe('The crisis kind: picks the checklist (default: `default`).'),
  incident: incidentRef.optional().describe('The incident the crisis is for; without it, a SEV1 incident is opened to carry the timeline.'),
  title: textOrLocalized(500).optional().describe('Title of the incident opened when no `incident` is given: `{en, fr}`, or one text for both.'),
  reason: z.string().trim().min(1, 'must not be empty').max(2000).optional().describe('Why, in the timeline and the activation record.'),
});

export const crisisDeactivateBody = z.strictObject({
  summary: textOrLocalized(5000).describe('How the crisis ended: `{en, fr}`, or one text for both. Required.'),
});

export const crisisLinkBody = z.strictObject({ incident: incidentRef.describe('The incident to join to the crisis.') });

export const crisisChecklistBody = z.strictObject({ done: z.boolean().describe('true: done; false: not done (again).') });

export const crisisMetBody = z
  .strictObject({ note: z.string().trim().min(1, 'must not be empty').max(2000).optional().describe('How it was met (a phone call, a form on the regulator’s site…), in the timeline.') })
  .describe('Optional: the request may have no body.');

export const crisisDraftBody = z
  .strictObject({
    deadline: incidentRef.optional().describe('The deadline the draft is for (its audience and stakeholders are used).'),
    audience: z.enum(AUDIENCES).optional().describe('internal (default), public, authority or stakeholder; not with `deadline`.'),
    stakeholders: z.array(entityId).min(1, 'must list at least one value').max(20).optional().describe('Stakeholder ids (authority and stakeholder audiences); not with `deadline`.'),
  })
  .superRefine((b, ctx) => {
    if (b.deadline === undefined) return;
    for (const key of ['audience', 'stakeholders'] as const) {
      if (b[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'not with `deadline`: a deadline sets its own audience and stakeholders' });
    }
  })
  .describe('Optional: the request may have no body (an internal draft).');

const draftTextPatch = z
  .strictObject({
    subject: z.string().trim().min(1, 'must not be empty').max(500).optional(),
    body: z.string().trim().min(1, 'must not be empty').max(20_000).optional(),
  })
  .refine((t) => t.subject !== undefined || t.body !== undefined, 'needs subject or body');

export const crisisDraftEditBody = z
  .strictObject({ en: draftTextPatch.optional(), fr: draftTextPatch.optional() })
  .refine((b) => b.en !== undefined || b.fr !== undefined, 'needs en or fr');

const localizedView = z.object({ en: z.string(), fr: z.string() });
const personRef = z.object({ id: z.string(), name: z.string() });
const stakeholderRef = z.object({ id: z.string(), name: localizedView });

export const crisisView = z.object({
  id: z.number().int(),
  status: z.enum(CRISIS_STATUSES),
  cell: z.object({ id: z.string(), name: localizedView.nullable().describe('null when the cell is no longer configured.') }),
  kind: z.string(),
  title: localizedView,
  rule: z.string().nullable().describe('The rule that activated it; null when activated by hand.'),
  activatedBy: z.string(),
  reason: localizedView,
  primaryIncident: z.number().int().nullable(),
  roles: z.array(z.object({ role: z.enum(CRISIS_ROLES), name: localizedView, people: z.array(personRef) })).describe('The roles held, in order, with who holds them.'),
  approvers: z.array(personRef).describe('Who may approve drafts: the communication lead (the crisis lead when there is none).'),
  bridge: z.string().nullable(),
  checklist: z.array(z.object({ index: z.number().int(), text: localizedView, done: z.boolean(), doneAt: isoTime.nullable(), doneBy: z.string().nullable() })),
  activatedAt: isoTime,
  activations: z.number().int().describe('1, plus one per re-activation after a flare-up.'),
  lastActivatedAt: isoTime,
  deactivatedAt: isoTime.nullable(),
  deactivatedBy: z.string().nullable(),
  summary: localizedView.nullable(),
  updatedAt: isoTime,
});

export const crisisList = z.object({ items: z.array(crisisView) });

/** The crisis cells that can be activated by hand, with the kinds their checklists are written for. */
export const crisisCellList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: localizedView,
      kinds: z.array(z.string()).describe('Crisis kinds with a checklist of their own in this cell (`default` first when written); any other kind gets the `default` checklist.'),
    }),
  ),
});

export const deadlineView = z.object({
  id: z.number().int(),
  key: z.string(),
  obligation: z.string(),
  title: localizedView,
  audience: z.enum(AUDIENCES),
  stakeholders: z.array(stakeholderRef),
  owner: z.object({ role: z.enum(CRISIS_ROLES), name: localizedView, people: z.array(personRef) }),
  state: z.enum(DEADLINE_STATES).describe('open, met (on time), met_late, missed (past due, not met) or cancelled.'),
  startsAt: isoTime,
  dueAt: isoTime,
  dueInMs: z.number().nullable().describe('Time left while open; null otherwise.'),
  lateByMs: z.number().nullable().describe('How late: met_late (met after due) or missed (now after due); null otherwise.'),
  metAt: isoTime.nullable(),
  metBy: z.string().nullable(),
  missedAt: isoTime.nullable(),
  reminders: z.number().int(),
  escalatedAt: isoTime.nullable().describe('When the crisis lead was told it is overdue.'),
  cancelledAt: isoTime.nullable(),
});

const draftTextView = z.object({ subject: z.string(), body: z.string() });

export const draftView = z.object({
  id: z.number().int(),
  crisisId: z.number().int(),
  deadline: z.number().int().nullable(),
  audience: z.enum(AUDIENCES),
  stakeholders: z.array(stakeholderRef),
  status: z.enum(DRAFT_STATUSES),
  texts: z.object({ en: draftTextView, fr: draftTextView }),
  facts: z.record(z.string(), z.unknown()).describe('The figures the texts were filled with.'),
  createdAt: isoTime,
  updatedAt: isoTime,
  editedBy: z.string().nullable(),
  approvedBy: personRef.nullable(),
  approvedAt: isoTime.nullable(),
  sentBy: z.string().nullable(),
  sentAt: isoTime.nullable(),
});

export const crisisIncidentView = z.object({
  id: z.number().int(),
  title: localizedView,
  status: z.enum(INCIDENT_STATUSES),
  severity: z.enum(INCIDENT_SEVERITIES),
  serviceId: z.string().nullable(),
  openedAt: isoTime,
  joinedAt: isoTime,
});

export const crisisDetail = crisisView.extend({
  incidents: z.array(crisisIncidentView).describe('The linked incidents, in the order they joined.'),
  deadlines: z.array(deadlineView).describe('By due time.'),
  drafts: z.array(draftView).describe('Oldest first.'),
});
