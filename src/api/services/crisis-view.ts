/**
 * @module Crises, deadlines and drafts as the API shows them: ISO times, people and stakeholders
 * with their names, and each deadline's state (open, met, met late, missed, cancelled) with the
 * time left or how late. Pure: names come in as lookups.
 */
import type { z } from 'zod';
import { CRISIS_ROLES, type CrisisRole } from '../../crisis/crisis.schema.js';
import type { CommunicationDraft, Crisis, CrisisIncident, Deadline } from '../../crisis/crisis.types.js';
import { ROLE_NAMES } from '../../crisis/crisis-messages.js';
import type { Incident, Localized } from '../../incidents/incident.types.js';
import { iso, isoOrNull } from '../schemas/common.schemas.js';
import type { crisisIncidentView, crisisView, deadlineView, DeadlineState, draftView } from '../schemas/crisis.schemas.js';

/** How ids become names. */
export interface CrisisNames {
  person(id: string): string;
  /** null when the stakeholder is no longer configured (its id is shown). */
  stakeholder(id: string): Localized | null;
  cell(id: string): Localized | null;
}

const personRef = (names: CrisisNames) => (id: string) => ({ id, name: names.person(id) });

/** The state of a deadline at `now`. */
export function deadlineState(d: Pick<Deadline, 'dueAt' | 'metAt' | 'cancelledAt' | 'missedAt'>, now: number): DeadlineState {
  if (d.metAt !== null) return d.metAt > d.dueAt ? 'met_late' : 'met';
  if (d.cancelledAt !== null) return 'cancelled';
  return d.missedAt !== null || now > d.dueAt ? 'missed' : 'open';
}

/** Who holds `role`, falling back to the crisis lead as the crisis service does. */
function holders(crisis: Crisis, role: CrisisRole): string[] {
  const held = crisis.roles[role] ?? [];
  return held.length > 0 ? held : (crisis.roles.crisis_lead ?? []);
}

export function toCrisisView(c: Crisis, approvers: readonly string[], names: CrisisNames): z.output<typeof crisisView> {
  const person = personRef(names);
  return {
    id: c.id,
    status: c.status,
    cell: { id: c.cellId, name: names.cell(c.cellId) },
    kind: c.kind,
    title: c.title,
    rule: c.ruleId,
    activatedBy: c.activatedBy,
    reason: c.reason,
    primaryIncident: c.primaryIncidentId,
    roles: CRISIS_ROLES.filter((r) => (c.roles[r]?.length ?? 0) > 0).map((role) => ({ role, name: ROLE_NAMES[role], people: c.roles[role]!.map(person) })),
    approvers: approvers.map(person),
    bridge: c.bridge,
    checklist: c.checklist.map((item, index) => ({ index, text: item.text, done: item.doneAt !== null, doneAt: isoOrNull(item.doneAt), doneBy: item.doneBy })),
    activatedAt: iso(c.activatedAt),
    activations: c.activations,
    lastActivatedAt: iso(c.lastActivatedAt),
    deactivatedAt: isoOrNull(c.deactivatedAt),
    deactivatedBy: c.deactivatedBy,
    summary: c.summary,
    updatedAt: iso(c.updatedAt),
  };
}

const stakeholderRef = (names: CrisisNames) => (id: string) => ({ id, name: names.stakeholder(id) ?? { en: id, fr: id } });

export function toDeadlineView(d: Deadline, crisis: Crisis, names: CrisisNames, now: number): z.output<typeof deadlineView> {
  const state = deadlineState(d, now);
  return {
    id: d.id,
    key: d.key,
    obligation: d.obligationId,
    title: d.title,
    audience: d.audience,
    stakeholders: d.stakeholders.map(stakeholderRef(names)),
    owner: { role: d.owner, name: ROLE_NAMES[d.owner], people: holders(crisis, d.owner).map(personRef(names)) },
    state,
    startsAt: iso(d.startsAt),
    dueAt: iso(d.dueAt),
    dueInMs: state === 'open' ? d.dueAt - now : null,
    lateByMs: state === 'met_late' ? d.metAt! - d.dueAt : state === 'missed' ? now - d.dueAt : null,
    metAt: isoOrNull(d.metAt),
    metBy: d.metBy,
    missedAt: isoOrNull(d.missedAt),
    reminders: d.reminders,
    escalatedAt: isoOrNull(d.escalatedAt),
    cancelledAt: isoOrNull(d.cancelledAt),
  };
}

export function toDraftView(d: CommunicationDraft, names: CrisisNames): z.output<typeof draftView> {
  return {
    id: d.id,
    crisisId: d.crisisId,
    deadline: d.deadlineId,
    audience: d.audience,
    stakeholders: d.stakeholders.map(stakeholderRef(names)),
    status: d.status,
    texts: d.texts,
    facts: d.facts,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    editedBy: d.editedBy,
    approvedBy: d.approvedBy === null ? null : personRef(names)(d.approvedBy),
    approvedAt: isoOrNull(d.approvedAt),
    sentBy: d.sentBy,
    sentAt: isoOrNull(d.sentAt),
  };
}

export function toCrisisIncidentView(link: CrisisIncident, i: Incident): z.output<typeof crisisIncidentView> {
  return { id: i.id, title: i.title, status: i.status, severity: i.severity, serviceId: i.serviceId, openedAt: iso(i.openedAt), joinedAt: iso(link.joinedAt) };
}
