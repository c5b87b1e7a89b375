/**
 * @module The post-incident report (pure): from an incident, its timeline, the messages sent and
 * its crisis (deadlines, drafts), the figures an inquiry measures, the deadlines met or missed,
 * the communications sent, the impact and the timeline, with their texts in French and English.
 *
 * Figures, in ms, null when the step did not happen. The start is the first failure, else the
 * opening. A step that happened before the start (the crisis was already active when the
 * incident joined it) counts as 0.
 * - time to detect: first failure → opened (null for an incident declared by hand);
 * - time to acknowledge: opened → acknowledged;
 * - time to crisis activation: start → the crisis's first activation;
 * - time to first internal communication: start → the earliest of a message of the incident sent
 *   to responders (any delivery sent: page, channel notification, crisis-cell message — but not a
 *   crisis message that pages no one, which is a draft's copy to an outside stakeholder), an
 *   internal deadline met, an internal draft sent;
 * - time to first public communication: start → the earliest of a public update on the timeline
 *   (`update_public`), a public deadline met, a public draft sent;
 * - time to first authority communication: start → the earliest of an authority deadline met,
 *   an authority draft sent;
 * - time to recovery: start → recovered (everything it covers seen up again), else resolved.
 */
import type { Incident, TimelineEntry } from '../incidents/incident.types.js';
import { entryText } from '../incidents/incident-export.js';
import type { Delivery } from '../storage/notification-rows.js';
import type { Audience, CommunicationDraft, Crisis, CrisisIncident, Deadline } from './crisis.types.js';
import type { DeadlineOutcome, IncidentReport, ReportFigure } from './report.schema.js';
import { reportTexts } from './report-texts.js';

/** An impact estimate: a sentence per language and, when counted, a total (calls lost, users…). */
export interface ReportImpact {
  en: string;
  fr: string;
  total?: number | null;
}

/** What a report is built from. Deliveries: those of the incident (only the sent ones count). */
export interface ReportInput {
  incident: Incident;
  timeline: readonly TimelineEntry[];
  deliveries: readonly Delivery[];
  crisis?: Crisis | undefined;
  crisisIncidents?: readonly CrisisIncident[] | undefined;
  deadlines?: readonly Deadline[] | undefined;
  drafts?: readonly CommunicationDraft[] | undefined;
  impact?: ReportImpact | undefined;
  now: number;
}

type Milestone = NonNullable<IncidentReport['milestones'][ReportFigure]>;
type Found = { at: number; via: Milestone['via']; ref: string | null };

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** The start every offset is measured from: the first failure, else the opening. */
export function reportStart(incident: Pick<Incident, 'firstFailureAt' | 'openedAt'>): number {
  return incident.firstFailureAt ?? incident.openedAt;
}

/** The earliest of the candidates (ties: the first given). */
function earliest(candidates: ReadonlyArray<Found | undefined>): Found | undefined {
  let best: Found | undefined;
  for (const c of candidates) if (c && (best === undefined || c.at < best.at)) best = c;
  return best;
}

/**
 * True for a message to responders: every delivery but a crisis message that pages no one (the
 * copy of a sent draft to an authority or another stakeholder).
 */
export function isInternalDelivery(delivery: Pick<Delivery, 'event' | 'page'>): boolean {
  return !(delivery.event === 'crisis' && !delivery.page);
}

function firstDelivery(deliveries: readonly Delivery[]): Found | undefined {
  return earliest(deliveries.filter((d) => d.status === 'sent' && d.sentAt !== null && isInternalDelivery(d)).map((d) => ({ at: d.sentAt!, via: 'delivery', ref: `delivery:${d.id}` })));
}

function firstDeadlineMet(deadlines: readonly Deadline[], audience: Audience): Found | undefined {
  return earliest(deadlines.filter((d) => d.audience === audience && d.metAt !== null).map((d) => ({ at: d.metAt!, via: 'deadline', ref: `deadline:${d.key}` })));
}

function firstDraftSent(drafts: readonly CommunicationDraft[], audience: Audience): Found | undefined {
  return earliest(drafts.filter((d) => d.audience === audience && d.status === 'sent' && d.sentAt !== null).map((d) => ({ at: d.sentAt!, via: 'draft', ref: `draft:${d.id}` })));
}

function firstPublicUpdate(timeline: readonly TimelineEntry[]): Found | undefined {
  return earliest(timeline.filter((e) => e.kind === 'update_public').map((e) => ({ at: e.at, via: 'timeline', ref: `timeline:${e.id}` })));
}

/** When each step happened and what shows it; undefined for a step that did not happen. */
function milestonesOf(input: ReportInput): Record<ReportFigure, { from: number; found: Found | undefined }> {
  const { incident, crisis } = input;
  const deadlines = input.deadlines ?? [];
  const drafts = input.drafts ?? [];
  const start = reportStart(incident);
  const at = (ms: number | null, via: Found['via'], ref: string | null): Found | undefined => (ms === null ? undefined : { at: ms, via, ref });
  return {
    timeToDetectMs: { from: start, found: incident.firstFailureAt === null ? undefined : at(incident.openedAt, 'incident', null) },
    timeToAcknowledgeMs: { from: incident.openedAt, found: at(incident.acknowledgedAt, 'incident', null) },
    timeToCrisisActivationMs: { from: start, found: crisis ? at(crisis.activatedAt, 'crisis', `crisis:${crisis.id}`) : undefined },
    timeToFirstInternalCommunicationMs: { from: start, found: earliest([firstDelivery(input.deliveries), firstDeadlineMet(deadlines, 'internal'), firstDraftSent(drafts, 'internal')]) },
    timeToFirstPublicCommunicationMs: { from: start, found: earliest([firstPublicUpdate(input.timeline), firstDeadlineMet(deadlines, 'public'), firstDraftSent(drafts, 'public')]) },
    timeToFirstAuthorityCommunicationMs: { from: start, found: earliest([firstDeadlineMet(deadlines, 'authority'), firstDraftSent(drafts, 'authority')]) },
    timeToRecoveryMs: { from: start, found: at(incident.recoveredAt ?? incident.resolvedAt, 'incident', null) },
  };
}

/** How a deadline stands at `now`, and how late it is. */
export function deadlineOutcome(deadline: Pick<Deadline, 'dueAt' | 'metAt' | 'missedAt' | 'cancelledAt'>, now: number): { outcome: DeadlineOutcome; lateByMs: number | null } {
  if (deadline.metAt !== null) return deadline.metAt <= deadline.dueAt ? { outcome: 'met', lateByMs: null } : { outcome: 'late', lateByMs: deadline.metAt - deadline.dueAt };
  if (deadline.cancelledAt !== null) return { outcome: 'cancelled', lateByMs: null };
  if (deadline.missedAt !== null || now > deadline.dueAt) return { outcome: 'missed', lateByMs: Math.max(0, now - deadline.dueAt) };
  return { outcome: 'open', lateByMs: null };
}

function incidentPart(incident: Incident): IncidentReport['incident'] {
  return {
    id: incident.id, title: incident.title, summary: incident.summary, status: incident.status, severity: incident.severity, source: incident.source,
    serviceId: incident.serviceId, commonMode: incident.commonMode, reopened: incident.reopened, startedAt: iso(reportStart(incident)),
    firstFailureAt: isoOrNull(incident.firstFailureAt), openedAt: iso(incident.openedAt), acknowledgedAt: isoOrNull(incident.acknowledgedAt),
    mitigatedAt: isoOrNull(incident.mitigatedAt), recoveredAt: isoOrNull(incident.recoveredAt), resolvedAt: isoOrNull(incident.resolvedAt),
  };
}

function crisisPart(crisis: Crisis | undefined, links: readonly CrisisIncident[] | undefined): IncidentReport['crisis'] {
  if (!crisis) return null;
  const roles = Object.fromEntries(Object.entries(crisis.roles).filter((e): e is [string, string[]] => Array.isArray(e[1])));
  return {
    id: crisis.id, title: crisis.title, kind: crisis.kind, cellId: crisis.cellId, status: crisis.status, activatedBy: crisis.activatedBy, reason: crisis.reason,
    activatedAt: iso(crisis.activatedAt), activations: crisis.activations, lastActivatedAt: iso(crisis.lastActivatedAt), deactivatedAt: isoOrNull(crisis.deactivatedAt),
    incidentIds: [...(links ?? [])].sort((a, b) => a.joinedAt - b.joinedAt || a.incidentId - b.incidentId).map((l) => l.incidentId), roles,
  };
}

function deadlinePart(deadline: Deadline, crisis: Crisis | undefined, start: number, now: number): IncidentReport['deadlines'][number] {
  return {
    id: deadline.id, key: deadline.key, title: deadline.title, audience: deadline.audience, owner: deadline.owner, ownerPeople: crisis?.roles[deadline.owner] ?? [],
    startsAt: iso(deadline.startsAt), dueAt: iso(deadline.dueAt), dueOffsetMs: deadline.dueAt - start, metAt: isoOrNull(deadline.metAt), metBy: deadline.metBy,
    missedAt: isoOrNull(deadline.missedAt), cancelledAt: isoOrNull(deadline.cancelledAt), ...deadlineOutcome(deadline, now),
  };
}

/** Builds the report; `now` dates it and decides which unmet deadlines are missed so far. */
export function buildReport(input: ReportInput): IncidentReport {
  const { incident, now } = input;
  const start = reportStart(incident);
  const found = milestonesOf(input);
  const figures = {} as IncidentReport['figures'];
  const milestones = {} as IncidentReport['milestones'];
  for (const [figure, { from, found: step }] of Object.entries(found) as Array<[ReportFigure, { from: number; found: Found | undefined }]>) {
    figures[figure] = step === undefined ? null : Math.max(0, step.at - from);
    milestones[figure] = step === undefined ? null : { from: iso(from), at: iso(step.at), via: step.via, ref: step.ref };
  }
  const deadlines = [...(input.deadlines ?? [])].sort((a, b) => a.dueAt - b.dueAt || a.id - b.id).map((d) => deadlinePart(d, input.crisis, start, now));
  const communications = (input.drafts ?? [])
    .filter((d) => d.status === 'sent' && d.sentAt !== null)
    .sort((a, b) => a.sentAt! - b.sentAt! || a.id - b.id)
    .map((d) => ({ draftId: d.id, audience: d.audience, sentAt: iso(d.sentAt!), sentBy: d.sentBy, deadlineId: d.deadlineId, subject: { en: d.texts.en.subject, fr: d.texts.fr.subject } }));
  const timeline = [...input.timeline]
    .sort((a, b) => a.at - b.at || a.id - b.id)
    .map((e) => ({ id: e.id, at: iso(e.at), offsetMs: e.at - start, kind: e.kind, author: e.author, text: { en: entryText(e, 'en'), fr: entryText(e, 'fr') } }));
  const impact = input.impact ? { text: { en: input.impact.en, fr: input.impact.fr }, total: input.impact.total ?? null } : null;
  const data = {
    reportVersion: 1 as const,
    generatedAt: iso(now),
    incident: incidentPart(incident),
    crisis: crisisPart(input.crisis, input.crisisIncidents),
    figures,
    milestones,
    deadlines,
    communications,
    impact,
    timeline,
  };
  return { ...data, texts: { en: reportTexts(data, 'en'), fr: reportTexts(data, 'fr') } };
}
