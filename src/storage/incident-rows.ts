/**
 * @module The tables of migration `0003-incidents` as Kysely sees them, and the mapping between
 * their rows and the incident types. JSON columns are validated with zod where read.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import { z } from 'zod';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, TIMELINE_KINDS, type Incident, type IncidentDraft, type IncidentPatch, type TimelineEntry } from '../incidents/incident.types.js';
import { jsonObjectSchema, parseJsonColumn, parseNullableJsonColumn, tagsSchema } from './json-columns.js';

type ServiceStatesTable = { service_id: string; state: string; since: number; details: string | null; updated_at: number };

type ServiceStateHistoryTable = {
  id: Generated<number>;
  service_id: string;
  at: number;
  from_state: string | null;
  to_state: string;
  reason: string;
  details: string | null;
};

type IncidentsTable = {
  id: Generated<number>;
  source: string;
  status: string;
  severity: string;
  /** JSON `{ en, fr }`. */
  title: string;
  summary: string | null;
  service_id: string | null;
  root_cause: string | null;
  /** JSON array of `service:<id>` / `monitor:<id>`. */
  affected: string;
  common_mode: number;
  first_failure_at: number | null;
  opened_at: number;
  last_failure_at: number;
  recovered_at: number | null;
  acknowledged_at: number | null;
  mitigated_at: number | null;
  resolved_at: number | null;
  reopened: number;
  updated_at: number;
};

type IncidentEventsTable = {
  id: Generated<number>;
  incident_id: number;
  at: number;
  kind: string;
  author: string | null;
  text: string;
  details: string | null;
  dedup_key: string | null;
};

type MaintenanceWindowsTable = { id: string; definition: string; created_at: number; updated_at: number };

/** The tables of migration `0003-incidents`. */
export type IncidentTables = {
  service_states: ServiceStatesTable;
  service_state_history: ServiceStateHistoryTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  maintenance_windows: MaintenanceWindowsTable;
};

const localizedSchema = z.object({ en: z.string(), fr: z.string() });
const rootCauseSchema = z.object({ kind: z.enum(['service', 'monitor']), id: z.string() });

function known<T>(schema: z.ZodType<T>, value: unknown, table: string, id: number | string, column: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`The ${column} column of ${table} row ${id} holds "${String(value)}", which is not a known value.`);
  return parsed.data;
}

/** Reads a stored incident. */
export function rowToIncident(row: Selectable<IncidentsTable>): Incident {
  const where = (column: string) => ({ table: 'incidents', column, key: row.id });
  return {
    id: row.id,
    source: known(z.enum(['auto', 'manual']), row.source, 'incidents', row.id, 'source'),
    status: known(z.enum(INCIDENT_STATUSES), row.status, 'incidents', row.id, 'status'),
    severity: known(z.enum(INCIDENT_SEVERITIES), row.severity, 'incidents', row.id, 'severity'),
    title: parseJsonColumn(localizedSchema, row.title, where('title')),
    summary: parseNullableJsonColumn(localizedSchema, row.summary, where('summary')),
    serviceId: row.service_id,
    rootCause: parseNullableJsonColumn(rootCauseSchema, row.root_cause, where('root_cause')),
    affected: parseJsonColumn(tagsSchema, row.affected, where('affected')),
    commonMode: row.common_mode === 1,
    firstFailureAt: row.first_failure_at,
    openedAt: row.opened_at,
    lastFailureAt: row.last_failure_at,
    recoveredAt: row.recovered_at,
    acknowledgedAt: row.acknowledged_at,
    mitigatedAt: row.mitigated_at,
    resolvedAt: row.resolved_at,
    reopened: row.reopened,
    updatedAt: row.updated_at,
  };
}

/** The row to insert for a new incident. */
export function incidentToRow(draft: IncidentDraft, now: number): Insertable<IncidentsTable> {
  return {
    source: draft.source,
    status: draft.status,
    severity: draft.severity,
    title: JSON.stringify(draft.title),
    summary: draft.summary === null ? null : JSON.stringify(draft.summary),
    service_id: draft.serviceId,
    root_cause: draft.rootCause === null ? null : JSON.stringify(draft.rootCause),
    affected: JSON.stringify(draft.affected),
    common_mode: draft.commonMode ? 1 : 0,
    first_failure_at: draft.firstFailureAt,
    opened_at: draft.openedAt,
    last_failure_at: draft.lastFailureAt,
    reopened: 0,
    updated_at: now,
  };
}

/** The columns to set for a patch. */
export function incidentPatchToRow(patch: IncidentPatch, now: number): Updateable<IncidentsTable> {
  const row: Updateable<IncidentsTable> = { updated_at: now };
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.severity !== undefined) row.severity = patch.severity;
  if (patch.title !== undefined) row.title = JSON.stringify(patch.title);
  if (patch.summary !== undefined) row.summary = patch.summary === null ? null : JSON.stringify(patch.summary);
  if (patch.serviceId !== undefined) row.service_id = patch.serviceId;
  if (patch.rootCause !== undefined) row.root_cause = patch.rootCause === null ? null : JSON.stringify(patch.rootCause);
  if (patch.affected !== undefined) row.affected = JSON.stringify(patch.affected);
  if (patch.commonMode !== undefined) row.common_mode = patch.commonMode ? 1 : 0;
  if (patch.firstFailureAt !== undefined) row.first_failure_at = patch.firstFailureAt;
  if (patch.lastFailureAt !== undefined) row.last_failure_at = patch.lastFailureAt;
  if (patch.recoveredAt !== undefined) row.recovered_at = patch.recoveredAt;
  if (patch.acknowledgedAt !== undefined) row.acknowledged_at = patch.acknowledgedAt;
  if (patch.mitigatedAt !== undefined) row.mitigated_at = patch.mitigatedAt;
  if (patch.resolvedAt !== undefined) row.resolved_at = patch.resolvedAt;
  if (patch.reopened !== undefined) row.reopened = patch.reopened;
  return row;
}

/** Reads a timeline entry. */
export function rowToTimeline(row: Selectable<IncidentEventsTable>): TimelineEntry {
  const where = (column: string) => ({ table: 'incident_events', column, key: row.id });
  return {
    id: row.id,
    incidentId: row.incident_id,
    at: row.at,
    kind: known(z.enum(TIMELINE_KINDS), row.kind, 'incident_events', row.id, 'kind'),
    author: row.author,
    text: parseJsonColumn(localizedSchema, row.text, where('text')),
    details: parseNullableJsonColumn(jsonObjectSchema, row.details, where('details')),
  };
}

/** Reads a service's stored state. */
export function rowToServiceState(row: Selectable<ServiceStatesTable>) {
  return {
    serviceId: row.service_id,
    state: row.state,
    since: row.since,
    details: parseNullableJsonColumn(jsonObjectSchema, row.details, { table: 'service_states', column: 'details', key: row.service_id }),
    updatedAt: row.updated_at,
  };
}

/** Reads an API maintenance window. */
export function rowToWindow(row: Selectable<MaintenanceWindowsTable>) {
  return {
    id: row.id,
    definition: parseJsonColumn(jsonObjectSchema, row.definition, { table: 'maintenance_windows', column: 'definition', key: row.id }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
