/**
 * @module The tables of migration `0009-changes` as Kysely sees them, and the mapping between
 * their rows and the change types. JSON columns and enumerated values are validated with zod
 * where read, so a row edited by hand fails with the table, row and column it is in.
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import { z } from 'zod';
import {
  CHANGE_KINDS,
  ROLLOUT_EVENT_KINDS,
  ROLLOUT_STATUSES,
  type Change,
  type ChangeDraft,
  type ChangeOrigin,
  type GuardVerdict,
  type Rollout,
  type RolloutDraft,
  type RolloutEvent,
  type RolloutEventDraft,
} from '../changes/changes.types.js';
import { jsonObjectSchema, parseJsonColumn, parseNullableJsonColumn, tagsSchema } from './json-columns.js';

type ChangesTable = {
  id: Generated<number>;
  summary: string;
  source: string | null;
  kind: string;
  external_ref: string | null;
  at: number;
  /** JSON array of `{ href, text? }`. */
  links: string;
  /** JSON object. */
  details: string;
  /** JSON `{ monitors, services, tags, hosts }`. */
  targets: string;
  origin: string;
  transition_id: number | null;
  rollout_id: string | null;
  ring: number | null;
  author: string;
  rolled_back_at: number | null;
  rolled_back_by: string | null;
  rollback_note: string | null;
  created_at: number;
};

/** The monitors a change names (`targets.monitors`), one row each, for exact filtering. */
type ChangeMonitorsTable = { monitor_id: string; change_id: number };

type RolloutsTable = {
  id: string;
  title: string;
  change_kind: string;
  external_ref: string | null;
  /** JSON array of rings. */
  rings: string;
  /** JSON guard conditions. */
  guard: string;
  status: string;
  author: string;
  created_at: number;
  updated_at: number;
};

type RolloutEventsTable = {
  id: Generated<number>;
  rollout_id: string;
  at: number;
  last_at: number;
  count: number;
  kind: string;
  ring: number | null;
  decision: string | null;
  /** JSON `{ en, fr }`. */
  text: string;
  /** JSON object or null. */
  details: string | null;
  author: string | null;
  /** Set on lines that a repeat merges into (same key as the newest line of the rollout). */
  merge_key: string | null;
};

/** The tables of migration `0009-changes`. */
export type ChangeTables = {
  changes: ChangesTable;
  change_monitors: ChangeMonitorsTable;
  rollouts: RolloutsTable;
  rollout_events: RolloutEventsTable;
};

const localizedSchema = z.object({ en: z.string(), fr: z.string() });
const linksSchema = z.array(z.object({ href: z.string(), text: z.string().optional() }));
const targetsSchema = z.object({ monitors: tagsSchema, services: tagsSchema, tags: tagsSchema, hosts: tagsSchema });
const ringsSchema = z.array(z.object({ name: z.string().nullable(), monitors: tagsSchema, services: tagsSchema, tags: tagsSchema, soakMs: z.number() }));
const guardSchema = z.object({ incidents: z.boolean(), crisis: z.boolean(), freezes: z.boolean(), services: tagsSchema });

const ORIGINS: readonly ChangeOrigin[] = ['api', 'check'];
const VERDICTS: readonly GuardVerdict[] = ['go', 'no-go'];

/** An enumerated column's value, or an error naming the table, row and column. */
function known<T extends string>(values: readonly T[], value: string, table: string, id: number | string, column: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new Error(`The ${column} column of ${table} row ${id} holds "${value}", which is not a known value (${values.join(', ')}).`);
}

const json = (value: unknown): string => JSON.stringify(value);

/** Reads a stored change. */
export function rowToChange(row: Selectable<ChangesTable>): Change {
  const where = (column: string) => ({ table: 'changes', column, key: row.id });
  return {
    id: row.id,
    summary: row.summary,
    source: row.source,
    kind: known(CHANGE_KINDS, row.kind, 'changes', row.id, 'kind'),
    externalRef: row.external_ref,
    at: row.at,
    links: parseJsonColumn(linksSchema, row.links, where('links')),
    details: parseJsonColumn(jsonObjectSchema, row.details, where('details')),
    targets: parseJsonColumn(targetsSchema, row.targets, where('targets')),
    origin: known(ORIGINS, row.origin, 'changes', row.id, 'origin'),
    transitionId: row.transition_id,
    rolloutId: row.rollout_id,
    ring: row.ring,
    author: row.author,
    rolledBackAt: row.rolled_back_at,
    rolledBackBy: row.rolled_back_by,
    rollbackNote: row.rollback_note,
    createdAt: row.created_at,
  };
}

/** The row to insert for a new change (not rolled back). */
export function changeToRow(draft: ChangeDraft, now: number): Insertable<ChangesTable> {
  return {
    summary: draft.summary,
    source: draft.source,
    kind: draft.kind,
    external_ref: draft.externalRef,
    at: draft.at,
    links: json(draft.links),
    details: json(draft.details),
    targets: json(draft.targets),
    origin: draft.origin,
    transition_id: draft.transitionId,
    rollout_id: draft.rolloutId,
    ring: draft.ring,
    author: draft.author,
    rolled_back_at: null,
    rolled_back_by: null,
    rollback_note: null,
    created_at: now,
  };
}

/** Reads a stored rollout. */
export function rowToRollout(row: Selectable<RolloutsTable>): Rollout {
  const where = (column: string) => ({ table: 'rollouts', column, key: row.id });
  return {
    id: row.id,
    title: row.title,
    changeKind: known(CHANGE_KINDS, row.change_kind, 'rollouts', row.id, 'change_kind'),
    externalRef: row.external_ref,
    rings: parseJsonColumn(ringsSchema, row.rings, where('rings')),
    guard: parseJsonColumn(guardSchema, row.guard, where('guard')),
    status: known(ROLLOUT_STATUSES, row.status, 'rollouts', row.id, 'status'),
    author: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The row to insert for a new rollout (active). */
export function rolloutToRow(draft: RolloutDraft, now: number): Insertable<RolloutsTable> {
  return {
    id: draft.id,
    title: draft.title,
    change_kind: draft.changeKind,
    external_ref: draft.externalRef,
    rings: json(draft.rings),
    guard: json(draft.guard),
    status: 'active',
    author: draft.author,
    created_at: now,
    updated_at: now,
  };
}

/** Reads a stored line of a rollout's timeline. */
export function rowToRolloutEvent(row: Selectable<RolloutEventsTable>): RolloutEvent {
  const where = (column: string) => ({ table: 'rollout_events', column, key: row.id });
  return {
    id: row.id,
    rolloutId: row.rollout_id,
    at: row.at,
    lastAt: row.last_at,
    count: row.count,
    kind: known(ROLLOUT_EVENT_KINDS, row.kind, 'rollout_events', row.id, 'kind'),
    ring: row.ring,
    decision: row.decision === null ? null : known(VERDICTS, row.decision, 'rollout_events', row.id, 'decision'),
    text: parseJsonColumn(localizedSchema, row.text, where('text')),
    details: parseNullableJsonColumn(jsonObjectSchema, row.details, where('details')),
    author: row.author,
  };
}

/** The row to insert for a new timeline line (seen once, at `event.at`). */
export function rolloutEventToRow(event: RolloutEventDraft, mergeKey: string | null): Insertable<RolloutEventsTable> {
  return {
    rollout_id: event.rolloutId,
    at: event.at,
    last_at: event.at,
    count: 1,
    kind: event.kind,
    ring: event.ring,
    decision: event.decision,
    text: json(event.text),
    details: event.details === null ? null : json(event.details),
    author: event.author,
    merge_key: mergeKey,
  };
}
