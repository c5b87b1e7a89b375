/** @module Mapping between `transitions` rows and {@link Transition}. */
import type { Insertable, Selectable } from 'kysely';
import { z } from 'zod';
import { MONITOR_STATES } from '../core/states.js';
import type { Transition, TransitionDraft } from '../engine/monitor-state.js';
import { jsonObjectSchema, parseNullableJsonColumn } from './json-columns.js';
import type { TransitionsTable } from './tables.js';

const kindSchema = z.enum(['state', 'event']);
const stateSchema = z.enum(MONITOR_STATES).nullable();

function known<T>(schema: z.ZodType<T>, value: unknown, id: number, column: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`The ${column} column of transitions row ${id} holds "${String(value)}", which is not a known value.`);
  return parsed.data;
}

/** Reads a stored transition. */
export function rowToTransition(row: Selectable<TransitionsTable>): Transition {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    at: row.at,
    kind: known(kindSchema, row.kind, row.id, 'kind'),
    fromState: known(stateSchema, row.from_state, row.id, 'from_state'),
    toState: known(stateSchema, row.to_state, row.id, 'to_state'),
    eventType: row.event_type,
    reason: row.reason,
    details: parseNullableJsonColumn(jsonObjectSchema, row.details, { table: 'transitions', column: 'details', key: row.id }),
  };
}

/** The row to insert for a draft. */
export function draftToRow(draft: TransitionDraft): Insertable<TransitionsTable> {
  return {
    monitor_id: draft.monitorId,
    at: draft.at,
    kind: draft.kind,
    from_state: draft.fromState,
    to_state: draft.toState,
    event_type: draft.eventType,
    reason: draft.reason,
    details: draft.details === null ? null : JSON.stringify(draft.details),
  };
}
