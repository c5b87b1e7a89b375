/** @module Monitors: stored definitions, soft-deleted to keep their history, listed with filters. */
import type { Expression, Kysely, Selectable, SqlBool } from 'kysely';
import { z } from 'zod';
import type { DialectSql } from './dialect-sql.js';
import { jsonObjectSchema, parseJsonColumn, tagsSchema } from './json-columns.js';
import { rowToState } from './state-row.js';
import type { MonitorFilter, MonitorRecord, MonitorRepository, MonitorSource, MonitorWithState, Page } from './store.js';
import type { Database, MonitorsTable } from './tables.js';

const sourceSchema = z.enum(['file', 'api']);

function toRecord(row: Selectable<MonitorsTable>): MonitorRecord {
  const where = { table: 'monitors', key: row.id };
  const source = sourceSchema.safeParse(row.source);
  if (!source.success) throw new Error(`The source column of monitors row ${row.id} holds "${row.source}"; expected "file" or "api".`);
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    source: source.data as MonitorSource,
    input: parseJsonColumn(jsonObjectSchema, row.definition, { ...where, column: 'definition' }),
    tags: parseJsonColumn(tagsSchema, row.tags, { ...where, column: 'tags' }),
    paused: row.paused === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Live monitors left-joined with their state, narrowed by the filter. */
function filtered(db: Kysely<Database>, filter: MonitorFilter, dialect: DialectSql) {
  return db
    .selectFrom('monitors')
    .leftJoin('monitor_state as ms', 'ms.monitor_id', 'monitors.id')
    .where('monitors.deleted_at', 'is', null)
    .where((eb) => {
      const conditions: Array<Expression<SqlBool>> = [];
      if (filter.type !== undefined) conditions.push(eb('monitors.type', '=', filter.type));
      if (filter.source !== undefined) conditions.push(eb('monitors.source', '=', filter.source));
      // Tags are a JSON array of strings, so the JSON-encoded tag matches one element exactly.
      if (filter.tag !== undefined) conditions.push(dialect.contains(eb.ref('monitors.tags'), JSON.stringify(filter.tag)));
      // A paused monitor reads as paused even before it has a state row.
      const effective = eb.case().when('monitors.paused', '=', 1).then(eb.val('paused')).else(eb.fn.coalesce('ms.state', eb.val('pending'))).end();
      if (filter.state !== undefined) conditions.push(eb(effective, '=', filter.state));
      return eb.and(conditions);
    });
}

/** The selected columns of a monitor and its state (`s_*`, all null before the first run). */
function withState(db: Kysely<Database>, filter: MonitorFilter, dialect: DialectSql) {
  return filtered(db, filter, dialect)
    .selectAll('monitors')
    .select([
      'ms.monitor_id as s_monitor_id',
      'ms.state as s_state',
      'ms.since as s_since',
      'ms.pending_status as s_pending_status',
      'ms.pending_count as s_pending_count',
      'ms.flapping as s_flapping',
      'ms.recent_changes as s_recent_changes',
      'ms.last_result_at as s_last_result_at',
      'ms.last_status as s_last_status',
      'ms.last_message as s_last_message',
      'ms.last_latency_ms as s_last_latency_ms',
      'ms.last_details as s_last_details',
      'ms.updated_at as s_updated_at',
    ]);
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof withState>['executeTakeFirstOrThrow']>>;

function toWithState(row: JoinedRow): MonitorWithState {
  const record = toRecord(row);
  if (row.s_monitor_id === null) return { ...record, state: null };
  const state = rowToState({
    monitor_id: row.s_monitor_id,
    state: row.s_state!,
    since: row.s_since,
    pending_status: row.s_pending_status,
    pending_count: row.s_pending_count!,
    flapping: row.s_flapping!,
    recent_changes: row.s_recent_changes!,
    last_result_at: row.s_last_result_at,
    last_status: row.s_last_status,
    last_message: row.s_last_message,
    last_latency_ms: row.s_last_latency_ms,
    last_details: row.s_last_details,
    updated_at: row.s_updated_at!,
  });
  return { ...record, state };
}

/** The monitors repository over a Kysely database. */
export function monitorsRepository(db: Kysely<Database>, dialect: DialectSql): MonitorRepository {
  return {
    async list(filter, page): Promise<Page<MonitorWithState>> {
      const rows = await withState(db, filter, dialect).orderBy('monitors.id').limit(page.limit).offset(page.offset).execute();
      const total = await filtered(db, filter, dialect)
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      return { items: rows.map(toWithState), total: Number(total.total) };
    },

    async all() {
      const rows = await db.selectFrom('monitors').selectAll().where('deleted_at', 'is', null).orderBy('id').execute();
      return rows.map(toRecord);
    },

    async get(id) {
      const row = await withState(db, {}, dialect).where('monitors.id', '=', id).executeTakeFirst();
      return row ? toWithState(row) : undefined;
    },

    async upsert(monitor, now) {
      const values = {
        name: monitor.name,
        type: monitor.type,
        source: monitor.source,
        definition: JSON.stringify(monitor.input),
        tags: JSON.stringify(monitor.tags),
        paused: monitor.paused ? 1 : 0,
        updated_at: now,
        deleted_at: null,
      };
      await db
        .insertInto('monitors')
        .values({ id: monitor.id, created_at: now, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },

    async remove(id, now) {
      const result = await db
        .updateTable('monitors')
        .set({ deleted_at: now, updated_at: now })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async setPaused(id, paused, now) {
      await db
        .updateTable('monitors')
        .set({ paused: paused ? 1 : 0, updated_at: now })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .execute();
    },
  };
}
