/** @module Mapping between `monitor_state` rows and {@link MonitorState}. */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { MONITOR_STATES, RESULT_STATUSES } from '../core/states.js';
import type { MonitorState } from '../engine/monitor-state.js';
import { jsonObjectSchema, parseJsonColumn, parseNullableJsonColumn, recentChangesSchema } from './json-columns.js';
import type { MonitorStateTable } from './tables.js';

export const stateSchema = z.enum(MONITOR_STATES);
export const statusSchema = z.enum(RESULT_STATUSES).nullable();

type StateRow = Selectable<MonitorStateTable>;

/** Reads an enum column of a monitor_state row, naming the row and column when the value is unknown. */
export function parseEnum<T>(schema: z.ZodType<T>, value: unknown, monitorId: string, column: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`The ${column} column of monitor_state row ${monitorId} holds "${String(value)}", which is not a known value.`);
  return parsed.data;
}

/** Reads a stored state row. */
export function rowToState(row: StateRow): MonitorState {
  const where = { table: 'monitor_state', key: row.monitor_id };
  return {
    state: parseEnum(stateSchema, row.state, row.monitor_id, 'state'),
    since: row.since,
    pendingStatus: parseEnum(statusSchema, row.pending_status, row.monitor_id, 'pending_status'),
    pendingCount: row.pending_count,
    recentChanges: parseJsonColumn(recentChangesSchema, row.recent_changes, { ...where, column: 'recent_changes' }),
    flapping: row.flapping === 1,
    lastResultAt: row.last_result_at,
    lastStatus: parseEnum(statusSchema, row.last_status, row.monitor_id, 'last_status'),
    lastMessage: row.last_message,
    lastLatencyMs: row.last_latency_ms,
    lastDetails: parseNullableJsonColumn(jsonObjectSchema, row.last_details, { ...where, column: 'last_details' }),
  };
}

/** The row to store for a state. */
export function stateToRow(monitorId: string, state: MonitorState, now: number): StateRow {
  return {
    monitor_id: monitorId,
    state: state.state,
    since: state.since,
    pending_status: state.pendingStatus,
    pending_count: state.pendingCount,
    flapping: state.flapping ? 1 : 0,
    recent_changes: JSON.stringify(state.recentChanges),
    last_result_at: state.lastResultAt,
    last_status: state.lastStatus,
    last_message: state.lastMessage,
    last_latency_ms: state.lastLatencyMs,
    last_details: state.lastDetails === null ? null : JSON.stringify(state.lastDetails),
    updated_at: now,
  };
}

/** The columns an upsert overwrites (all but the key). */
export const STATE_UPDATE_COLUMNS = [
  'state',
  'since',
  'pending_status',
  'pending_count',
  'flapping',
  'recent_changes',
  'last_result_at',
  'last_status',
  'last_message',
  'last_latency_ms',
  'last_details',
  'updated_at',
] as const satisfies ReadonlyArray<keyof StateRow>;
