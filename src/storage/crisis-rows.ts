/**
 * @module The tables of migration `0007-crises` as Kysely sees them, and the mapping between
 * their rows and the crisis types. JSON columns and enumerated values are validated with zod
 * where read, so a row edited by hand fails with the table, row and column it is in.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import { z } from 'zod';
import { AUDIENCES, CRISIS_ROLES } from '../crisis/crisis.schema.js';
import {
  CRISIS_STATUSES,
  DRAFT_STATUSES,
  type CommunicationDraft,
  type CommunicationDraftInput,
  type Crisis,
  type CrisisDraft,
  type CrisisPatch,
  type Deadline,
  type DeadlineDraft,
  type DeadlinePatch,
  type DraftPatch,
} from '../crisis/crisis.types.js';
import { jsonObjectSchema, parseJsonColumn, parseNullableJsonColumn, tagsSchema } from './json-columns.js';

type CrisesTable = {
  id: Generated<number>;
  cell_id: string;
  kind: string;
  status: string;
  /** JSON `{ en, fr }`. */
  title: string;
  rule_id: string | null;
  activated_by: string;
  /** JSON `{ en, fr }`. */
  reason: string;
  primary_incident_id: number | null;
  cluster_key: string;
  /** JSON: role → person ids. */
  roles: string;
  bridge: string | null;
  /** JSON array of `{ text: { en, fr }, doneAt, doneBy }`. */
  checklist: string;
  activated_at: number;
  activations: number;
  last_activated_at: number;
  paged_activation: number;
  deactivated_at: number | null;
  deactivated_by: string | null;
  /** JSON `{ en, fr }` or null. */
  summary: string | null;
  created_at: number;
  updated_at: number;
};

type CrisisIncidentsTable = { id: Generated<number>; crisis_id: number; incident_id: number; joined_at: number };

type CrisisDeadlinesTable = {
  id: Generated<number>;
  crisis_id: number;
  key: string;
  obligation_id: string;
  audience: string;
  /** JSON array of stakeholder ids. */
  stakeholders: string;
  /** JSON `{ en, fr }`. */
  title: string;
  owner: string;
  starts_at: number;
  due_at: number;
  met_at: number | null;
  met_by: string | null;
  missed_at: number | null;
  reminders: number;
  escalated_at: number | null;
  cancelled_at: number | null;
  created_at: number;
  updated_at: number;
};

type CrisisDraftsTable = {
  id: Generated<number>;
  crisis_id: number;
  deadline_id: number | null;
  audience: string;
  /** JSON array of stakeholder ids. */
  stakeholders: string;
  /** JSON `{ en: { subject, body }, fr: { subject, body } }`. */
  texts: string;
  /** JSON object: the figures the texts were filled with. */
  facts: string;
  status: string;
  edited_by: string | null;
  approved_by: string | null;
  approved_at: number | null;
  sent_by: string | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
};

/** The tables of migration `0007-crises`. */
export type CrisisTables = {
  crises: CrisesTable;
  crisis_incidents: CrisisIncidentsTable;
  crisis_deadlines: CrisisDeadlinesTable;
  crisis_drafts: CrisisDraftsTable;
};

const localizedSchema = z.object({ en: z.string(), fr: z.string() });
const rolesSchema = z.partialRecord(z.enum(CRISIS_ROLES), z.array(z.string()));
const checklistSchema = z.array(z.object({ text: localizedSchema, doneAt: z.number().nullable(), doneBy: z.string().nullable() }));
const draftTextSchema = z.object({ subject: z.string(), body: z.string() });
const textsSchema = z.object({ en: draftTextSchema, fr: draftTextSchema });

/** An enumerated column's value, or an error naming the table, row and column. */
function known<T extends string>(values: readonly T[], value: string, table: string, id: number, column: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new Error(`The ${column} column of ${table} row ${id} holds "${value}", which is not a known value (${values.join(', ')}).`);
}

const json = (value: unknown): string => JSON.stringify(value);
const nullableJson = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

/** Reads a stored crisis. */
export function rowToCrisis(row: Selectable<CrisesTable>): Crisis {
  const where = (column: string) => ({ table: 'crises', column, key: row.id });
  return {
    id: row.id,
    cellId: row.cell_id,
    kind: row.kind,
    status: known(CRISIS_STATUSES, row.status, 'crises', row.id, 'status'),
    title: parseJsonColumn(localizedSchema, row.title, where('title')),
    ruleId: row.rule_id,
    activatedBy: row.activated_by,
    reason: parseJsonColumn(localizedSchema, row.reason, where('reason')),
    primaryIncidentId: row.primary_incident_id,
    clusterKey: row.cluster_key,
    roles: parseJsonColumn(rolesSchema, row.roles, where('roles')),
    bridge: row.bridge,
    checklist: parseJsonColumn(checklistSchema, row.checklist, where('checklist')),
    activatedAt: row.activated_at,
    activations: row.activations,
    lastActivatedAt: row.last_activated_at,
    pagedActivation: row.paged_activation,
    deactivatedAt: row.deactivated_at,
    deactivatedBy: row.deactivated_by,
    summary: parseNullableJsonColumn(localizedSchema, row.summary, where('summary')),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The row to insert for a new crisis: active, activated once, not paged yet. */
export function crisisToRow(draft: CrisisDraft, now: number): Insertable<CrisesTable> {
  return {
    cell_id: draft.cellId,
    kind: draft.kind,
    status: 'active',
    title: json(draft.title),
    rule_id: draft.ruleId,
    activated_by: draft.activatedBy,
    reason: json(draft.reason),
    primary_incident_id: draft.primaryIncidentId,
    cluster_key: draft.clusterKey,
    roles: json(draft.roles),
    bridge: draft.bridge,
    checklist: json(draft.checklist),
    activated_at: draft.activatedAt,
    activations: 1,
    last_activated_at: draft.activatedAt,
    paged_activation: 0,
    deactivated_at: null,
    deactivated_by: null,
    summary: null,
    created_at: now,
    updated_at: now,
  };
}

/** The columns to set for a crisis patch. */
export function crisisPatchToRow(patch: CrisisPatch, now: number): Updateable<CrisesTable> {
  const row: Updateable<CrisesTable> = { updated_at: now };
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.roles !== undefined) row.roles = json(patch.roles);
  if (patch.checklist !== undefined) row.checklist = json(patch.checklist);
  if (patch.activations !== undefined) row.activations = patch.activations;
  if (patch.lastActivatedAt !== undefined) row.last_activated_at = patch.lastActivatedAt;
  if (patch.pagedActivation !== undefined) row.paged_activation = patch.pagedActivation;
  if (patch.deactivatedAt !== undefined) row.deactivated_at = patch.deactivatedAt;
  if (patch.deactivatedBy !== undefined) row.deactivated_by = patch.deactivatedBy;
  if (patch.summary !== undefined) row.summary = nullableJson(patch.summary);
  if (patch.primaryIncidentId !== undefined) row.primary_incident_id = patch.primaryIncidentId;
  return row;
}

/** Reads a stored deadline. */
export function rowToDeadline(row: Selectable<CrisisDeadlinesTable>): Deadline {
  const where = (column: string) => ({ table: 'crisis_deadlines', column, key: row.id });
  return {
    id: row.id,
    crisisId: row.crisis_id,
    key: row.key,
    obligationId: row.obligation_id,
    audience: known(AUDIENCES, row.audience, 'crisis_deadlines', row.id, 'audience'),
    stakeholders: parseJsonColumn(tagsSchema, row.stakeholders, where('stakeholders')),
    title: parseJsonColumn(localizedSchema, row.title, where('title')),
    owner: known(CRISIS_ROLES, row.owner, 'crisis_deadlines', row.id, 'owner'),
    startsAt: row.starts_at,
    dueAt: row.due_at,
    metAt: row.met_at,
    metBy: row.met_by,
    missedAt: row.missed_at,
    reminders: row.reminders,
    escalatedAt: row.escalated_at,
    cancelledAt: row.cancelled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The row to insert for a new deadline of `crisisId`. */
export function deadlineToRow(crisisId: number, draft: DeadlineDraft, now: number): Insertable<CrisisDeadlinesTable> {
  return {
    crisis_id: crisisId,
    key: draft.key,
    obligation_id: draft.obligationId,
    audience: draft.audience,
    stakeholders: json(draft.stakeholders),
    title: json(draft.title),
    owner: draft.owner,
    starts_at: draft.startsAt,
    due_at: draft.dueAt,
    met_at: null,
    met_by: null,
    missed_at: null,
    reminders: 0,
    escalated_at: null,
    cancelled_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** The columns to set for a deadline patch. */
export function deadlinePatchToRow(patch: DeadlinePatch, now: number): Updateable<CrisisDeadlinesTable> {
  const row: Updateable<CrisisDeadlinesTable> = { updated_at: now };
  if (patch.dueAt !== undefined) row.due_at = patch.dueAt;
  if (patch.metAt !== undefined) row.met_at = patch.metAt;
  if (patch.metBy !== undefined) row.met_by = patch.metBy;
  if (patch.missedAt !== undefined) row.missed_at = patch.missedAt;
  if (patch.reminders !== undefined) row.reminders = patch.reminders;
  if (patch.escalatedAt !== undefined) row.escalated_at = patch.escalatedAt;
  if (patch.cancelledAt !== undefined) row.cancelled_at = patch.cancelledAt;
  return row;
}

/** Reads a stored communication draft. */
export function rowToDraft(row: Selectable<CrisisDraftsTable>): CommunicationDraft {
  const where = (column: string) => ({ table: 'crisis_drafts', column, key: row.id });
  return {
    id: row.id,
    crisisId: row.crisis_id,
    deadlineId: row.deadline_id,
    audience: known(AUDIENCES, row.audience, 'crisis_drafts', row.id, 'audience'),
    stakeholders: parseJsonColumn(tagsSchema, row.stakeholders, where('stakeholders')),
    texts: parseJsonColumn(textsSchema, row.texts, where('texts')),
    facts: parseJsonColumn(jsonObjectSchema, row.facts, where('facts')),
    status: known(DRAFT_STATUSES, row.status, 'crisis_drafts', row.id, 'status'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    editedBy: row.edited_by,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    sentBy: row.sent_by,
    sentAt: row.sent_at,
  };
}

/** The row to insert for a new draft (status `draft`). */
export function draftToRow(input: CommunicationDraftInput, now: number): Insertable<CrisisDraftsTable> {
  return {
    crisis_id: input.crisisId,
    deadline_id: input.deadlineId,
    audience: input.audience,
    stakeholders: json(input.stakeholders),
    texts: json(input.texts),
    facts: json(input.facts),
    status: 'draft',
    edited_by: input.editedBy ?? null,
    approved_by: null,
    approved_at: null,
    sent_by: null,
    sent_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** The columns to set for a draft patch. */
export function draftPatchToRow(patch: DraftPatch, now: number): Updateable<CrisisDraftsTable> {
  const row: Updateable<CrisisDraftsTable> = { updated_at: now };
  if (patch.texts !== undefined) row.texts = json(patch.texts);
  if (patch.facts !== undefined) row.facts = json(patch.facts);
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.editedBy !== undefined) row.edited_by = patch.editedBy;
  if (patch.approvedBy !== undefined) row.approved_by = patch.approvedBy;
  if (patch.approvedAt !== undefined) row.approved_at = patch.approvedAt;
  if (patch.sentBy !== undefined) row.sent_by = patch.sentBy;
  if (patch.sentAt !== undefined) row.sent_at = patch.sentAt;
  return row;
}
